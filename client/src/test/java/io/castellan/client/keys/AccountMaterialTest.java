package io.castellan.client.keys;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.castellan.crypto.Aes256Gcm;
import io.castellan.crypto.EcKeys;
import io.castellan.model.error.CastellanException;
import io.castellan.model.error.ErrorCode;
import org.junit.jupiter.api.Test;

class AccountMaterialTest {

    @Test
    void materialOpensWithThePasswordAndHoldsAConsistentKeyPair() {
        char[] password = "s3cret master".toCharArray();
        AccountMaterial m = AccountMaterial.create(password, 1000);
        assertThat(password).containsOnly('\0');
        assertThat(m.salt()).hasSize(16);
        assertThat(m.iterations()).isEqualTo(1000);
        assertThat(m.publicKey()).hasSize(65).startsWith(4);
        assertThat(m.encryptedDataKey()).hasSize(32 + Aes256Gcm.OVERHEAD);

        try (DerivedKeys keys = AccountKeys.derive("s3cret master".toCharArray(), m.salt(), m.iterations())) {
            assertThat(keys.authHash()).isEqualTo(m.authHash());
            byte[] dataKey = keys.openDataKey(m.encryptedDataKey());
            assertThat(dataKey).hasSize(32);
            try (UserKeyring ring = UserKeyring.open(dataKey, m.encryptedPrivateKey(), m.publicKey())) {
                assertThat(EcKeys.rawPublicKey(EcKeys.publicKeyOf(ring.privateKey()))).isEqualTo(m.publicKey());
            }
        }
    }

    @Test
    void aWrongPasswordDoesNotOpenTheDataKey() {
        AccountMaterial m = AccountMaterial.create("right".toCharArray(), 1000);
        try (DerivedKeys keys = AccountKeys.derive("wrong".toCharArray(), m.salt(), m.iterations())) {
            assertThat(keys.authHash()).isNotEqualTo(m.authHash());
            assertThatThrownBy(() -> keys.openDataKey(m.encryptedDataKey()))
                    .isInstanceOfSatisfying(CastellanException.class,
                            e -> assertThat(e.code()).isEqualTo(ErrorCode.UNAUTHENTICATED));
        }
    }

    @Test
    void everyAccountGetsFreshSaltAndKeys() {
        AccountMaterial a = AccountMaterial.create("same".toCharArray(), 1000);
        AccountMaterial b = AccountMaterial.create("same".toCharArray(), 1000);
        assertThat(a.salt()).isNotEqualTo(b.salt());
        assertThat(a.authHash()).isNotEqualTo(b.authHash());
        assertThat(a.publicKey()).isNotEqualTo(b.publicKey());
    }

    @Test
    void aKeyringRefusesAPrivateKeyOfAnotherPair() {
        AccountMaterial a = AccountMaterial.create("pw".toCharArray(), 1000);
        AccountMaterial other = AccountMaterial.create("pw".toCharArray(), 1000);
        try (DerivedKeys keys = AccountKeys.derive("pw".toCharArray(), a.salt(), 1000)) {
            byte[] dataKey = keys.openDataKey(a.encryptedDataKey());
            assertThatThrownBy(() -> UserKeyring.open(dataKey, a.encryptedPrivateKey(), other.publicKey()))
                    .isInstanceOfSatisfying(CastellanException.class,
                            e -> assertThat(e.code()).isEqualTo(ErrorCode.UNAUTHENTICATED));
            assertThat(dataKey).as("the data key is wiped on failure").containsOnly(0);
        }
    }

    @Test
    void toStringAndWipeKeepTheAuthHashPrivate() {
        AccountMaterial m = AccountMaterial.create("pw".toCharArray(), 1000);
        assertThat(m.toString()).doesNotContain(java.util.Base64.getEncoder().encodeToString(m.authHash()));
        m.wipe();
        assertThat(m.authHash()).containsOnly(0);
    }
}
