package io.castellan.store;

/** What kind of Secrets Manager client a device row is; stored as {@code 'device'} or {@code 'gateway'}. */
public enum DeviceKind {
    DEVICE,
    GATEWAY
}
