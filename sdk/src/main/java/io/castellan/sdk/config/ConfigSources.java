package io.castellan.sdk.config;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.Map;
import java.util.Objects;

/**
 * The places a device configuration comes from, as Keeper's SDKs and the gateway accept it: JSON or base64 of JSON
 * given as text, a file holding either, or an environment variable holding either (the container form, e.g.
 * {@code GATEWAY_CONFIG} or {@code KSM_CONFIG}). Errors name the source, never its content.
 */
public final class ConfigSources {

    /** Largest configuration file read (a real one is well under 4 KiB). */
    static final long MAX_FILE_BYTES = 64 * 1024;

    private ConfigSources() {
    }

    /** @param jsonOrBase64 the configuration as JSON or base64 of JSON */
    public static ClientConfig fromText(String jsonOrBase64) {
        return ClientConfigCodec.parse(jsonOrBase64);
    }

    /** @param file a file holding JSON or base64 of JSON */
    public static ClientConfig fromFile(Path file) {
        Objects.requireNonNull(file, "file");
        try {
            if (Files.size(file) > MAX_FILE_BYTES) {
                throw new InvalidClientConfigException("the configuration file " + file + " is larger than "
                        + MAX_FILE_BYTES + " bytes");
            }
            return ClientConfigCodec.parse(Files.readString(file, StandardCharsets.UTF_8));
        } catch (NoSuchFileException e) {
            throw new InvalidClientConfigException("the configuration file " + file + " does not exist");
        } catch (IOException e) {
            throw new InvalidClientConfigException("cannot read the configuration file " + file);
        }
    }

    /** @param variable the name of an environment variable holding JSON or base64 of JSON */
    public static ClientConfig fromEnvironment(String variable) {
        return fromEnvironment(variable, System.getenv());
    }

    /**
     * @param variable the variable's name
     * @param environment the environment to read (tests pass their own)
     * @return the configuration
     */
    public static ClientConfig fromEnvironment(String variable, Map<String, String> environment) {
        String value = environment.get(Objects.requireNonNull(variable, "variable"));
        if (value == null || value.isBlank()) {
            throw new InvalidClientConfigException("the environment variable " + variable + " is not set");
        }
        try {
            return ClientConfigCodec.parse(value);
        } catch (InvalidClientConfigException e) {
            throw new InvalidClientConfigException("the environment variable " + variable + ": " + e.getMessage());
        }
    }
}
