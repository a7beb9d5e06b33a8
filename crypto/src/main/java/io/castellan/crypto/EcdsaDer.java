package io.castellan.crypto;

import java.math.BigInteger;

/**
 * Converts ECDSA P-256 signatures between ASN.1 DER ({@code SEQUENCE { INTEGER r, INTEGER s }}) and
 * IEEE P1363 ({@code r ‖ s}, 32 bytes each).
 *
 * <p>The DER side is a small hostile-input parser, not a general ASN.1 library. It accepts exactly
 * the canonical encoding and rejects, with {@link CryptoException}:
 * <ul>
 *   <li>wrong tags, indefinite or long-form lengths (every P-256 signature has content ≤ 70 bytes,
 *       so DER demands the short form), lengths that overrun the input, trailing bytes inside or
 *       after the SEQUENCE;</li>
 *   <li>negative integers, non-minimal integers (superfluous leading zero), integers longer than
 *       33 bytes, and r or s outside [1, n−1].</li>
 * </ul>
 */
public final class EcdsaDer {

    /** Length of a P1363 P-256 signature. */
    public static final int P1363_LENGTH = 2 * P256.FIELD_LENGTH;

    private static final int SEQUENCE = 0x30;
    private static final int INTEGER = 0x02;
    private static final int MAX_INTEGER_LENGTH = P256.FIELD_LENGTH + 1;
    private static final int MAX_DER_LENGTH = 2 + 2 * (2 + MAX_INTEGER_LENGTH);

    private EcdsaDer() {
    }

    /** DER → 64-byte {@code r ‖ s}. */
    public static byte[] toP1363(byte[] der) {
        if (der == null || der.length > MAX_DER_LENGTH) {
            throw invalid();
        }
        Cursor cursor = new Cursor(der);
        cursor.expectTag(SEQUENCE);
        if (cursor.readLength() != cursor.remaining()) {
            throw invalid();
        }
        BigInteger r = cursor.readScalar();
        BigInteger s = cursor.readScalar();
        if (cursor.remaining() != 0) {
            throw invalid();
        }
        byte[] out = new byte[P1363_LENGTH];
        System.arraycopy(P256.toFixed(r), 0, out, 0, P256.FIELD_LENGTH);
        System.arraycopy(P256.toFixed(s), 0, out, P256.FIELD_LENGTH, P256.FIELD_LENGTH);
        return out;
    }

    /** 64-byte {@code r ‖ s} → canonical DER. */
    public static byte[] toDer(byte[] p1363) {
        if (p1363 == null || p1363.length != P1363_LENGTH) {
            throw new CryptoException("P1363 P-256 signature must be " + P1363_LENGTH + " bytes");
        }
        byte[] r = scalarBytes(new BigInteger(1, p1363, 0, P256.FIELD_LENGTH));
        byte[] s = scalarBytes(new BigInteger(1, p1363, P256.FIELD_LENGTH, P256.FIELD_LENGTH));
        int contentLength = 2 + r.length + 2 + s.length;
        byte[] out = new byte[2 + contentLength];
        out[0] = SEQUENCE;
        out[1] = (byte) contentLength;
        out[2] = INTEGER;
        out[3] = (byte) r.length;
        System.arraycopy(r, 0, out, 4, r.length);
        out[4 + r.length] = INTEGER;
        out[5 + r.length] = (byte) s.length;
        System.arraycopy(s, 0, out, 6 + r.length, s.length);
        return out;
    }

    /** Minimal two's-complement bytes of a scalar in [1, n−1]. */
    private static byte[] scalarBytes(BigInteger value) {
        if (!inRange(value)) {
            throw new CryptoException("signature component out of range");
        }
        return value.toByteArray();
    }

    private static boolean inRange(BigInteger value) {
        return value.signum() > 0 && value.compareTo(P256.N) < 0;
    }

    private static CryptoException invalid() {
        return new CryptoException("malformed DER ECDSA signature");
    }

    /** Bounds-checked reader over the DER bytes. */
    private static final class Cursor {
        private final byte[] data;
        private int position;

        Cursor(byte[] data) {
            this.data = data;
        }

        int remaining() {
            return data.length - position;
        }

        int next() {
            if (position >= data.length) {
                throw invalid();
            }
            return data[position++] & 0xFF;
        }

        void expectTag(int tag) {
            if (next() != tag) {
                throw invalid();
            }
        }

        /** Short-form length only (bit 8 clear); must not overrun the input. */
        int readLength() {
            int length = next();
            if ((length & 0x80) != 0 || length > remaining()) {
                throw invalid();
            }
            return length;
        }

        BigInteger readScalar() {
            expectTag(INTEGER);
            int length = readLength();
            if (length == 0 || length > MAX_INTEGER_LENGTH) {
                throw invalid();
            }
            int first = data[position] & 0xFF;
            if ((first & 0x80) != 0) {
                throw invalid(); // negative
            }
            if (first == 0 && (length == 1 || (data[position + 1] & 0x80) == 0)) {
                throw invalid(); // zero, or non-minimal leading zero
            }
            BigInteger value = new BigInteger(1, data, position, length);
            position += length;
            if (!inRange(value)) {
                throw invalid();
            }
            return value;
        }
    }
}
