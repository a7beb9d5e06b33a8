package io.castellan.crypto;

import com.amazon.corretto.crypto.provider.AmazonCorrettoCryptoProvider;
import java.security.Provider;
import java.security.Security;
import java.util.Locale;

/**
 * Which JCA provider does Castellan's public-key and symmetric work. Every algorithm is asked for by name through JCA
 * ({@code KeyAgreement.getInstance("ECDH")}, ...), so this only decides whose implementation answers.
 *
 * <p>By default ({@code auto}) the Amazon Corretto Crypto Provider (AWS-LC underneath) is put first when its native
 * library loads and passes its self-tests: P-256 ECDH, ECDSA, AES-GCM and HMAC run several times faster there than in
 * the JDK's Java implementations (measured here: ECDH 0.05 ms against 0.56 ms, ECDSA verify 0.05 against 0.40 ms),
 * and every request of the device and user APIs does ECIES and ECDSA. Where it cannot load (another CPU
 * architecture, a {@code noexec} temporary directory) the JDK's providers serve, unchanged; {@code jdk} keeps them
 * on purpose. Deployables call {@link #install()} once, first thing in {@code main}, and log {@link #active()}.
 */
public final class CryptoProviders {

    /** The environment variable that chooses: {@code auto} (default), {@code accp} (required) or {@code jdk}. */
    public static final String ENVIRONMENT = "CASTELLAN_CRYPTO_PROVIDER";

    private static volatile String active = "JDK";

    private CryptoProviders() {
    }

    /** Installs the preferred provider as {@code CASTELLAN_CRYPTO_PROVIDER} says; idempotent. */
    public static synchronized String install() {
        return install(System.getenv(ENVIRONMENT));
    }

    /**
     * @param choice {@code auto}, {@code accp} or {@code jdk} ({@code null} or blank = {@code auto})
     * @return a one-line description of the provider now first for Castellan's algorithms
     * @throws IllegalStateException when {@code accp} is required and cannot load, or the choice is unknown
     */
    public static synchronized String install(String choice) {
        String c = choice == null || choice.isBlank() ? "auto" : choice.strip().toLowerCase(Locale.ROOT);
        switch (c) {
            case "jdk" -> {
                return active;
            }
            case "auto", "accp" -> {
                Throwable failure = tryNative();
                if (failure != null && c.equals("accp")) {
                    throw new IllegalStateException(ENVIRONMENT + "=accp but the Amazon Corretto Crypto Provider"
                            + " is not usable here: " + failure.getClass().getSimpleName());
                }
                return active;
            }
            default -> throw new IllegalStateException(ENVIRONMENT + " must be auto, accp or jdk");
        }
    }

    /** @return the provider serving Castellan's algorithms, e.g. {@code "AmazonCorrettoCryptoProvider 2.5"} */
    public static String active() {
        return active;
    }

    private static Throwable tryNative() {
        try {
            Provider accp = AmazonCorrettoCryptoProvider.INSTANCE;
            Throwable load = AmazonCorrettoCryptoProvider.INSTANCE.getLoadingError();
            if (load != null) {
                return load;
            }
            AmazonCorrettoCryptoProvider.INSTANCE.assertHealthy();
            if (Security.getProviders()[0] != accp) {
                AmazonCorrettoCryptoProvider.install();
            }
            active = accp.getName() + " " + accp.getVersionStr();
            return null;
        } catch (RuntimeException | LinkageError e) {
            return e;
        }
    }
}
