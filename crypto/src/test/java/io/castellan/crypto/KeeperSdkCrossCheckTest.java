package io.castellan.crypto;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.keepersecurity.secretsManager.core.CryptoUtils;
import com.keepersecurity.secretsManager.core.InMemoryStorage;
import com.keepersecurity.secretsManager.core.SecretsManager;
import java.nio.charset.StandardCharsets;
import java.security.KeyPair;
import java.security.PublicKey;
import java.security.Signature;
import java.security.interfaces.ECPrivateKey;
import java.security.interfaces.ECPublicKey;
import java.util.Arrays;
import org.junit.jupiter.api.Test;

/**
 * Byte-compatibility with the real Keeper Secrets Manager Java SDK 17.0.0
 * ({@code com.keepersecurity.secretsManager.core.CryptoUtils}, compiled from {@code CryptoUtils.kt};
 * the jar's JVM class is {@code CryptoUtils}, not {@code CryptoUtilsKt}). Full-arity functions
 * are called; the {@code boolean} argument of {@code encrypt}/{@code decrypt} is {@code useCBC}.
 *
 * <p>The SDK has no signature-verification function, so our signatures are verified with a plain
 * JCA {@link Signature} over the public key produced by the SDK's own {@code importPublicKey}.
 */
class KeeperSdkCrossCheckTest {

    private static final byte[] PAYLOAD =
            "{\"clientVersion\":\"mj17.0.0\",\"clientId\":\"abc\"}".getBytes(StandardCharsets.UTF_8);

    private final KeyPair ours = EcKeys.generateKeyPair();
    private final ECPrivateKey ourPrivate = (ECPrivateKey) ours.getPrivate();
    private final ECPublicKey ourPublic = (ECPublicKey) ours.getPublic();

    @Test
    void sdkPublicEncryptIsOpenedByOurEcies() {
        byte[] transmissionKey = CastellanRandom.bytes(32);
        byte[] sealed = CryptoUtils.publicEncrypt(transmissionKey, EcKeys.rawPublicKey(ourPublic));
        assertThat(sealed).hasSize(125);
        assertThat(Ecies.open(ourPrivate, sealed)).isEqualTo(transmissionKey);
        sealed[100] ^= 1;
        assertThatThrownBy(() -> Ecies.open(ourPrivate, sealed)).isInstanceOf(CryptoException.class);
    }

    @Test
    void ourEciesSealIsOpenedBySdkPrivateDecrypt() {
        KeyPair sdk = CryptoUtils.generateKeyPair();
        byte[] sdkPkcs8 = sdk.getPrivate().getEncoded();
        byte[] sdkRaw = CryptoUtils.extractPublicRaw(sdk.getPublic());
        byte[] recordKey = CastellanRandom.bytes(32);
        byte[] sealed = Ecies.seal(sdkRaw, recordKey);
        assertThat(CryptoUtils.privateDecrypt(sealed, sdkPkcs8)).isEqualTo(recordKey);
    }

    @Test
    void eciesSymmetricKeyMatchesSdk() {
        KeyPair sdk = CryptoUtils.generateKeyPair();
        byte[] sdkKey = CryptoUtils.getEciesSymmetricKey(sdk.getPrivate(), ourPublic);
        byte[] ourKey = Ecies.sharedKey(ourPrivate, EcKeys.publicKeyFromRaw(CryptoUtils.extractPublicRaw(sdk.getPublic())));
        assertThat(ourKey).hasSize(32).isEqualTo(sdkKey);
    }

    @Test
    void sdkSignaturesVerifyWithOurCode() {
        byte[] signature = CryptoUtils.sign(PAYLOAD, EcKeys.pkcs8(ourPrivate));
        assertThat(Signatures.verifyDer(ourPublic, PAYLOAD, signature)).isTrue();
        assertThat(Signatures.verifyP1363(ourPublic, PAYLOAD, EcdsaDer.toP1363(signature))).isTrue();
        assertThat(EcdsaDer.toDer(EcdsaDer.toP1363(signature))).isEqualTo(signature);
        assertThat(Signatures.verifyDer(ourPublic, "tampered".getBytes(StandardCharsets.UTF_8), signature)).isFalse();
    }

    @Test
    void ourSignaturesVerifyAgainstSdkImportedPublicKey() throws Exception {
        KeyPair sdk = CryptoUtils.generateKeyPair();
        ECPrivateKey imported = EcKeys.privateKeyFromPkcs8(sdk.getPrivate().getEncoded());
        byte[] signature = Signatures.signDer(imported, PAYLOAD);
        PublicKey sdkPublic = CryptoUtils.importPublicKey(CryptoUtils.extractPublicRaw(sdk.getPublic()));
        Signature verifier = Signature.getInstance("SHA256withECDSA");
        verifier.initVerify(sdkPublic);
        verifier.update(PAYLOAD);
        assertThat(verifier.verify(signature)).isTrue();
        verifier.initVerify(sdkPublic);
        verifier.update("tampered".getBytes(StandardCharsets.UTF_8));
        assertThat(verifier.verify(signature)).isFalse();
    }

    @Test
    void aesGcmInteroperatesBothWays() {
        byte[] key = CastellanRandom.bytes(32);
        byte[] fromSdk = CryptoUtils.encrypt(PAYLOAD, key, false);
        assertThat(Aes256Gcm.decrypt(key, fromSdk)).isEqualTo(PAYLOAD);
        byte[] fromUs = Aes256Gcm.encrypt(key, PAYLOAD);
        assertThat(CryptoUtils.decrypt(fromUs, key, false)).isEqualTo(PAYLOAD);
        assertThat(CryptoUtils.decrypt(Base64s.encode(fromUs), key, false)).isEqualTo(PAYLOAD);
    }

    @Test
    void aesCbcInteroperatesBothWays() {
        byte[] key = CastellanRandom.bytes(32);
        byte[] folderData = "{\"name\":\"Production servers\"}".getBytes(StandardCharsets.UTF_8);
        assertThat(Aes256Cbc.decrypt(key, CryptoUtils.encrypt(folderData, key, true))).isEqualTo(folderData);
        assertThat(CryptoUtils.decrypt(Aes256Cbc.encrypt(key, folderData), key, true)).isEqualTo(folderData);
    }

    @Test
    void clientIdMatchesSdkHashAndInitializeStorage() {
        String token = "YyIhK5wXFHj36wGBAOmBsxI3v5rIruINrC8KXjyM58c";
        byte[] clientKey = CryptoUtils.webSafe64ToBytes(token);
        String sdkId = CryptoUtils.bytesToBase64(CryptoUtils.hash(clientKey, "KEEPER_SECRETS_MANAGER_CLIENT_ID"));
        assertThat(DeviceIds.clientId(clientKey)).isEqualTo(sdkId);

        String randomToken = Base64s.encodeWebSafe(CastellanRandom.bytes(32));
        InMemoryStorage storage = new InMemoryStorage();
        SecretsManager.initializeStorage(storage, "EU:" + randomToken, null);
        assertThat(DeviceIds.clientIdFromToken("EU:" + randomToken)).isEqualTo(storage.getString("clientId"));
        assertThat(storage.getBytes("clientKey")).isEqualTo(Base64s.decodeWebSafe(randomToken));
    }

    @Test
    void sdkDeviceKeyFromInitializeStorageIsUsableByUs() {
        InMemoryStorage storage = new InMemoryStorage();
        SecretsManager.initializeStorage(storage, Base64s.encodeWebSafe(CastellanRandom.bytes(32)), "localhost");
        byte[] sdkPkcs8 = storage.getBytes("privateKey");
        byte[] sdkRawPublic = storage.getBytes("publicKey");
        ECPrivateKey device = EcKeys.privateKeyFromPkcs8(sdkPkcs8);
        assertThat(EcKeys.rawPublicKey(EcKeys.publicKeyOf(device))).isEqualTo(sdkRawPublic);
        // Re-encoded in the 138-byte form, the SDK still reads the same key and signs with it.
        byte[] reEncoded = EcKeys.pkcs8(device);
        assertThat(CryptoUtils.importPrivateKey(reEncoded).getS()).isEqualTo(device.getS());
        byte[] signature = CryptoUtils.sign(PAYLOAD, reEncoded);
        assertThat(Signatures.verifyDer(EcKeys.publicKeyFromRaw(sdkRawPublic), PAYLOAD, signature)).isTrue();
    }

    @Test
    void ourPkcs8IsAcceptedBySdk() {
        byte[] pkcs8 = EcKeys.pkcs8(ourPrivate);
        assertThat(CryptoUtils.importPrivateKey(pkcs8).getS()).isEqualTo(ourPrivate.getS());
        byte[] sealed = Ecies.seal(ourPublic, PAYLOAD);
        assertThat(CryptoUtils.privateDecrypt(sealed, pkcs8)).isEqualTo(PAYLOAD);
    }

    @Test
    void rawPublicKeysMatchSdk() {
        assertThat(EcKeys.rawPublicKey(ourPublic)).isEqualTo(CryptoUtils.extractPublicRaw(ourPublic));
        PublicKey viaSdk = CryptoUtils.importPublicKey(EcKeys.rawPublicKey(ourPublic));
        assertThat(((ECPublicKey) viaSdk).getW()).isEqualTo(ourPublic.getW());
        assertThat(EcKeys.spki((ECPublicKey) viaSdk)).isEqualTo(viaSdk.getEncoded());
    }

    @Test
    void base64AndUidHelpersAgreeWithSdk() {
        byte[] data = CastellanRandom.bytes(47);
        assertThat(Base64s.encode(data)).isEqualTo(CryptoUtils.bytesToBase64(data));
        assertThat(CryptoUtils.base64ToBytes(Base64s.encode(data))).isEqualTo(data);
        assertThat(Base64s.decodeWebSafe(CryptoUtils.webSafe64FromBytes(data))).isEqualTo(data); // SDK pads
        assertThat(CryptoUtils.webSafe64ToBytes(Base64s.encodeWebSafe(data))).isEqualTo(data);
        byte[] sdkUid = CryptoUtils.generateUid();
        assertThat(Uids.isValid(Uids.fromBytes(sdkUid))).isTrue();
        assertThat(Uids.toBytes(Uids.fromBytes(sdkUid))).isEqualTo(sdkUid);
    }

    /** One KSM request/response round at the crypto level: SDK as device, our code as server. */
    @Test
    void fullTransmissionRoundTrip() {
        InMemoryStorage storage = new InMemoryStorage();
        SecretsManager.initializeStorage(storage, Base64s.encodeWebSafe(CastellanRandom.bytes(32)), "localhost");
        byte[] devicePkcs8 = storage.getBytes("privateKey");

        // Device side (SDK): transmission key sealed to our server key, body encrypted, signature over both.
        byte[] transmissionKey = CryptoUtils.getRandomBytes(32);
        byte[] encryptedKey = CryptoUtils.publicEncrypt(transmissionKey, EcKeys.rawPublicKey(ourPublic));
        byte[] body = CryptoUtils.encrypt(PAYLOAD, transmissionKey, false);
        byte[] signed = concat(encryptedKey, body);
        byte[] signature = CryptoUtils.sign(signed, devicePkcs8);

        // Server side (us).
        ECPublicKey devicePublic = EcKeys.publicKeyFromRaw(Base64s.decode(Base64s.encode(storage.getBytes("publicKey"))));
        assertThat(Signatures.verifyDer(devicePublic, signed, signature)).isTrue();
        byte[] openedKey = Ecies.open(ourPrivate, encryptedKey);
        assertThat(Aes256Gcm.decrypt(openedKey, body)).isEqualTo(PAYLOAD);
        byte[] response = "{\"encryptedAppKey\":null,\"folders\":[],\"records\":[]}".getBytes(StandardCharsets.UTF_8);
        byte[] encryptedResponse = Aes256Gcm.encrypt(openedKey, response);

        // Device side again.
        assertThat(CryptoUtils.decrypt(encryptedResponse, transmissionKey, false)).isEqualTo(response);
        byte[] swapped = signed.clone();
        swapped[swapped.length - 1] ^= 1;
        assertThat(Signatures.verifyDer(devicePublic, swapped, signature)).isFalse();
        assertThat(Arrays.copyOf(signed, 125)).isEqualTo(encryptedKey);
    }

    private static byte[] concat(byte[] a, byte[] b) {
        byte[] out = Arrays.copyOf(a, a.length + b.length);
        System.arraycopy(b, 0, out, a.length, b.length);
        return out;
    }
}
