package io.castellan.crypto;

import static io.castellan.crypto.Hex.bytes;
import static io.castellan.crypto.Hex.repeat;
import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

/** RFC 4231 HMAC-SHA-256 / HMAC-SHA-512 test cases 1 and 2. */
class HmacsTest {

    @Test
    void rfc4231TestCase1() {
        byte[] key = repeat(0x0b, 20);
        byte[] data = "Hi There".getBytes(StandardCharsets.US_ASCII);
        assertThat(Hmacs.hmacSha256(key, data))
                .isEqualTo(bytes("b0344c61d8db38535ca8afceaf0bf12b881dc200c9833da726e9376c2e32cff7"));
        assertThat(Hmacs.hmacSha512(key, data)).isEqualTo(bytes(
                "87aa7cdea5ef619d4ff0b4241a1d6cb02379f4e2ce4ec2787ad0b30545e17cde"
                        + "daa833b7d6b8a702038b274eaea3f4e4be9d914eeb61f1702e696c203a126854"));
    }

    @Test
    void rfc4231TestCase2() {
        byte[] key = "Jefe".getBytes(StandardCharsets.US_ASCII);
        byte[] data = "what do ya want for nothing?".getBytes(StandardCharsets.US_ASCII);
        assertThat(Hmacs.hmacSha256(key, data))
                .isEqualTo(bytes("5bdcc146bf60754e6a042426089575c75a003f089d2739839dec58b964ec3843"));
        assertThat(Hmacs.hmacSha512(key, data)).isEqualTo(bytes(
                "164b7a7bfcf819e2e395fbe73b56e0a387bd64222e831fd610270cd7ea250554"
                        + "9758bf75c05a994a6d034f65f8f0e6fdcaeab1a34d4a6b4b636e070a38bce737"));
    }
}
