package io.castellan.client.crypto;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.castellan.client.keys.AccountKeys;
import io.castellan.client.keys.AccountMaterial;
import io.castellan.client.keys.DerivedKeys;
import io.castellan.client.keys.UserKeyring;
import io.castellan.crypto.Aes256Cbc;
import io.castellan.crypto.CastellanRandom;
import io.castellan.crypto.CryptoException;
import io.castellan.crypto.Ecies;
import io.castellan.model.error.CastellanException;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

class KeyWrapTest {

    private UserKeyring alice;
    private UserKeyring bob;

    @BeforeEach
    void keyrings() {
        alice = keyring("alice");
        bob = keyring("bob");
    }

    @AfterEach
    void close() {
        alice.close();
        bob.close();
    }

    @Test
    void dataKeyWrappingRoundTripsForTheOwnerOnly() {
        byte[] key = CastellanRandom.bytes(32);
        byte[] wrapped = KeyWrap.withDataKey(alice, key);
        assertThat(wrapped).hasSize(60);
        assertThat(KeyWrap.unwrap(wrapped, KeyType.DATA_KEY, alice, null)).isEqualTo(key);
        assertThatThrownBy(() -> KeyWrap.unwrap(wrapped, KeyType.DATA_KEY, bob, null))
                .isInstanceOf(CryptoException.class);
    }

    @Test
    void folderKeyWrappingRoundTripsWithTheFolderKey() {
        byte[] folderKey = CastellanRandom.bytes(32);
        byte[] key = CastellanRandom.bytes(32);
        byte[] wrapped = KeyWrap.withFolderKey(folderKey, key);
        assertThat(KeyWrap.unwrap(wrapped, KeyType.FOLDER_KEY, bob, folderKey)).isEqualTo(key);
        assertThatThrownBy(() -> KeyWrap.unwrap(wrapped, KeyType.FOLDER_KEY, bob, CastellanRandom.bytes(32)))
                .isInstanceOf(CryptoException.class);
        assertThatThrownBy(() -> KeyWrap.unwrap(wrapped, KeyType.FOLDER_KEY, bob, null))
                .isInstanceOf(CryptoException.class);
    }

    @Test
    void aFolderInsideASharedFolderIsInKeepersCbcForm() {
        byte[] sharedKey = CastellanRandom.bytes(32);
        byte[] key = CastellanRandom.bytes(32);
        byte[] wrapped = KeyWrap.withSharedFolderKeyCbc(sharedKey, key);
        assertThat(wrapped).as("iv(16) + two blocks: what the server and the SDKs expect").hasSize(64);
        assertThat(Aes256Cbc.decrypt(sharedKey, wrapped)).isEqualTo(key);
        assertThat(KeyWrap.unwrap(wrapped, KeyType.SHARED_FOLDER_KEY, bob, sharedKey)).isEqualTo(key);
        assertThatThrownBy(() -> KeyWrap.unwrap(wrapped, KeyType.SHARED_FOLDER_KEY, bob, null))
                .isInstanceOf(CryptoException.class);

        byte[] name = FolderCrypto.encryptNameCbc("Prod \u00e9", key);
        assertThat(new String(Aes256Cbc.decrypt(key, name), StandardCharsets.UTF_8))
                .isEqualTo("{\"name\":\"Prod \u00e9\"}");
        assertThat(FolderCrypto.decryptNameCbc(name, key)).isEqualTo("Prod \u00e9");
        assertThatThrownBy(() -> FolderCrypto.decryptNameCbc(name, sharedKey))
                .isInstanceOf(CastellanException.class).hasMessageContaining("does not decrypt");
        assertThat(KeyType.fromWire("shared_folder_key")).isEqualTo(KeyType.SHARED_FOLDER_KEY);
    }

    @Test
    void publicKeySealingOpensOnlyWithTheRecipientsPrivateKey() {
        byte[] key = CastellanRandom.bytes(32);
        byte[] sealed = KeyWrap.toPublicKey(bob.publicKey(), key);
        assertThat(sealed).hasSize(32 + Ecies.OVERHEAD);
        assertThat(KeyWrap.unwrap(sealed, KeyType.PUBLIC_KEY, bob, null)).isEqualTo(key);
        assertThatThrownBy(() -> KeyWrap.unwrap(sealed, KeyType.PUBLIC_KEY, alice, null))
                .isInstanceOf(CryptoException.class);
    }

    @Test
    void keyTypesUseTheWireNamesOfTheContract() {
        assertThat(KeyType.DATA_KEY.wire()).isEqualTo("data_key");
        assertThat(KeyType.FOLDER_KEY.wire()).isEqualTo("folder_key");
        assertThat(KeyType.PUBLIC_KEY.wire()).isEqualTo("public_key");
        assertThat(KeyType.fromWire("folder_key")).isEqualTo(KeyType.FOLDER_KEY);
        assertThat(KeyType.fromWire("team_key")).isEqualTo(KeyType.TEAM_KEY);
        assertThatThrownBy(() -> KeyType.fromWire("enterprise_tree_key")).hasMessageContaining("unknown key type");
    }

    static UserKeyring keyring(String password) {
        AccountMaterial m = AccountMaterial.create(password.toCharArray(), 1000);
        try (DerivedKeys keys = AccountKeys.derive(password.toCharArray(), m.salt(), 1000)) {
            return UserKeyring.open(keys.openDataKey(m.encryptedDataKey()), m.encryptedPrivateKey(), m.publicKey());
        }
    }
}
