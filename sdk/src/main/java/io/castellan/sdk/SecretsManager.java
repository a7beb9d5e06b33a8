package io.castellan.sdk;

import io.castellan.crypto.Base64s;
import io.castellan.crypto.EcKeys;
import io.castellan.crypto.Wipe;
import io.castellan.model.error.CastellanException;
import io.castellan.model.error.ErrorCode;
import io.castellan.model.ksm.DeleteFolderResponse;
import io.castellan.model.ksm.DeleteStatus;
import io.castellan.model.record.RecordData;
import io.castellan.sdk.config.ClientConfig;
import io.castellan.sdk.config.OneTimeToken;
import io.castellan.sdk.notation.NotationException;
import io.castellan.sdk.notation.NotationParser;
import io.castellan.sdk.transport.DeviceTransport;
import io.castellan.sdk.transport.ServerKeyRing;
import io.castellan.sdk.transport.ServerUrls;
import io.castellan.sdk.transport.TransportSettings;
import java.net.http.HttpClient;
import java.security.KeyPair;
import java.security.interfaces.ECPrivateKey;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Castellan's Secrets Manager client: what gateways and applications use to read and change the records an
 * application was granted, over the Keeper-compatible device API ({@code /api/rest/sm/v1/…}).
 *
 * <pre>{@code
 * SecretsManagerOptions options = SecretsManagerOptions.builder().hostName("vault.example.com:8443")
 *         .tls(TlsTrust.pinned("AB:CD:…")).storage(FileConfigStorage.at(Path.of("ksm-config.json"))).build();
 * try (SecretsManager sm = SecretsManager.initialize(oneTimeToken, options)) {   // later: fromStorage(options)
 *     String password = sm.getNotationValue("keeper://" + recordUid + "/field/password");
 * }
 * }</pre>
 *
 * <p>A device starts from a one-time token ({@link #initialize}) or a configuration ({@link #fromConfig},
 * {@link #fromStorage}). A new device binds on its first {@link #getSecrets} call; every change to the configuration
 * is saved through the options' storage. All record and folder encryption happens here, on the device; the server
 * sees ciphertext only. Thread-safe; close it to release its HTTP client. Failures are {@link CastellanException}s
 * whose messages never hold a secret.
 */
public final class SecretsManager implements AutoCloseable {

    private final DeviceState state;
    private final DeviceTransport transport;
    private final SecretsReader reader;
    private final FolderReader folders;
    private final RecordWriter records;
    private final FolderWriter folderWriter;
    private final FileTransfer files;
    private final NotationResolver notation;

    private SecretsManager(DeviceState state, SecretsManagerOptions options) {
        this.state = state;
        TransportSettings settings = options.transportSettings();
        ServerUrls server = ServerUrls.of(state.hostname());
        HttpClient http = DeviceTransport.httpClient(settings);
        ServerKeyRing keys = new ServerKeyRing(state.configuredServerKey(), state.configuredKeyId(),
                DeviceTransport.directory(http, server, settings), state::serverKey);
        this.transport = new DeviceTransport(http, server, keys, state.privateKey(), settings);
        DeviceCalls calls = new DeviceCalls(transport, state, options.clientVersion());
        this.reader = new SecretsReader(calls, options.cachedRecords());
        this.folders = new FolderReader(calls);
        this.records = new RecordWriter(calls, folders);
        this.folderWriter = new FolderWriter(calls, folders);
        this.files = new FileTransfer(calls);
        this.notation = new NotationResolver(reader::get, files::download);
    }

    /**
     * Starts a new device from a one-time token: derives the client id, makes the device's P-256 key pair and saves
     * the unbound configuration ({@code hostname, clientId, clientKey, privateKey}) to the options' storage. If the
     * storage already holds the configuration of this token's device, it is used as it is (a restarted process does
     * not spend the token twice).
     *
     * @param oneTimeToken {@code [HOST:]KEY} as the vault printed it
     * @param options {@link SecretsManagerOptions#hostName()} is required when the server runs on a port other than
     *     443, because the token cannot carry one
     * @return the client; binding happens on its first {@link #getSecrets} call
     * @throws CastellanException {@code BAD_REQUEST} for a malformed token, {@code CONFLICT} when the storage holds
     *     another device's configuration
     */
    public static SecretsManager initialize(String oneTimeToken, SecretsManagerOptions options) {
        OneTimeToken token = OneTimeToken.parse(oneTimeToken, options.hostName());
        byte[] clientKey = token.clientKey();
        try {
            String clientId = token.clientId();
            Optional<ClientConfig> stored = options.storage().load();
            Optional<String> storedId = stored.flatMap(c -> c.get(ClientConfig.CLIENT_ID));
            if (storedId.isPresent()) {
                if (storedId.get().equals(clientId)) {
                    return fromConfig(stored.get(), options);
                }
                throw new CastellanException(ErrorCode.CONFLICT,
                        "the configuration storage already holds another device's configuration");
            }
            KeyPair pair = EcKeys.generateKeyPair();
            Map<String, String> values = new LinkedHashMap<>();
            values.put(ClientConfig.HOSTNAME, ServerUrls.of(token.hostname()).hostname());
            values.put(ClientConfig.CLIENT_ID, clientId);
            values.put(ClientConfig.CLIENT_KEY, Base64s.encode(clientKey));
            values.put(ClientConfig.PRIVATE_KEY, Base64s.encode(EcKeys.pkcs8((ECPrivateKey) pair.getPrivate())));
            token.serverPublicKey().ifPresent(k -> values.put(ClientConfig.SERVER_PUBLIC_KEY, k));
            token.serverPublicKeyId().ifPresent(id -> values.put(ClientConfig.SERVER_PUBLIC_KEY_ID,
                    Integer.toString(id)));
            ClientConfig config = ClientConfig.of(values);
            options.storage().save(config);
            return fromConfig(config, options);
        } finally {
            Wipe.wipe(clientKey);
            token.wipe();
        }
    }

    /**
     * @param config a configuration in Keeper's key layout (see {@code io.castellan.sdk.config.ConfigSources})
     * @param options changes (binding, server key) are saved to {@link SecretsManagerOptions#storage()}
     * @return the client
     */
    public static SecretsManager fromConfig(ClientConfig config, SecretsManagerOptions options) {
        return new SecretsManager(new DeviceState(config, options.storage()), options);
    }

    /**
     * @param options whose storage holds the configuration, e.g. a {@code FileConfigStorage}
     * @return the client
     */
    public static SecretsManager fromStorage(SecretsManagerOptions options) {
        ClientConfig config = options.storage().load().orElseThrow(() -> new CastellanException(
                ErrorCode.BAD_REQUEST, "the configuration storage is empty; initialise the device with a token"));
        return fromConfig(config, options);
    }

    /** @return every record shared with the application (binding the device on its first call) */
    public Secrets getSecrets() {
        return reader.get(List.of());
    }

    /** @param recordUids the records wanted; an empty list means all */
    public Secrets getSecrets(List<String> recordUids) {
        return reader.get(recordUids);
    }

    /**
     * Castellan extension for gateways: like {@link #getSecrets(List)}, and each record also carries the data of a
     * rotation this application left pending ({@link Secret#pendingData()}). A Keeper server ignores the flag.
     *
     * @param recordUids the records wanted; an empty list means all
     * @return the records
     */
    public Secrets getSecretsWithPending(List<String> recordUids) {
        return reader.get(recordUids, true);
    }

    /** @return the shared folders and sub-folders the application sees, names decrypted */
    public List<SecretFolder> getFolders() {
        return folders.get();
    }

    /** Saves {@code secret.data()}; the server rejects it ({@code CONFLICT}) if the record changed since it was read. */
    public void updateSecret(Secret secret) {
        records.update(secret, null);
    }

    /**
     * @param secret the changed record
     * @param type {@link TransactionType#ROTATION} keeps the change pending until {@link #completeTransaction}
     */
    public void updateSecret(Secret secret, TransactionType type) {
        records.update(secret, type);
    }

    /**
     * @param recordUid the record with a pending rotation
     * @param rollback {@code false} commits ({@code finalize_secret_update}), {@code true} discards
     *     ({@code rollback_secret_update})
     */
    public void completeTransaction(String recordUid, boolean rollback) {
        records.complete(recordUid, rollback);
    }

    /**
     * @param folderUid a shared folder, or a sub-folder of one to create the record inside it
     * @param record the record's data
     * @return the new record's UID
     */
    public String createSecret(String folderUid, RecordData record) {
        return records.create(folderUid, record);
    }

    /** @return one status per record ({@code responseCode} {@code "ok"} on success) */
    public List<DeleteStatus> deleteSecret(List<String> recordUids) {
        return records.delete(recordUids);
    }

    /**
     * @param parentFolderUid a shared folder or a sub-folder
     * @param name the new folder's name
     * @return the new folder's UID
     */
    public String createFolder(String parentFolderUid, String name) {
        return folderWriter.create(parentFolderUid, name);
    }

    /** Renames a folder. */
    public void updateFolder(String folderUid, String name) {
        folderWriter.update(folderUid, name);
    }

    /** @param force whether non-empty folders are deleted with their contents */
    public DeleteFolderResponse deleteFolder(List<String> folderUids, boolean force) {
        return folderWriter.delete(folderUids, force);
    }

    /**
     * @param owner the record to attach the file to (it gains a {@code fileRef}; fetch it again before updating it)
     * @param file the file
     * @return the new file's UID
     */
    public String uploadFile(Secret owner, FileUpload file) {
        return files.upload(owner, file);
    }

    /** @return the decrypted content of the file */
    public byte[] downloadFile(SecretFile file) {
        return files.download(file);
    }

    /**
     * @param notation e.g. {@code keeper://UID/field/password} (see {@link NotationParser})
     * @return every value the notation selects (possibly none)
     * @throws NotationException when it is malformed or its record, field or file does not exist
     */
    public List<String> getNotationResults(String notation) {
        return this.notation.resolve(NotationParser.parse(notation));
    }

    /**
     * @param notation e.g. {@code keeper://My Database/field/password}
     * @return the first value the notation selects
     * @throws NotationException as {@link #getNotationResults}, and when it selects no value
     */
    public String getNotationValue(String notation) {
        List<String> values = getNotationResults(notation);
        if (values.isEmpty()) {
            throw new NotationException(ErrorCode.NOT_FOUND, "the notation selects no value");
        }
        return values.get(0);
    }

    /** @return whether the device is bound to its application */
    public boolean isBound() {
        return state.isBound();
    }

    /**
     * @return the current configuration, with the keys learned so far; its values are secrets, so write it only
     *     where the device's key file belongs and never print it
     */
    public ClientConfig config() {
        return state.config();
    }

    @Override
    public void close() {
        reader.forgetDecrypted();
        transport.close();
    }

    @Override
    public String toString() {
        return "SecretsManager[" + state.hostname() + ", " + (isBound() ? "bound" : "not bound") + "]";
    }
}
