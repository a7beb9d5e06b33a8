package io.castellan.store;

import java.nio.charset.StandardCharsets;
import java.time.Instant;

/**
 * A signed statement by the server that event {@code seq} of the audit chain had hash {@code headHash}.
 *
 * @param keyId     the server transmission key that signed
 * @param publicKey that key's raw uncompressed P-256 point, URL-safe base64 without padding
 * @param signature ECDSA (SHA-256) over {@link #message()}, DER, standard base64
 */
public record AuditCheckpoint(long seq, String headHash, Instant signedAt, int keyId, String publicKey,
        String signature) {

    private static final String FORMAT = "castellan-audit-checkpoint/1";

    public AuditCheckpoint {
        signedAt = Instant.ofEpochMilli(signedAt.toEpochMilli());
    }

    /** The bytes signed: what binds the sequence number, the head hash and the time together. */
    public byte[] message() {
        return message(seq, headHash, signedAt);
    }

    /** The bytes a checkpoint of {@code seq} at {@code headHash}, signed at {@code signedAt}, signs. */
    public static byte[] message(long seq, String headHash, Instant signedAt) {
        return (FORMAT + "\n" + seq + "\n" + headHash + "\n" + signedAt.toEpochMilli())
                .getBytes(StandardCharsets.UTF_8);
    }
}
