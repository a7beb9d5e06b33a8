package io.castellan.store;

/** What an application grant gives: one record, or a shared folder with its records; stored lower case. */
public enum AppGrantKind {
    RECORD,
    FOLDER
}
