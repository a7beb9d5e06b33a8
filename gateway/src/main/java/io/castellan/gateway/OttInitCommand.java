package io.castellan.gateway;

import io.castellan.gateway.config.GatewayConfigKeys;
import io.castellan.model.error.CastellanException;
import io.castellan.model.error.ErrorCode;
import io.castellan.sdk.Secrets;
import io.castellan.sdk.SecretsManager;
import io.castellan.sdk.SecretsManagerOptions;
import io.castellan.sdk.config.ClientConfig;
import io.castellan.sdk.config.ClientConfigCodec;
import io.castellan.sdk.config.FileConfigStorage;
import io.castellan.sdk.config.InMemoryConfigStorage;
import io.castellan.sdk.transport.CertificateFingerprints;
import io.castellan.sdk.transport.TlsTrust;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/**
 * {@code castellan-gateway ott-init TOKEN}: redeems a one-time token the way every Secrets Manager device does
 * (a fresh P-256 device key; the first {@code get_secret} binds it to the application) and prints the resulting
 * configuration as base64 on standard output, or writes it, mode 0600, to {@code --config-file}. With
 * {@code --fingerprint} the server's certificate is pinned and the pin is kept in the configuration, so
 * {@code start} trusts exactly that certificate.
 */
@Command(name = "ott-init", description = "Redeem a one-time token: bind a new device key to the gateway's "
        + "application and print its configuration (base64), or write it to --config-file.")
public final class OttInitCommand implements Callable<Integer> {

    @Spec
    CommandSpec spec;

    @Parameters(index = "0", paramLabel = "TOKEN", description = "The one-time token the vault printed "
            + "('pam gateway new' or 'secrets-manager client add').")
    String token;

    @Option(names = "--server", paramLabel = "HOST:PORT",
            description = "The server, replacing the token's host (needed when the server listens on a port "
                    + "other than 443).")
    String server;

    @Option(names = "--fingerprint", paramLabel = "SHA256",
            description = "Pin the server's TLS certificate by its SHA-256 fingerprint (AB:CD:..., as "
                    + "'castellan server start' prints it); without it the JVM's trust store decides.")
    String fingerprint;

    @Option(names = "--config-file", paramLabel = "FILE",
            description = "Write the configuration to FILE (mode 0600) instead of printing it; FILE must not exist.")
    Path configFile;

    @Override
    public Integer call() {
        TlsTrust tls = fingerprint == null ? TlsTrust.system() : TlsTrust.pinned(fingerprint);
        if (configFile != null && Files.exists(configFile)) {
            throw new CastellanException(ErrorCode.CONFLICT, "the configuration file " + configFile
                    + " already exists; remove it (or choose another file) to initialise a new gateway");
        }
        SecretsManagerOptions options = SecretsManagerOptions.builder().hostName(server).tls(tls)
                .storage(new InMemoryConfigStorage()).build();
        ClientConfig config;
        String app;
        try (SecretsManager sm = SecretsManager.initialize(token, options)) {
            Secrets secrets = sm.getSecrets();
            app = secrets.appTitle();
            config = sm.config();
        }
        if (fingerprint != null) {
            config = config.with(GatewayConfigKeys.TLS_FINGERPRINT, CertificateFingerprints.normalize(fingerprint));
        }
        if (configFile != null) {
            FileConfigStorage.at(configFile).save(config);
            spec.commandLine().getErr().println("Gateway bound to application '" + app + "'; configuration written "
                    + "to " + configFile.toAbsolutePath() + " (mode 0600).");
        } else {
            spec.commandLine().getOut().println(ClientConfigCodec.toBase64(config));
            spec.commandLine().getErr().println("Gateway bound to application '" + app + "'. The configuration "
                    + "above holds the gateway's device key: pass it as GATEWAY_CONFIG or store it mode 0600.");
        }
        return 0;
    }
}
