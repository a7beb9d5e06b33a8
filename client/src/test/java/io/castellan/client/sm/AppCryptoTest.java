package io.castellan.client.sm;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.castellan.client.crypto.KeyType;
import io.castellan.crypto.Aes256Gcm;
import io.castellan.crypto.CastellanRandom;
import io.castellan.crypto.CryptoException;
import io.castellan.crypto.SecretBytes;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

class AppCryptoTest {

    @Test
    void appDataRoundTripsAndIsPaddedToKeepersLength() {
        try (SecretBytes key = AppCrypto.newAppKey()) {
            byte[] data = AppCrypto.encryptData("Infra ✓", key.bytes());
            assertThat(data).hasSize(AppCrypto.APP_DATA_PADDED_LENGTH + Aes256Gcm.OVERHEAD);
            String json = new String(Aes256Gcm.decrypt(key.bytes(), data), StandardCharsets.UTF_8);
            assertThat(json).startsWith("{\"title\":\"Infra ✓\",\"type\":\"app\"}").endsWith("   ");
            assertThat(AppCrypto.decryptData(data, key.bytes())).isEqualTo(new AppData("Infra ✓", "app"));
        }
    }

    @Test
    void aLongNameIsNotCutAndAWrongKeyDoesNotOpen() {
        try (SecretBytes key = AppCrypto.newAppKey(); SecretBytes other = AppCrypto.newAppKey()) {
            String name = "n".repeat(500);
            byte[] data = AppCrypto.encryptData(name, key.bytes());
            assertThat(AppCrypto.decryptData(data, key.bytes()).title()).isEqualTo(name);
            assertThatThrownBy(() -> AppCrypto.decryptData(data, other.bytes())).isInstanceOf(CryptoException.class);
        }
    }

    @Test
    void dataThatIsNotAnApplicationIsRefused() {
        byte[] key = CastellanRandom.bytes(32);
        byte[] notJson = Aes256Gcm.encrypt(key, "hello".getBytes(StandardCharsets.UTF_8));
        assertThatThrownBy(() -> AppCrypto.decryptData(notJson, key)).isInstanceOf(CryptoException.class);
        byte[] noTitle = Aes256Gcm.encrypt(key, "{\"type\":\"app\"}".getBytes(StandardCharsets.UTF_8));
        assertThatThrownBy(() -> AppCrypto.decryptData(noTitle, key)).isInstanceOf(CryptoException.class);
    }

    @Test
    void grantAndClientKeysAreAesGcmUnderTheRightKey() {
        byte[] appKey = CastellanRandom.bytes(32);
        byte[] recordKey = CastellanRandom.bytes(32);
        byte[] clientKey = CastellanRandom.bytes(32);
        assertThat(Aes256Gcm.decrypt(appKey, AppCrypto.wrapGrantKey(appKey, recordKey))).isEqualTo(recordKey);
        assertThat(Aes256Gcm.decrypt(clientKey, AppCrypto.encryptAppKeyForClient(clientKey, appKey)))
                .isEqualTo(appKey);
    }

    @Test
    void anAppKeyIsNeverWrappedWithAFolderKey() {
        assertThatThrownBy(() -> AppCrypto.unwrapAppKey(new byte[60], KeyType.FOLDER_KEY, null))
                .isInstanceOf(CryptoException.class);
    }
}
