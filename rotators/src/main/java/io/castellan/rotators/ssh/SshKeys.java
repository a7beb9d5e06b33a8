package io.castellan.rotators.ssh;

import io.castellan.rotators.FailureKind;
import io.castellan.rotators.RotationException;
import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.KeyPair;
import java.security.PublicKey;
import java.security.interfaces.RSAKey;
import java.util.Arrays;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import org.apache.sshd.common.NamedResource;
import org.apache.sshd.common.config.keys.KeyUtils;
import org.apache.sshd.common.config.keys.PublicKeyEntry;
import org.apache.sshd.common.config.keys.loader.openssh.OpenSSHKeyPairResourceParser;
import org.apache.sshd.common.config.keys.writer.openssh.OpenSSHKeyPairResourceWriter;

/** SSH key pairs: parse and write OpenSSH private keys, generate a key of a given type, format public keys. */
final class SshKeys {

    /** Key types we generate, with the size used when the current key does not dictate one. */
    static final Map<String, Integer> TYPES = Map.of(
            KeyPairTypes.ED25519, 256,
            KeyPairTypes.ECDSA_P256, 256,
            KeyPairTypes.ECDSA_P384, 384,
            KeyPairTypes.ECDSA_P521, 521,
            KeyPairTypes.RSA, 4096);

    private SshKeys() {
    }

    static KeyPair parse(char[] openSshPrivateKey, String user) throws RotationException {
        String text = new String(openSshPrivateKey);
        try {
            List<String> lines = Arrays.asList(text.split("\\R"));
            Iterator<KeyPair> it = OpenSSHKeyPairResourceParser.INSTANCE
                    .loadKeyPairs(null, NamedResource.ofName("record of " + user), null, lines).iterator();
            if (it.hasNext()) {
                return it.next();
            }
        } catch (java.io.IOException | GeneralSecurityException | RuntimeException e) {
            // fall through: the parser's message could quote the key
        }
        throw new RotationException(FailureKind.INVALID_INPUT, "ssh-key: the private key of '" + user
                + "' is not an unencrypted OpenSSH private key");
    }

    /** @return "ssh-ed25519", "ecdsa-sha2-nistp256", "ssh-rsa", ... */
    static String typeOf(KeyPair pair) {
        return KeyUtils.getKeyType(pair);
    }

    /** @return the key size in bits (RSA modulus, EC field size, 256 for Ed25519) */
    static int sizeOf(KeyPair pair) {
        PublicKey pub = pair.getPublic();
        if (pub instanceof RSAKey rsa) {
            return rsa.getModulus().bitLength();
        }
        return TYPES.getOrDefault(typeOf(pair), 256);
    }

    static KeyPair generate(String type, int bits) throws RotationException {
        if (!TYPES.containsKey(type)) {
            throw new RotationException(FailureKind.INVALID_INPUT, "ssh-key: cannot generate keys of type '" + type
                    + "' (supported: " + String.join(", ", new java.util.TreeSet<>(TYPES.keySet())) + ")");
        }
        try {
            return KeyUtils.generateKeyPair(type, bits);
        } catch (GeneralSecurityException e) {
            throw new RotationException(FailureKind.UNEXPECTED, "ssh-key: this JVM cannot generate a " + type + " key");
        }
    }

    /** @return the private key in OpenSSH format ("-----BEGIN OPENSSH PRIVATE KEY-----"), unencrypted */
    static char[] toOpenSsh(KeyPair pair, String comment) throws RotationException {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        try {
            OpenSSHKeyPairResourceWriter.INSTANCE.writePrivateKey(pair, comment, null, out);
        } catch (java.io.IOException | GeneralSecurityException e) {
            throw new RotationException(FailureKind.UNEXPECTED, "ssh-key: could not write the new key in OpenSSH format");
        }
        byte[] bytes = out.toByteArray();
        char[] chars = StandardCharsets.US_ASCII.decode(java.nio.ByteBuffer.wrap(bytes)).array();
        Arrays.fill(bytes, (byte) 0);
        return chars;
    }

    /** @return "type base64", as in authorized_keys */
    static String publicLine(KeyPair pair) {
        return PublicKeyEntry.toString(pair.getPublic());
    }

    /** @return the base64 blob of a "type base64 [comment]" line */
    static String blobOf(String publicLine) {
        String[] parts = publicLine.trim().split("\\s+");
        return parts.length >= 2 ? parts[1] : "";
    }

    /** @return OpenSSH's SHA256 fingerprint of a "type base64" line, for messages */
    static String fingerprintOf(String publicLine) {
        try {
            byte[] blob = java.util.Base64.getDecoder().decode(blobOf(publicLine));
            byte[] digest = java.security.MessageDigest.getInstance("SHA-256").digest(blob);
            return "SHA256:" + java.util.Base64.getEncoder().withoutPadding().encodeToString(digest);
        } catch (IllegalArgumentException | java.security.NoSuchAlgorithmException e) {
            return "unparseable key";
        }
    }
}
