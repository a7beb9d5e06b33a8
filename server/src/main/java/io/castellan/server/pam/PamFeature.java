package io.castellan.server.pam;

import java.util.Locale;
import java.util.Optional;

/** The features a PAM configuration allows ("parental controls"); wire names are the lower-case enum names. */
public enum PamFeature {
    ROTATION,
    CONNECTIONS,
    REMOTE_BROWSER_ISOLATION,
    TUNNELING,
    GRAPHICAL_RECORDING,
    TEXT_RECORDING;

    /** @return the wire and storage name, e.g. {@code remote_browser_isolation} */
    public String wireName() {
        return name().toLowerCase(Locale.ROOT);
    }

    /** The feature of a wire name, if there is one. */
    public static Optional<PamFeature> fromWire(String wire) {
        for (PamFeature f : values()) {
            if (f.wireName().equals(wire)) {
                return Optional.of(f);
            }
        }
        return Optional.empty();
    }
}
