package io.castellan.bench;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;

/**
 * The login KDF peer: the same PBKDF2-HMAC-SHA256 (same password bytes, salt, iteration count and output length) in
 * CPython's {@code hashlib.pbkdf2_hmac}, which calls OpenSSL's {@code PKCS5_PBKDF2_HMAC}. One python3 process runs
 * every repetition and times only the derivation ({@code time.perf_counter} around the call), so interpreter
 * start-up is not counted.
 */
final class PeerKdf {

    private static final String SCRIPT = String.join("\n",
            "import hashlib, sys, time",
            "pw = bytes.fromhex(sys.argv[1]); salt = bytes.fromhex(sys.argv[2])",
            "it = int(sys.argv[3]); n = int(sys.argv[4])",
            "for _ in range(n):",
            "    t = time.perf_counter()",
            "    k = hashlib.pbkdf2_hmac('sha256', pw, salt, it, 32)",
            "    print('%.6f %s' % (time.perf_counter() - t, k.hex()), flush=True)");

    /** Timings in milliseconds and the key the peer derived (to check both sides computed the same thing). */
    record Result(List<Double> millis, byte[] key) {
    }

    private PeerKdf() {
    }

    static Result run(byte[] password, byte[] salt, int iterations, int repetitions) throws IOException,
            InterruptedException {
        HexFormat hex = HexFormat.of();
        Process p = new ProcessBuilder("python3", "-c", SCRIPT, hex.formatHex(password), hex.formatHex(salt),
                Integer.toString(iterations), Integer.toString(repetitions)).redirectErrorStream(true).start();
        List<Double> millis = new ArrayList<>();
        byte[] key = null;
        StringBuilder output = new StringBuilder();
        try (BufferedReader in = new BufferedReader(new InputStreamReader(p.getInputStream(),
                StandardCharsets.UTF_8))) {
            for (String line; (line = in.readLine()) != null; ) {
                output.append(line).append('\n');
                String[] parts = line.trim().split(" ");
                if (parts.length == 2) {
                    try {
                        millis.add(Double.parseDouble(parts[0]) * 1000);
                        key = hex.parseHex(parts[1]);
                    } catch (IllegalArgumentException notOurs) {
                        // not a result line
                    }
                }
            }
        }
        int exit = p.waitFor();
        if (exit != 0 || millis.size() != repetitions) {
            throw new IOException("python3 PBKDF2 peer failed (exit " + exit + "): " + output.toString().strip());
        }
        return new Result(millis, key);
    }
}
