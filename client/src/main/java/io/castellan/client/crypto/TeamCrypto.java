package io.castellan.client.crypto;

import io.castellan.crypto.Aes256Gcm;
import io.castellan.crypto.ConstantTime;
import io.castellan.crypto.CryptoException;
import io.castellan.crypto.EcKeys;
import io.castellan.crypto.Ecies;
import io.castellan.crypto.SecretBytes;
import io.castellan.crypto.Wipe;
import java.security.KeyPair;
import java.security.interfaces.ECPrivateKey;
import java.security.interfaces.ECPublicKey;

/**
 * Team keys, made and opened only on clients. A team has a 32-byte team key and a P-256 key pair; the private key is
 * kept encrypted under the team key ({@code AES-GCM(teamKey, PKCS#8)}), each member and each managing administrator
 * holds the team key sealed to them ({@code ECIES}), and a folder shared with the team holds its folder key sealed to
 * the team's public key. So: user private key → team key → team private key → folder key.
 */
public final class TeamCrypto {

    /** The length of a team key. */
    public static final int TEAM_KEY_LENGTH = 32;

    private TeamCrypto() {
    }

    /**
     * Fresh keys for a team.
     *
     * @param teamKey             the team key; the caller seals it to members and closes it
     * @param publicKey           the raw 65-byte public key
     * @param encryptedPrivateKey {@code AES-GCM(teamKey, PKCS#8)}
     */
    public record NewTeamKeys(SecretBytes teamKey, byte[] publicKey, byte[] encryptedPrivateKey)
            implements AutoCloseable {
        @Override
        public void close() {
            teamKey.close();
        }
    }

    /** @return a fresh team key and key pair */
    public static NewTeamKeys generate() {
        SecretBytes teamKey = SecretBytes.random(TEAM_KEY_LENGTH);
        KeyPair pair = EcKeys.generateKeyPair();
        byte[] pkcs8 = EcKeys.pkcs8((ECPrivateKey) pair.getPrivate());
        try {
            return new NewTeamKeys(teamKey, EcKeys.rawPublicKey((ECPublicKey) pair.getPublic()),
                    Aes256Gcm.encrypt(teamKey.bytes(), pkcs8));
        } finally {
            Wipe.wipe(pkcs8);
        }
    }

    /** @return {@code ECIES(recipient, teamKey)}; {@code recipient} is a raw public key */
    public static byte[] sealTeamKey(byte[] recipient, byte[] teamKey) {
        return KeyWrap.toPublicKey(recipient, teamKey);
    }

    /**
     * @return the team key sealed to the holder of {@code privateKey}; the caller wipes it
     * @throws CryptoException when it does not open
     */
    public static byte[] openTeamKey(ECPrivateKey privateKey, byte[] sealedTeamKey) {
        byte[] key = Ecies.open(privateKey, sealedTeamKey);
        if (key.length != TEAM_KEY_LENGTH) {
            Wipe.wipe(key);
            throw new CryptoException("a team key must be " + TEAM_KEY_LENGTH + " bytes");
        }
        return key;
    }

    /**
     * Opens the team's private key and checks it belongs to the team's public key (a swapped blob fails here).
     *
     * @throws CryptoException when it does not open or does not match
     */
    public static ECPrivateKey openPrivateKey(byte[] teamKey, byte[] encryptedPrivateKey, byte[] publicKey) {
        byte[] pkcs8 = Aes256Gcm.decrypt(teamKey, encryptedPrivateKey);
        try {
            ECPrivateKey key = EcKeys.privateKeyFromPkcs8(pkcs8);
            if (!ConstantTime.equals(EcKeys.rawPublicKey(EcKeys.publicKeyOf(key)), publicKey)) {
                throw new CryptoException("the team's private key does not match its public key");
            }
            return key;
        } finally {
            Wipe.wipe(pkcs8);
        }
    }
}
