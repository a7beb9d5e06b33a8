package io.castellan.cli.support;

import io.castellan.client.VaultClient;
import io.castellan.client.config.CliConfig;
import io.castellan.client.config.ConfigStore;
import io.castellan.client.transport.ApiTransport;
import io.castellan.client.transport.ServerUrl;
import io.castellan.client.transport.TlsTrust;
import io.castellan.model.error.CastellanException;
import io.castellan.model.error.ErrorCode;
import java.net.URI;

/**
 * Turns the global options and the config file into a {@link VaultClient}: which server, and how to trust its
 * certificate (a {@code --ca-file} wins, then a CA file or pin stored at login). Ordinary commands never trust on
 * first use; only {@code login} and {@code register} may pin a new certificate.
 */
public final class ClientContext {

    private final GlobalOptions options;
    private final ConfigStore store;
    private CliConfig config;

    public ClientContext(GlobalOptions options) {
        this.options = options;
        this.store = new ConfigStore(options.config() != null ? options.config() : ConfigStore.defaultPath());
    }

    public GlobalOptions options() {
        return options;
    }

    public ConfigStore store() {
        return store;
    }

    /** @return the stored config (read once) */
    public CliConfig config() {
        if (config == null) {
            config = store.load();
        }
        return config;
    }

    /** Stores a new config. */
    public void save(CliConfig changed) {
        store.save(changed);
        config = changed;
    }

    /** @return the normalised server URL from {@code --server} or the config */
    public String serverUrl() {
        String url = options.server() != null ? options.server() : config().server();
        if (url == null) {
            throw new CastellanException(ErrorCode.BAD_REQUEST,
                    "no server configured: run 'castellan login EMAIL --server https://HOST:PORT'");
        }
        return ServerUrl.parse(url).toString();
    }

    /** @return a client for the configured server and session, with the stored trust (never trust on first use) */
    public VaultClient client() {
        String url = serverUrl();
        CliConfig stored = config();
        if (stored.server() != null && !url.equals(ServerUrl.parse(stored.server()).toString())) {
            throw new CastellanException(ErrorCode.UNAUTHENTICATED, "not logged in to " + url
                    + ": run 'castellan login EMAIL --server " + url + "'");
        }
        return new VaultClient(ApiTransport.connect(URI.create(url), storedTrust(url)), stored);
    }

    /** @return the trust to use without pinning anything new */
    public TlsTrust storedTrust(String url) {
        if (options.caFile() != null) {
            return TlsTrust.caFile(options.caFile());
        }
        CliConfig stored = config();
        boolean sameServer = stored.server() != null && url.equals(ServerUrl.parse(stored.server()).toString());
        if (sameServer && stored.caFile() != null) {
            return TlsTrust.caFile(java.nio.file.Path.of(stored.caFile()));
        }
        if (sameServer && stored.tlsFingerprintSha256() != null) {
            return TlsTrust.pinned(stored.tlsFingerprintSha256());
        }
        throw new CastellanException(ErrorCode.UNAUTHENTICATED, "the certificate of " + url
                + " is not pinned yet: run 'castellan login EMAIL --server " + url + "' first, or pass --ca-file");
    }
}
