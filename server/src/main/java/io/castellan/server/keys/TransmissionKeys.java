package io.castellan.server.keys;

import io.castellan.server.files.Pem;
import io.castellan.server.files.SecureFiles;
import io.castellan.model.error.CastellanException;
import io.castellan.model.error.ErrorCode;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.KeyFactory;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.PrivateKey;
import java.security.PublicKey;
import java.security.SecureRandom;
import java.security.Signature;
import java.security.interfaces.ECPublicKey;
import java.security.spec.ECGenParameterSpec;
import java.security.spec.PKCS8EncodedKeySpec;
import java.security.spec.X509EncodedKeySpec;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.ConcurrentSkipListMap;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

/**
 * The server's transmission key pairs, by key id, persisted in {@code <dataDir>/keys/}: {@code transmission-<id>.key}
 * (PKCS#8 PEM, mode 0600) and {@code transmission-<id>.pub} (X.509 SubjectPublicKeyInfo PEM).
 *
 * <p>Several ids coexist so keys can rotate: {@link #rotate()} adds id max+1, which becomes {@link #current()}; older
 * ids stay loaded and accepted (for a grace period a later issue defines) until their files are removed. Id 1 is
 * generated on first start. Uses only the JDK's providers.
 */
public final class TransmissionKeys {

    private static final Pattern KEY_FILE = Pattern.compile("transmission-([1-9][0-9]{0,8})\\.key");
    private static final Pattern PUBLIC_FILE = Pattern.compile("transmission-([1-9][0-9]{0,8})\\.pub");

    private final Path dir;
    private final ConcurrentSkipListMap<Integer, TransmissionKey> keys = new ConcurrentSkipListMap<>();
    /** Public halves of retired ids (their {@code .pub} kept): audit checkpoints they signed still verify. */
    private final ConcurrentSkipListMap<Integer, ECPublicKey> retired = new ConcurrentSkipListMap<>();

    private TransmissionKeys(Path dir) {
        this.dir = dir;
    }

    /** Loads every key in {@code <dataDir>/keys}, generating key id 1 if there is none. */
    public static TransmissionKeys loadOrCreate(Path dataDir) {
        TransmissionKeys keys = new TransmissionKeys(SecureFiles.ensurePrivateDirectory(dataDir.resolve("keys")));
        keys.loadAll();
        if (keys.keys.isEmpty()) {
            keys.rotate();
        }
        return keys;
    }

    /** The key new clients should use: the highest id. */
    public TransmissionKey current() {
        return keys.lastEntry().getValue();
    }

    /** The key with this id, if it is still accepted. */
    public Optional<TransmissionKey> byId(int keyId) {
        return Optional.ofNullable(keys.get(keyId));
    }

    /**
     * The public key of this id, accepted or retired: what audit verification checks a checkpoint's signature with
     * (checkpoints are signed with the key that was current, and outlive its retirement).
     */
    public Optional<ECPublicKey> verificationKey(int keyId) {
        TransmissionKey active = keys.get(keyId);
        return active != null ? Optional.of(active.publicKey()) : Optional.ofNullable(retired.get(keyId));
    }

    /** Every accepted key, lowest id first. */
    public List<TransmissionKey> all() {
        return List.copyOf(keys.values());
    }

    /** Generates and persists a key with the next id; it becomes {@link #current()}. */
    public synchronized TransmissionKey rotate() {
        int id = Math.max(keys.isEmpty() ? 0 : keys.lastKey(), retired.isEmpty() ? 0 : retired.lastKey()) + 1;
        TransmissionKey key = new TransmissionKey(id, generate());
        SecureFiles.writePublic(publicFile(id), Pem.encode("PUBLIC KEY", key.publicKey().getEncoded()));
        SecureFiles.writePrivate(privateFile(id), Pem.encode("PRIVATE KEY", key.privateKey().getEncoded()));
        keys.put(id, key);
        return key;
    }

    /**
     * Retires an old key id: its private key file is deleted, so it is no longer accepted; its public key file stays
     * so audit checkpoints it signed still verify. The newest id cannot be retired
     * (there must always be a current key).
     */
    public synchronized void retire(int keyId) {
        if (!keys.containsKey(keyId)) {
            throw new CastellanException(ErrorCode.NOT_FOUND, "transmission key id " + keyId + " does not exist"
                    + " (ids: " + keys.keySet() + ")");
        }
        if (keyId == keys.lastKey()) {
            throw new CastellanException(ErrorCode.CONFLICT, "transmission key id " + keyId + " is the current key;"
                    + " add a newer one first (rotate-transmission-key), then retire this one");
        }
        try {
            Files.delete(privateFile(keyId)); // the public half stays, for audit verification
        } catch (IOException e) {
            throw new UncheckedIOException("cannot remove transmission key " + keyId + ": " + e.getMessage(), e);
        }
        retired.put(keyId, keys.remove(keyId).publicKey());
    }

    private void loadAll() {
        try (Stream<Path> files = Files.list(dir)) {
            for (Path file : (Iterable<Path>) files::iterator) {
                Matcher m = KEY_FILE.matcher(file.getFileName().toString());
                if (m.matches()) {
                    int id = Integer.parseInt(m.group(1));
                    keys.put(id, new TransmissionKey(id, read(id)));
                }
            }
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read transmission keys in " + dir + ": " + e.getMessage(), e);
        }
        try (Stream<Path> files = Files.list(dir)) {
            for (Path file : (Iterable<Path>) files::iterator) {
                Matcher m = PUBLIC_FILE.matcher(file.getFileName().toString());
                if (m.matches() && !keys.containsKey(Integer.parseInt(m.group(1)))) {
                    retired.put(Integer.parseInt(m.group(1)), readPublic(file));
                }
            }
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read transmission keys in " + dir + ": " + e.getMessage(), e);
        }
    }

    private KeyPair read(int id) {
        Path pub = publicFile(id);
        if (!Files.exists(pub)) {
            throw new IllegalStateException("transmission key " + id + ": " + pub + " is missing");
        }
        try {
            KeyFactory factory = KeyFactory.getInstance("EC");
            PrivateKey privateKey = factory.generatePrivate(
                    new PKCS8EncodedKeySpec(Pem.decode("PRIVATE KEY", Files.readAllBytes(privateFile(id)))));
            PublicKey publicKey = factory.generatePublic(
                    new X509EncodedKeySpec(Pem.decode("PUBLIC KEY", Files.readAllBytes(pub))));
            KeyPair pair = new KeyPair(publicKey, privateKey);
            if (!halvesMatch(pair)) {
                throw new IllegalStateException("transmission key " + id + ": " + pub + " does not match its private key");
            }
            return pair;
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read transmission key " + id + ": " + e.getMessage(), e);
        } catch (GeneralSecurityException | IllegalArgumentException e) {
            // Never include the parser's text: it could quote key bytes.
            throw new IllegalStateException("transmission key " + id + " in " + dir + " is corrupt ("
                    + e.getClass().getSimpleName() + ")");
        }
    }

    private static ECPublicKey readPublic(Path pub) {
        try {
            return (ECPublicKey) KeyFactory.getInstance("EC").generatePublic(
                    new X509EncodedKeySpec(Pem.decode("PUBLIC KEY", Files.readAllBytes(pub))));
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read " + pub + ": " + e.getMessage(), e);
        } catch (GeneralSecurityException | IllegalArgumentException | ClassCastException e) {
            throw new IllegalStateException(pub + " is corrupt (" + e.getClass().getSimpleName() + ")");
        }
    }

    private static boolean halvesMatch(KeyPair pair) throws GeneralSecurityException {
        byte[] probe = "castellan-transmission-key-check".getBytes(StandardCharsets.US_ASCII);
        Signature signer = Signature.getInstance("SHA256withECDSA");
        signer.initSign(pair.getPrivate());
        signer.update(probe);
        byte[] signature = signer.sign();
        Signature verifier = Signature.getInstance("SHA256withECDSA");
        verifier.initVerify(pair.getPublic());
        verifier.update(probe);
        return verifier.verify(signature);
    }

    private static KeyPair generate() {
        try {
            KeyPairGenerator generator = KeyPairGenerator.getInstance("EC");
            generator.initialize(new ECGenParameterSpec("secp256r1"), new SecureRandom());
            return generator.generateKeyPair();
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("cannot generate a P-256 key pair: " + e.getMessage(), e);
        }
    }

    private Path privateFile(int id) {
        return dir.resolve("transmission-" + id + ".key");
    }

    private Path publicFile(int id) {
        return dir.resolve("transmission-" + id + ".pub");
    }
}
