package io.castellan.crypto.fuzz;

import io.castellan.testkit.fuzz.FuzzBudget;
import io.castellan.testkit.fuzz.Mutations;
import io.castellan.testkit.fuzz.Outcome;
import io.castellan.testkit.fuzz.Printable;
import static org.assertj.core.api.Assertions.assertThat;

import io.castellan.crypto.CryptoException;
import io.castellan.crypto.EcKeys;
import io.castellan.crypto.EcdsaDer;
import io.castellan.crypto.Signatures;
import java.io.ByteArrayOutputStream;
import java.math.BigInteger;
import java.security.KeyPair;
import java.security.interfaces.ECPrivateKey;
import java.security.interfaces.ECPublicKey;
import java.util.Arrays;
import java.util.List;
import java.util.SplittableRandom;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.ShrinkingMode;
import net.jqwik.api.lifecycle.AddLifecycleHook;

/**
 * The DER → P1363 ECDSA signature parser ({@link EcdsaDer}), the first thing that reads a device's
 * {@code Authorization} header: random bytes, structured near-DER (every tag, length form, integer sign and padding,
 * scalar edge values), and edits of real signatures. It either refuses with a {@link CryptoException}, or the input
 * was the one canonical DER of the 64 bytes it returns ({@code toDer(toP1363(der)) == der}) with both scalars in
 * [1, n−1]; {@link Signatures#verifyDer} never throws on any of them.
 */
@AddLifecycleHook(FuzzBudget.class)
class EcdsaDerFuzzTest {

    private static final BigInteger N =
            new BigInteger("FFFFFFFF00000000FFFFFFFFFFFFFFFFBCE6FAADA7179E84F3B9CAC2FC632551", 16);
    private static final KeyPair KEYS = EcKeys.generateKeyPair();
    private static final byte[] MESSAGE = "castellan fuzz".getBytes(java.nio.charset.StandardCharsets.US_ASCII);
    private static final List<byte[]> SIGNATURES = java.util.stream.IntStream.range(0, 16)
            .mapToObj(i -> Signatures.signDer((ECPrivateKey) KEYS.getPrivate(), MESSAGE)).toList();
    private static final int BATCH = 50;

    @Property
    @FuzzBudget.Tries(4_000)
    void randomBytes(@ForAll("shortBytes") byte[] der) {
        check(der);
        verifyNeverThrows(der);
    }

    @Property
    @FuzzBudget.Tries(4_000)
    void editedSignatures(@ForAll("edited") byte[] der) {
        check(der);
        verifyNeverThrows(der);
    }

    /** Bulk: {@value #BATCH} structured near-DER inputs per try. */
    @Property(shrinking = ShrinkingMode.OFF)
    @FuzzBudget.Tries(6_000)
    void bulkStructuredDer(@ForAll long seed) {
        SplittableRandom random = new SplittableRandom(seed);
        for (int i = 0; i < BATCH; i++) {
            byte[] der = structured(random);
            if (random.nextInt(3) == 0) {
                der = Mutations.random(random, der, 2);
            }
            check(der);
        }
        FuzzBudget.inputs(BATCH);
    }

    /** P1363 → DER for any 64 bytes: refused when a scalar is out of range, else parsed back to the same bytes. */
    @Property
    @FuzzBudget.Tries(5_000)
    void p1363ToDerRoundTrips(@ForAll("p1363") byte[] p1363) {
        Outcome.of(p1363, () -> EcdsaDer.toDer(p1363), CryptoException.class)
                .ifPresent(der -> assertThat(EcdsaDer.toP1363(der)).isEqualTo(p1363));
    }

    private static void check(byte[] der) {
        Outcome.of(der, () -> EcdsaDer.toP1363(der), CryptoException.class).ifPresent(p1363 -> {
            Outcome.require(p1363.length == EcdsaDer.P1363_LENGTH, () -> "not 64 bytes from " + Printable.of(der));
            BigInteger r = new BigInteger(1, Arrays.copyOf(p1363, 32));
            BigInteger s = new BigInteger(1, Arrays.copyOfRange(p1363, 32, 64));
            Outcome.require(r.signum() > 0 && r.compareTo(N) < 0 && s.signum() > 0 && s.compareTo(N) < 0,
                    () -> "a scalar out of range accepted: " + Printable.of(der));
            Outcome.require(Arrays.equals(EcdsaDer.toDer(p1363), der),
                    () -> "accepted non-canonical DER " + Printable.of(der));
        });
    }

    private static void verifyNeverThrows(byte[] der) {
        Outcome.of(der, () -> Signatures.verifyDer((ECPublicKey) KEYS.getPublic(), MESSAGE, der),
                RuntimeException.class, e -> {
                    throw new AssertionError("verifyDer threw on " + Printable.of(der), e);
                });
    }

    /** SEQUENCE { INTEGER, INTEGER } with every part possibly wrong. */
    static byte[] structured(SplittableRandom random) {
        ByteArrayOutputStream content = new ByteArrayOutputStream();
        int integers = random.nextInt(8) == 0 ? random.nextInt(4) : 2;
        for (int i = 0; i < integers; i++) {
            byte[] value = scalar(random);
            content.write(random.nextInt(16) == 0 ? random.nextInt(256) : 0x02);
            writeLength(content, value.length, random);
            content.writeBytes(value);
        }
        if (random.nextInt(16) == 0) {
            content.write(random.nextInt(256));
        }
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        out.write(random.nextInt(16) == 0 ? random.nextInt(256) : 0x30);
        writeLength(out, content.size(), random);
        out.writeBytes(content.toByteArray());
        if (random.nextInt(16) == 0) {
            out.write(random.nextInt(256));
        }
        return out.toByteArray();
    }

    private static void writeLength(ByteArrayOutputStream out, int length, SplittableRandom random) {
        switch (random.nextInt(12)) {
            case 0 -> out.write(length + (random.nextBoolean() ? 1 : -1)); // off by one
            case 1 -> {
                out.write(0x81); // long form, forbidden here
                out.write(length);
            }
            case 2 -> out.write(0x80); // indefinite
            case 3 -> out.write(random.nextInt(256));
            default -> out.write(length);
        }
    }

    private static byte[] scalar(SplittableRandom random) {
        BigInteger value = switch (random.nextInt(10)) {
            case 0 -> BigInteger.ZERO;
            case 1 -> BigInteger.ONE;
            case 2 -> N.subtract(BigInteger.ONE);
            case 3 -> N;
            case 4 -> N.add(BigInteger.ONE);
            case 5 -> BigInteger.TWO.pow(256).subtract(BigInteger.ONE);
            case 6 -> BigInteger.valueOf(random.nextLong()).abs();
            default -> new BigInteger(1 + random.nextInt(264), new java.util.Random(random.nextLong()));
        };
        byte[] minimal = value.toByteArray();
        return switch (random.nextInt(10)) {
            case 0 -> concat(new byte[] {0}, minimal); // superfluous leading zero
            case 1 -> minimal.length > 1 && minimal[0] == 0 ? Arrays.copyOfRange(minimal, 1, minimal.length)
                    : minimal; // drop the sign byte: reads as negative
            case 2 -> value.negate().toByteArray();
            case 3 -> new byte[0];
            default -> minimal;
        };
    }

    private static byte[] concat(byte[] a, byte[] b) {
        byte[] out = Arrays.copyOf(a, a.length + b.length);
        System.arraycopy(b, 0, out, a.length, b.length);
        return out;
    }

    @Provide
    Arbitrary<byte[]> shortBytes() {
        return Arbitraries.bytes().array(byte[].class).ofMaxSize(80);
    }

    @Provide
    Arbitrary<byte[]> edited() {
        return Mutations.of(Arbitraries.of(SIGNATURES), 4);
    }

    @Provide
    Arbitrary<byte[]> p1363() {
        Arbitrary<byte[]> random = Arbitraries.bytes().array(byte[].class).ofSize(64);
        Arbitrary<byte[]> edges = Arbitraries.of(new byte[64], filled(0xff), withScalars(N, BigInteger.ONE),
                withScalars(N.subtract(BigInteger.ONE), N.subtract(BigInteger.ONE)), withScalars(BigInteger.ONE,
                        BigInteger.ZERO), withScalars(BigInteger.ONE, BigInteger.ONE));
        return Arbitraries.oneOf(random, edges, Mutations.of(edges, 2).filter(b -> b.length == 64));
    }

    private static byte[] filled(int value) {
        byte[] out = new byte[64];
        Arrays.fill(out, (byte) value);
        return out;
    }

    private static byte[] withScalars(BigInteger r, BigInteger s) {
        byte[] out = new byte[64];
        byte[] rb = r.toByteArray();
        byte[] sb = s.toByteArray();
        int rl = Math.min(32, rb.length);
        int sl = Math.min(32, sb.length);
        System.arraycopy(rb, rb.length - rl, out, 32 - rl, rl);
        System.arraycopy(sb, sb.length - sl, out, 64 - sl, sl);
        return out;
    }
}
