package io.castellan.cli.audit;

import io.castellan.model.error.CastellanException;
import io.castellan.model.error.ErrorCode;
import java.io.Console;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Optional;

/**
 * Reads a secret for a sink or alert (a token, an Authorization header, an SMTP password, a webhook URL with its
 * embedded key) from an environment variable, the first line of a file, or a prompt without echo, so it need not
 * appear in the shell history or the process list. A value given as {@code env:VAR} or {@code file:PATH} reads the
 * same way.
 */
final class SecretInput {

    private SecretInput() {
    }

    /** {@code value} as given, or read from {@code env:VAR} / {@code file:PATH}. */
    static String resolve(String option, String value) {
        if (value.startsWith("env:")) {
            return fromEnv(option, value.substring(4));
        }
        if (value.startsWith("file:")) {
            return fromFile(option, Path.of(value.substring(5)));
        }
        return value;
    }

    /**
     * The secret from {@code envVar} or {@code file}, else a prompt when {@code prompt} is not null and there is a
     * terminal; empty when nothing was given and no prompt applies.
     */
    static Optional<String> read(String option, String envVar, Path file, String prompt) {
        if (envVar != null) {
            return Optional.of(fromEnv(option + "-env", envVar));
        }
        if (file != null) {
            return Optional.of(fromFile(option + "-file", file));
        }
        if (prompt == null) {
            return Optional.empty();
        }
        Console console = System.console();
        if (console == null) {
            throw new CastellanException(ErrorCode.BAD_REQUEST, option + ": not given; use " + option
                    + "-env VAR or " + option + "-file FILE (or run on a terminal to be prompted)");
        }
        char[] typed = console.readPassword("%s: ", prompt);
        if (typed == null || typed.length == 0) {
            throw new CastellanException(ErrorCode.BAD_REQUEST, option + ": nothing was typed");
        }
        return Optional.of(new String(typed));
    }

    private static String fromEnv(String option, String name) {
        String value = System.getenv(name);
        if (value == null || value.isEmpty()) {
            throw new CastellanException(ErrorCode.BAD_REQUEST, option + ": the environment variable " + name
                    + " is not set");
        }
        return value;
    }

    private static String fromFile(String option, Path file) {
        try {
            String value = Files.readString(file, StandardCharsets.UTF_8).lines().findFirst().orElse("").strip();
            if (value.isEmpty()) {
                throw new CastellanException(ErrorCode.BAD_REQUEST, option + ": " + file + " is empty");
            }
            return value;
        } catch (IOException e) {
            throw new CastellanException(ErrorCode.BAD_REQUEST, option + ": cannot read " + file);
        }
    }
}
