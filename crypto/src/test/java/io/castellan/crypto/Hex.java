package io.castellan.crypto;

import java.util.HexFormat;

/** Test helper: hex strings (spaces allowed) to bytes and back. */
final class Hex {
    private Hex() {
    }

    static byte[] bytes(String hex) {
        return HexFormat.of().parseHex(hex.replace(" ", ""));
    }

    static String hex(byte[] data) {
        return HexFormat.of().formatHex(data);
    }

    static byte[] range(int from, int toInclusive) {
        byte[] out = new byte[toInclusive - from + 1];
        for (int i = 0; i < out.length; i++) {
            out[i] = (byte) (from + i);
        }
        return out;
    }

    static byte[] repeat(int value, int count) {
        byte[] out = new byte[count];
        java.util.Arrays.fill(out, (byte) value);
        return out;
    }
}
