package io.castellan.crypto.fuzz;

import io.castellan.testkit.fuzz.FuzzBudget;
import io.castellan.testkit.fuzz.Mutations;
import io.castellan.testkit.fuzz.Outcome;
import io.castellan.testkit.fuzz.Printable;
import static org.assertj.core.api.Assertions.assertThat;

import io.castellan.crypto.Aes256Gcm;
import io.castellan.crypto.CastellanRandom;
import io.castellan.crypto.CryptoException;
import io.castellan.crypto.EcKeys;
import io.castellan.crypto.Ecies;
import java.security.KeyPair;
import java.security.interfaces.ECPrivateKey;
import java.security.interfaces.ECPublicKey;
import java.util.Arrays;
import java.util.List;
import java.util.stream.IntStream;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.lifecycle.AddLifecycleHook;

/**
 * What the envelope does with a {@code TransmissionKey} header and a device's {@code publicKey} once they are base64
 * decoded: {@link Ecies#open} and {@link EcKeys#publicKeyFromRaw} on edits of real values and on random bytes. Either
 * a {@link CryptoException}, or (ECIES) the edit left the blob intact and it opens to the sealed key, or (points) the
 * bytes are exactly the encoding of the point returned. Few tries: every open costs an ECDH.
 */
@AddLifecycleHook(FuzzBudget.class)
class EciesFuzzTest {

    private static final KeyPair SERVER = EcKeys.generateKeyPair();
    private static final byte[] TK = CastellanRandom.bytes(32);
    private static final List<byte[]> SEALED = IntStream.range(0, 8)
            .mapToObj(i -> Ecies.seal((ECPublicKey) SERVER.getPublic(), TK)).toList();
    private static final List<byte[]> POINTS = IntStream.range(0, 8)
            .mapToObj(i -> EcKeys.rawPublicKey((ECPublicKey) EcKeys.generateKeyPair().getPublic())).toList();

    @Property
    @FuzzBudget.Tries(3_000)
    void sealedTransmissionKeys(@ForAll("sealed") byte[] blob) {
        Outcome.of(blob, () -> Ecies.open((ECPrivateKey) SERVER.getPrivate(), blob), CryptoException.class)
                .ifPresent(tk -> {
                    assertThat(SEALED).as("an edited blob opened: %s", Printable.of(blob))
                            .anySatisfy(original -> assertThat(original).isEqualTo(blob));
                    assertThat(tk).isEqualTo(TK);
                });
    }

    @Property
    @FuzzBudget.Tries(5_000)
    void rawPublicKeys(@ForAll("points") byte[] raw) {
        Outcome.of(raw, () -> EcKeys.publicKeyFromRaw(raw), CryptoException.class)
                .ifPresent(key -> assertThat(EcKeys.rawPublicKey(key)).isEqualTo(raw));
    }

    @Property
    @FuzzBudget.Tries(5_000)
    void gcmBodies(@ForAll("gcm") byte[] blob) {
        Outcome.of(blob, () -> Aes256Gcm.decrypt(TK, blob), CryptoException.class)
                .ifPresent(plain -> assertThat(blob).as("an edited GCM blob decrypted").isEqualTo(GCM));
    }

    private static final byte[] GCM = Aes256Gcm.encrypt(TK, "{\"ts\":1}".getBytes(java.nio.charset.StandardCharsets.UTF_8));

    @Provide
    Arbitrary<byte[]> sealed() {
        return Arbitraries.oneOf(Mutations.of(Arbitraries.of(SEALED), 3),
                Arbitraries.bytes().array(byte[].class).ofMinSize(0).ofMaxSize(200));
    }

    @Provide
    Arbitrary<byte[]> points() {
        Arbitrary<byte[]> edges = Arbitraries.of(new byte[65], prefixed((byte) 4, new byte[64]), prefixed((byte) 2,
                Arrays.copyOf(POINTS.get(0), 33)), Arrays.copyOf(POINTS.get(1), 64));
        return Arbitraries.oneOf(Mutations.of(Arbitraries.of(POINTS), 2), edges,
                Arbitraries.bytes().array(byte[].class).ofSize(65));
    }

    @Provide
    Arbitrary<byte[]> gcm() {
        return Arbitraries.oneOf(Mutations.of(Arbitraries.just(GCM), 3),
                Arbitraries.bytes().array(byte[].class).ofMaxSize(64));
    }

    private static byte[] prefixed(byte first, byte[] rest) {
        byte[] out = new byte[rest.length + 1];
        out[0] = first;
        System.arraycopy(rest, 0, out, 1, rest.length);
        return out;
    }
}
