package io.castellan.cli.pam;

import io.castellan.cli.support.CastellanSubcommand;
import io.castellan.cli.support.Printer;
import io.castellan.client.VaultClient;
import io.castellan.client.keys.UserKeyring;
import io.castellan.client.sm.Apps;
import io.castellan.client.sm.ClientKind;
import io.castellan.client.sm.GatewaysApi.IssuedGateway;
import io.castellan.client.sm.NewClient;
import io.castellan.client.sm.OneTimeAccessToken;
import io.castellan.client.sm.SecretsManagerApp;
import io.castellan.crypto.Base64s;
import io.castellan.model.error.CastellanException;
import io.castellan.model.error.ErrorCode;
import io.castellan.sdk.SecretsManager;
import io.castellan.sdk.SecretsManagerOptions;
import io.castellan.sdk.config.ClientConfig;
import io.castellan.sdk.config.ClientConfigCodec;
import io.castellan.sdk.config.InMemoryConfigStorage;
import java.net.URI;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * {@code castellan pam gateway new -n NAME -a APP [-c]}: adds a gateway (a client of kind gateway, {@code gateway_add})
 * and prints its one-time token, or with {@code -c} redeems the token itself (the SDK's first get_secret binds a fresh
 * device key) and prints the bound configuration as base64, what {@code gateway ott-init} would have produced.
 */
@Command(name = "new", description = "Add a gateway to an application: prints its one-time access token, or with -c"
        + " a ready base64 configuration (GATEWAY_CONFIG).")
final class GatewayNewCommand extends CastellanSubcommand {

    /** Extra configuration key: the server's certificate fingerprint the gateway pins (hex SHA-256). */
    static final String TLS_FINGERPRINT = "tlsFingerprintSha256";
    private static final Duration FIRST_ACCESS = Duration.ofMinutes(60);

    @Option(names = {"-n", "--name"}, required = true, paramLabel = "NAME", description = "Gateway name.")
    String name;

    @Option(names = {"-a", "--application"}, required = true, paramLabel = "APP",
            description = "Application name or UID.")
    String app;

    @Option(names = {"-c", "--config-init"}, description = "Redeem the token now and print the bound configuration"
            + " (base64) instead of the token.")
    boolean configInit;

    @Option(names = "--unlock-ip", description = "Do not lock the gateway to the IP address of its first request.")
    boolean unlockIp;

    @Override
    protected int execute() {
        if (name.isBlank()) {
            throw new CastellanException(ErrorCode.BAD_REQUEST, "--name must not be empty");
        }
        VaultClient client = context().client();
        URI server = client.transport().server();
        Printer printer = printer();
        Instant firstAccess = Clock.systemUTC().instant().plus(FIRST_ACCESS);
        // -c redeems from this machine: locking to its address would lock the gateway out of its own host
        boolean lockIp = !unlockIp && !configInit;
        try (UserKeyring keyring = client.session().unlock(client.config());
             Apps apps = client.secretsManager().list(keyring)) {
            SecretsManagerApp found = apps.resolve(app);
            try (IssuedGateway issued = client.gateways().add(found, new NewClient(name.strip(), ClientKind.GATEWAY,
                    lockIp, firstAccess, null))) {
                String output = configInit ? redeem(client, server, issued.client().token())
                        : issued.client().token().token(OneTimeAccessToken.tokenHost(server));
                if (printer.json()) {
                    printer.json(Printer.object().put("gatewayUid", issued.gatewayUid()).put("name", name.strip())
                            .put("appUid", found.uid()).put(configInit ? "config" : "token", output));
                } else {
                    printer.line(output);
                }
                printer.note("Gateway " + name.strip() + " (" + issued.gatewayUid() + ") added to " + found.title()
                        + (configInit ? ": the configuration holds its keys, store it as a secret."
                        : ": initialise it with 'castellan-gateway ott-init TOKEN' within 60 minutes."));
            }
        }
        return 0;
    }

    /** The SDK's trust for the server the CLI already trusts: its CA file, or the pinned certificate. */
    private io.castellan.sdk.transport.TlsTrust sdkTrust(VaultClient client) {
        if (context().options().caFile() != null) {
            return io.castellan.sdk.transport.TlsTrust.caFile(context().options().caFile());
        }
        if (client.config().caFile() != null) {
            return io.castellan.sdk.transport.TlsTrust.caFile(java.nio.file.Path.of(client.config().caFile()));
        }
        String pin = client.config().tlsFingerprintSha256();
        if (pin == null) {
            throw new CastellanException(ErrorCode.UNAUTHENTICATED, "the server's certificate is not pinned yet: log"
                    + " in again, or pass --ca-file");
        }
        return io.castellan.sdk.transport.TlsTrust.pinned(pin);
    }

    private String redeem(VaultClient client, URI server, OneTimeAccessToken token) {
        String hostname = OneTimeAccessToken.configHostname(server);
        SecretsManagerOptions options = SecretsManagerOptions.builder()
                .hostName(hostname)
                .tls(sdkTrust(client))
                .storage(new InMemoryConfigStorage())
                .build();
        try (SecretsManager sm = SecretsManager.initialize(Base64s.encodeWebSafe(token.clientKey()), options)) {
            sm.getSecrets();
            ClientConfig config = sm.config();
            String pin = client.config().tlsFingerprintSha256();
            if (pin != null) {
                config = config.with(TLS_FINGERPRINT, pin);
            }
            return ClientConfigCodec.toBase64(config);
        }
    }
}
