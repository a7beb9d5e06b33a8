package io.castellan.cli.support;

import io.castellan.crypto.ConstantTime;
import io.castellan.crypto.Wipe;
import io.castellan.model.error.CastellanException;
import io.castellan.model.error.ErrorCode;
import java.io.Console;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.CharBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.function.Function;
import java.util.function.Supplier;

/**
 * Gets the master password without it ever being a command-line argument (argv is visible to every user through
 * {@code ps} and lands in shell history). In order: {@code --password-file FILE} (first line), the environment
 * variable {@value #ENV}, then an interactive prompt without echo. Without any of them the command fails.
 */
public final class PasswordReader {

    /** The environment variable holding the password for scripts. */
    public static final String ENV = "CASTELLAN_PASSWORD";

    private final Function<String, String> env;
    private final Supplier<Console> console;

    /**
     * @param env environment lookup
     * @param console the interactive console, or a supplier of {@code null} when there is none
     */
    public PasswordReader(Function<String, String> env, Supplier<Console> console) {
        this.env = env;
        this.console = console;
    }

    /** @return a reader over the real environment and console */
    public static PasswordReader system() {
        return new PasswordReader(System::getenv, System::console);
    }

    /**
     * @param file a password file, or {@code null}
     * @param prompt the prompt for the interactive case
     * @param confirm whether to prompt twice (choosing a new password)
     * @return the password; the caller wipes it
     */
    public char[] read(Path file, String prompt, boolean confirm) {
        if (file != null) {
            return fromFile(file);
        }
        String fromEnv = env.apply(ENV);
        if (fromEnv != null && !fromEnv.isEmpty()) {
            return fromEnv.toCharArray();
        }
        Console c = console.get();
        if (c == null) {
            throw new CastellanException(ErrorCode.BAD_REQUEST, "no password given: set " + ENV
                    + ", use --password-file FILE, or run in a terminal");
        }
        char[] password = c.readPassword("%s", prompt);
        if (password == null || password.length == 0) {
            throw new CastellanException(ErrorCode.BAD_REQUEST, "no password entered");
        }
        if (confirm) {
            char[] again = c.readPassword("%s", "Repeat the password: ");
            try {
                if (!ConstantTime.equals(password, again)) {
                    Wipe.wipe(password);
                    throw new CastellanException(ErrorCode.BAD_REQUEST, "the two passwords differ");
                }
            } finally {
                Wipe.wipe(again);
            }
        }
        return password;
    }

    /** @return a line typed at the console (e.g. a TOTP code), or {@code null} without a console */
    public String readLine(String prompt) {
        Console c = console.get();
        if (c == null) {
            return null;
        }
        String line = c.readLine("%s", prompt);
        return line == null ? null : line.strip();
    }

    private static char[] fromFile(Path file) {
        byte[] bytes = null;
        CharBuffer chars = null;
        try {
            bytes = Files.readAllBytes(file);
            chars = StandardCharsets.UTF_8.newDecoder().onMalformedInput(CodingErrorAction.REPORT)
                    .onUnmappableCharacter(CodingErrorAction.REPORT).decode(ByteBuffer.wrap(bytes));
            int end = 0;
            while (end < chars.limit() && chars.get(end) != '\n' && chars.get(end) != '\r') {
                end++;
            }
            if (end == 0) {
                throw new CastellanException(ErrorCode.BAD_REQUEST, "the password file " + file
                        + " is empty (the password is its first line)");
            }
            char[] password = new char[end];
            chars.get(0, password);
            return password;
        } catch (CharacterCodingException e) {
            throw new CastellanException(ErrorCode.BAD_REQUEST, "the password file " + file + " is not UTF-8 text");
        } catch (IOException e) {
            throw new CastellanException(ErrorCode.BAD_REQUEST, "cannot read the password file " + file);
        } finally {
            Wipe.wipe(bytes);
            if (chars != null && chars.hasArray()) {
                Arrays.fill(chars.array(), '\0');
            }
        }
    }
}
