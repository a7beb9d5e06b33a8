package io.castellan.rotators.password;

/** The fixed character classes of generated passwords. */
final class CharacterClasses {

    static final String UPPER = "ABCDEFGHIJKLMNOPQRSTUVWXYZ";
    static final String LOWER = "abcdefghijklmnopqrstuvwxyz";
    static final String DIGITS = "0123456789";

    private CharacterClasses() {
    }
}
