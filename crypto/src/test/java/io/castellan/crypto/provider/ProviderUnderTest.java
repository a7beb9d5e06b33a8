package io.castellan.crypto.provider;

import io.castellan.crypto.CryptoProviders;
import org.junit.platform.launcher.LauncherSession;
import org.junit.platform.launcher.LauncherSessionListener;

/**
 * Runs the whole crypto suite (vectors, tamper tests, the Keeper SDK cross-checks, the fuzz properties) under the
 * provider the deployables use: the module's second Surefire execution sets {@code castellan.test.crypto-provider=accp}
 * and this listener installs it before any test class loads. Without the property (the first execution) nothing
 * changes and the JDK's providers serve.
 */
public final class ProviderUnderTest implements LauncherSessionListener {

    @Override
    public void launcherSessionOpened(LauncherSession session) {
        String choice = System.getProperty("castellan.test.crypto-provider");
        if (choice != null && !choice.isBlank()) {
            System.out.println("crypto tests run with " + CryptoProviders.install(choice));
        }
    }
}
