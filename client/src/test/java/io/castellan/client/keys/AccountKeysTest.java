package io.castellan.client.keys;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.HexFormat;
import org.junit.jupiter.api.Test;

class AccountKeysTest {

    // Pinned vectors, computed once with Python's hashlib.pbkdf2_hmac and a hand-written RFC 5869 HKDF:
    // password "correct horse battery staple é€" (UTF-8), salt 00..0f, 1000 iterations.
    private static final String PASSWORD = "correct horse battery staple \u00e9\u20ac";
    private static final byte[] SALT = HexFormat.of().parseHex("000102030405060708090a0b0c0d0e0f");
    private static final String MASTER_KEY = "84ef2b9fbeea9485301929930cec2ed7c5c72f583803a22e8c51345ba7eeeb86";
    private static final String AUTH_HASH = "06248544fecd6fd19e71779fe4a9531adc67ca5708922261406a4e59fc0adc73";
    private static final String WRAP_KEY = "a3ce6e2788bcf9d557643f3fbfd006bdc3caec7ce110ac57972571f9973da1a8";

    @Test
    void masterKeyMatchesTheFixedVector() {
        assertThat(HexFormat.of().formatHex(AccountKeys.masterKey(PASSWORD.toCharArray(), SALT, 1000)))
                .isEqualTo(MASTER_KEY);
    }

    @Test
    void authHashAndWrapKeyMatchTheFixedVectors() {
        try (DerivedKeys keys = AccountKeys.derive(PASSWORD.toCharArray(), SALT, 1000)) {
            assertThat(HexFormat.of().formatHex(keys.authHash())).isEqualTo(AUTH_HASH);
            assertThat(HexFormat.of().formatHex(keys.wrapKey())).isEqualTo(WRAP_KEY);
        }
    }

    @Test
    void subKeysUseTheDocumentedInfoStrings() {
        byte[] master = HexFormat.of().parseHex(MASTER_KEY);
        assertThat(HexFormat.of().formatHex(AccountKeys.authHash(master))).isEqualTo(AUTH_HASH);
        assertThat(HexFormat.of().formatHex(AccountKeys.wrapKey(master))).isEqualTo(WRAP_KEY);
    }

    @Test
    void samePasswordAndSaltGiveTheSameAuthHash() {
        for (String password : new String[] {"a", "hunter2", "pässwörd with spaces", "x".repeat(300)}) {
            for (int s = 0; s < 3; s++) {
                byte[] salt = new byte[16];
                salt[0] = (byte) s;
                assertThat(authHash(password, salt)).isEqualTo(authHash(password, salt));
            }
        }
    }

    @Test
    void differentPasswordOrSaltGivesADifferentAuthHash() {
        byte[] otherSalt = SALT.clone();
        otherSalt[15] ^= 1;
        byte[] reference = authHash(PASSWORD, SALT);
        assertThat(authHash(PASSWORD + "!", SALT)).isNotEqualTo(reference);
        assertThat(authHash(PASSWORD.substring(1), SALT)).isNotEqualTo(reference);
        assertThat(authHash(PASSWORD, otherSalt)).isNotEqualTo(reference);
        try (DerivedKeys keys = AccountKeys.derive(PASSWORD.toCharArray(), SALT, 1001)) {
            assertThat(keys.authHash()).isNotEqualTo(reference);
        }
    }

    @Test
    void authHashIsIndependentOfTheWrapKey() {
        try (DerivedKeys keys = AccountKeys.derive(PASSWORD.toCharArray(), SALT, 1000)) {
            assertThat(keys.authHash()).isNotEqualTo(keys.wrapKey());
        }
    }

    @Test
    void deriveWipesThePasswordAndCloseWipesTheKeys() {
        char[] password = PASSWORD.toCharArray();
        DerivedKeys keys = AccountKeys.derive(password, SALT, 1000);
        byte[] auth = keys.authHash();
        assertThat(password).containsOnly('\0');
        keys.close();
        assertThat(auth).containsOnly(0);
        assertThatThrownBy(keys::authHash).isInstanceOf(IllegalStateException.class);
    }

    @Test
    void refusesASaltOfTheWrongLength() {
        assertThatThrownBy(() -> AccountKeys.derive("x".toCharArray(), new byte[15], 1000))
                .isInstanceOf(IllegalArgumentException.class);
    }

    private static byte[] authHash(String password, byte[] salt) {
        try (DerivedKeys keys = AccountKeys.derive(password.toCharArray(), salt, 1000)) {
            return keys.authHash().clone();
        }
    }
}
