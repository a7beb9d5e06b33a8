package io.castellan.crypto;

import static io.castellan.crypto.Hex.bytes;
import static io.castellan.crypto.Hex.range;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.charset.StandardCharsets;
import javax.crypto.SecretKeyFactory;
import javax.crypto.spec.PBEKeySpec;
import org.junit.jupiter.api.Test;

class Pbkdf2Test {

    private static final byte[] SALT16 = range(0, 15);

    @Test
    void rfc7914Section11VectorOne() {
        byte[] dk = Pbkdf2.deriveUnchecked(ascii("passwd"), ascii("salt"), 1, 64);
        assertThat(dk).isEqualTo(bytes(
                "55ac046e56e3089fec1691c22544b605f94185216dde0465e68b9d57c20dacbc"
                        + "49ca9cccf179b645991664b39d77ef317c71b845b1e30bd509112041d3a19783"));
    }

    @Test
    void rfc7914Section11VectorTwo() {
        byte[] dk = Pbkdf2.deriveUnchecked(ascii("Password"), ascii("NaCl"), 80_000, 64);
        assertThat(dk).isEqualTo(bytes(
                "4ddcd8f60b98be21830cee5ef22701f9641a4418d04c0414aeff08876b34ab56"
                        + "a1d425a1225833549adb841b51c9b3176a272bdebba1d078478f62b397f33c8d"));
    }

    @Test
    void defaultIterationsMatchPrecomputedValue() {
        // Expected value computed independently with Python hashlib.pbkdf2_hmac('sha256', ..., 1_000_000, 32).
        assertThat(Pbkdf2.DEFAULT_ITERATIONS).isEqualTo(1_000_000);
        char[] password = "correct horse battery staple".toCharArray();
        assertThat(Pbkdf2.deriveKey(password, SALT16))
                .isEqualTo(bytes("203fa71df7621c4855d3087a8187165d6d47525d148bb6462b87ced1ca4ed4b2"));
        assertThat(password).isEqualTo("correct horse battery staple".toCharArray()); // caller's array untouched
    }

    @Test
    void charPasswordsAreUtf8AndMatchJcaFactory() throws Exception {
        char[] password = "pässwörd €𝄞 密码".toCharArray();
        SecretKeyFactory factory = SecretKeyFactory.getInstance("PBKDF2WithHmacSHA256");
        byte[] jca = factory.generateSecret(new PBEKeySpec(password, SALT16, 2000, 40 * 8)).getEncoded();
        assertThat(Pbkdf2.deriveKey(password, SALT16, 2000, 40)).isEqualTo(jca);
        assertThat(Pbkdf2.deriveKey(new String(password).getBytes(StandardCharsets.UTF_8), SALT16, 2000, 40))
                .isEqualTo(jca);
    }

    @Test
    void inputsChangeOutput() {
        byte[] base = Pbkdf2.deriveKey(ascii("password"), SALT16, 10, 32);
        assertThat(Pbkdf2.deriveKey(ascii("passwore"), SALT16, 10, 32)).isNotEqualTo(base);
        assertThat(Pbkdf2.deriveKey(ascii("password"), range(1, 16), 10, 32)).isNotEqualTo(base);
        assertThat(Pbkdf2.deriveKey(ascii("password"), SALT16, 11, 32)).isNotEqualTo(base);
    }

    @Test
    void rejectsBadParameters() {
        assertThatThrownBy(() -> Pbkdf2.deriveKey(ascii("pw"), SALT16, 0, 32))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("iterations");
        assertThatThrownBy(() -> Pbkdf2.deriveKey(ascii("pw"), range(0, 14), 1, 32))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("salt");
        assertThatThrownBy(() -> Pbkdf2.deriveKey(ascii("pw"), null, 1, 32))
                .isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> Pbkdf2.deriveKey(new byte[0], SALT16, 1, 32))
                .isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> Pbkdf2.deriveKey((char[]) null, SALT16, 1, 32))
                .isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> Pbkdf2.deriveKey(ascii("pw"), SALT16, 1, 0))
                .isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> Pbkdf2.deriveKey(new char[] {'a', '\uD800'}, SALT16, 1, 32))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("surrogate");
    }

    private static byte[] ascii(String s) {
        return s.getBytes(StandardCharsets.US_ASCII);
    }
}
