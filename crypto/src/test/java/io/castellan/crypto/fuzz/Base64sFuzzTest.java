package io.castellan.crypto.fuzz;

import io.castellan.testkit.fuzz.FuzzBudget;
import io.castellan.testkit.fuzz.Mutations;
import io.castellan.testkit.fuzz.Outcome;
import io.castellan.testkit.fuzz.Printable;
import static org.assertj.core.api.Assertions.assertThat;

import io.castellan.crypto.Base64s;
import io.castellan.crypto.CryptoException;
import io.castellan.crypto.Uids;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.SplittableRandom;
import java.util.function.Function;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.ShrinkingMode;
import net.jqwik.api.lifecycle.AddLifecycleHook;

/**
 * Strict base64 decoding ({@link Base64s}) on hostile text: random strings over both alphabets, padding and junk, and
 * mutations of valid encodings. Decoding either fails with a {@link CryptoException} whose message does not echo the
 * input, or the input was exactly the canonical encoding (padded or not) of what it decoded to; UIDs are exactly the
 * canonical 22-character web-safe encodings of 16 bytes.
 */
@AddLifecycleHook(FuzzBudget.class)
class Base64sFuzzTest {

    private static final Base64.Encoder STD = Base64.getEncoder();
    private static final Base64.Encoder URL = Base64.getUrlEncoder();
    private static final String BOTH_ALPHABETS = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/-_";
    private static final int BATCH = 50;

    @Property
    @FuzzBudget.Tries(10_000)
    void standardDecodingAcceptsOnlyCanonicalText(@ForAll("base64ish") String text) {
        check(text, Base64s::decode, STD);
    }

    @Property
    @FuzzBudget.Tries(10_000)
    void webSafeDecodingAcceptsOnlyCanonicalText(@ForAll("base64ish") String text) {
        check(text, Base64s::decodeWebSafe, URL);
    }

    /** Bulk: {@value #BATCH} generated texts per try, each through both decoders and the UID check. */
    @Property(shrinking = ShrinkingMode.OFF)
    @FuzzBudget.Tries(5_000)
    void bulkDecoding(@ForAll long seed) {
        SplittableRandom random = new SplittableRandom(seed);
        for (int i = 0; i < BATCH; i++) {
            String text = generate(random);
            check(text, Base64s::decode, STD);
            check(text, Base64s::decodeWebSafe, URL);
            boolean uid = Uids.isValid(text);
            Outcome.require(uid == (text.length() == Uids.LENGTH && canonicalUnpadded(text)),
                    () -> "Uids.isValid is " + uid + " for " + Printable.of(text));
            Outcome.require(!uid || Base64s.decodeWebSafe(text).length == Uids.BYTES,
                    () -> "a valid UID is not 16 bytes: " + Printable.of(text));
        }
        FuzzBudget.inputs(BATCH);
    }

    @Property
    @FuzzBudget.Tries(5_000)
    void encodingsRoundTrip(@ForAll byte[] data) {
        assertThat(Base64s.decode(Base64s.encode(data))).isEqualTo(data);
        assertThat(Base64s.decodeWebSafe(Base64s.encodeWebSafe(data))).isEqualTo(data);
        assertThat(Base64s.decodeWebSafe(URL.encodeToString(data))).isEqualTo(data);
        assertThat(Base64s.decode(STD.withoutPadding().encodeToString(data))).isEqualTo(data);
    }

    private static boolean canonicalUnpadded(String text) {
        try {
            return URL.withoutPadding().encodeToString(Base64.getUrlDecoder().decode(text)).equals(text);
        } catch (IllegalArgumentException e) {
            return false;
        }
    }

    private static void check(String text, Function<String, byte[]> decode, Base64.Encoder encoder) {
        Outcome.of(text, () -> decode.apply(text), CryptoException.class, e -> Outcome.require(
                e.getMessage().startsWith("invalid ") && (text.length() < 4 || !e.getMessage().contains(text)),
                () -> "the refusal of " + Printable.of(text) + " says: " + e.getMessage()))
                .ifPresent(decoded -> Outcome.require(text.equals(encoder.encodeToString(decoded))
                        || text.equals(encoder.withoutPadding().encodeToString(decoded)),
                        () -> "accepted non-canonical base64 " + Printable.of(text)));
    }

    /** A text from the bulk generator: alphabet soup, valid encodings (both alphabets, padded or not), edits of them. */
    static String generate(SplittableRandom random) {
        switch (random.nextInt(6)) {
            case 0: {
                StringBuilder s = new StringBuilder();
                int length = random.nextInt(40);
                for (int i = 0; i < length; i++) {
                    s.append((BOTH_ALPHABETS + "=").charAt(random.nextInt(BOTH_ALPHABETS.length() + 1)));
                }
                return s.toString();
            }
            case 1: {
                StringBuilder s = new StringBuilder();
                int length = random.nextInt(12);
                for (int i = 0; i < length; i++) {
                    s.append((char) random.nextInt(random.nextBoolean() ? 128 : 0x3000));
                }
                return s.toString();
            }
            default: {
                byte[] data = new byte[random.nextInt(random.nextInt(8) == 0 ? 200 : 34)];
                random.nextBytes(data);
                Base64.Encoder encoder = random.nextBoolean() ? STD : URL;
                String valid = random.nextBoolean() ? encoder.encodeToString(data)
                        : encoder.withoutPadding().encodeToString(data);
                if (random.nextInt(4) == 0) {
                    return valid;
                }
                byte[] mutated = Mutations.random(random, valid.getBytes(StandardCharsets.ISO_8859_1), 3);
                return new String(mutated, StandardCharsets.ISO_8859_1);
            }
        }
    }

    @Provide
    Arbitrary<String> base64ish() {
        Arbitrary<String> alphabet = Arbitraries.strings().withChars(BOTH_ALPHABETS + "=").ofMaxLength(64);
        Arbitrary<String> junk = Arbitraries.strings().withChars("AQgw+/-_= \t\r\n%.!\u00e9\u0000").ofMaxLength(16);
        Arbitrary<String> anyText = Arbitraries.strings().all().ofMaxLength(32);
        Arbitrary<byte[]> valid = Arbitraries.bytes().array(byte[].class).ofMaxSize(48)
                .flatMap(b -> Arbitraries.of(STD.encodeToString(b), URL.encodeToString(b),
                        STD.withoutPadding().encodeToString(b), URL.withoutPadding().encodeToString(b)))
                .map(s -> s.getBytes(StandardCharsets.ISO_8859_1));
        Arbitrary<String> mutated = Mutations.of(valid, 3).map(b -> new String(b, StandardCharsets.ISO_8859_1));
        Arbitrary<String> padded = Arbitraries.strings().withChars(BOTH_ALPHABETS).ofMaxLength(24)
                .flatMap(s -> Arbitraries.of(s + "=", s + "==", s + "===", "=" + s, s + "=A", s + " ", " " + s));
        return Arbitraries.oneOf(alphabet, junk, anyText, mutated, mutated, padded);
    }
}
