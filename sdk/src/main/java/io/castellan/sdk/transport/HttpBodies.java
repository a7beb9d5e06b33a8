package io.castellan.sdk.transport;

import io.castellan.model.error.CastellanException;
import io.castellan.model.error.ErrorCode;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;

/** Reads response bodies with an upper bound, so a hostile or broken server cannot exhaust the device's memory. */
final class HttpBodies {

    private HttpBodies() {
    }

    /**
     * @param in the body (closed here)
     * @param maxBytes the largest body accepted
     * @param what what the body is, for the error, e.g. {@code "get_secret response"}
     * @return the body
     */
    static byte[] read(InputStream in, long maxBytes, String what) throws IOException {
        try (in) {
            ByteArrayOutputStream out = new ByteArrayOutputStream();
            byte[] buffer = new byte[16 * 1024];
            long total = 0;
            int n;
            while ((n = in.read(buffer)) != -1) {
                total += n;
                if (total > maxBytes) {
                    throw new CastellanException(ErrorCode.PAYLOAD_TOO_LARGE,
                            what + " is larger than the limit of " + maxBytes + " bytes");
                }
                out.write(buffer, 0, n);
            }
            return out.toByteArray();
        }
    }
}
