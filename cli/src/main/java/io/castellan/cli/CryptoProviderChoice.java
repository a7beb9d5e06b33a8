package io.castellan.cli;

import io.castellan.crypto.CryptoProviders;

/** Installs the crypto provider {@code CASTELLAN_CRYPTO_PROVIDER} asks for, before any command runs. */
final class CryptoProviderChoice {

    private CryptoProviderChoice() {
    }

    /** @return false (after saying why on standard error) when the choice is invalid or cannot be honoured */
    static boolean install() {
        try {
            CryptoProviders.install();
            return true;
        } catch (IllegalStateException e) {
            System.err.println("castellan: " + e.getMessage());
            return false;
        }
    }
}
