package io.castellan.cli.sm;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.castellan.cli.support.Printer;
import io.castellan.client.VaultClient;
import io.castellan.client.keys.UserKeyring;
import io.castellan.client.sm.AppClient;
import io.castellan.client.sm.Apps;
import io.castellan.client.sm.ClientKind;
import io.castellan.client.sm.IssuedClient;
import io.castellan.client.sm.NewClient;
import io.castellan.client.sm.OneTimeAccessToken;
import io.castellan.client.sm.PreBindConfig;
import io.castellan.client.sm.SecretsManagerApp;
import io.castellan.client.transport.ServerKey;
import io.castellan.crypto.Base64s;
import io.castellan.crypto.CastellanRandom;
import io.castellan.model.error.CastellanException;
import io.castellan.model.error.ErrorCode;
import java.net.URI;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.stream.Collectors;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * {@code castellan secrets-manager client add --app APP …}: per device, 32 random bytes ({@code clientKey}), its
 * client id, and the application key wrapped with it ({@code app_client_add}). Prints the one-time token
 * {@code HOST:KEY} on standard output (the only secret this command prints), or with {@code --config-init} a
 * ready pre-bind configuration instead. Notes go to standard error.
 */
@Command(name = "add", description = "Add devices to an application: prints one one-time access token per device"
        + " (HOST:KEY), or a ready configuration with --config-init.")
final class ClientAddCommand extends SmCommand {

    private static final String NAME_ALPHABET = "abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789";
    private static final int DEFAULT_NAME_LENGTH = 10;

    @Option(names = "--app", required = true, paramLabel = "APP", description = "Application name or UID.")
    String app;

    @Option(names = "--name", paramLabel = "NAME",
            description = "Client name (default: 10 random characters; with --count, NAME-1, NAME-2…).")
    String name;

    @Option(names = "--first-access-expires-in-min", paramLabel = "MIN",
            defaultValue = "" + ClientLimits.FIRST_ACCESS_DEFAULT_MIN,
            description = "The token must be used within MIN minutes (default: ${DEFAULT-VALUE}, max "
                    + ClientLimits.FIRST_ACCESS_MAX_MIN + ").")
    int firstAccessMinutes;

    @Option(names = "--access-expire-in-min", paramLabel = "MIN",
            description = "The device stops working MIN minutes from now (default: no expiry).")
    Integer accessMinutes;

    @Option(names = "--unlock-ip",
            description = "Do not lock the device to the IP address of its first request.")
    boolean unlockIp;

    @Option(names = "--count", paramLabel = "N", defaultValue = "1",
            description = "How many devices to add (default: ${DEFAULT-VALUE}, max " + ClientLimits.COUNT_MAX + ").")
    int count;

    @Option(names = "--config-init", paramLabel = "json|b64|k8s",
            description = "Print a ready configuration (hostname with port, clientId, clientKey, a new privateKey,"
                    + " serverPublicKey, serverPublicKeyId) instead of a token: JSON, base64 of it, or a Kubernetes"
                    + " Secret.")
    ConfigInit configInit;

    @Option(names = "--kind", paramLabel = "device|gateway", defaultValue = "device", hidden = true,
            description = "Client kind (gateways are added by 'pam gateway new').")
    String kind;

    @Override
    protected int execute() {
        Clock clock = Clock.systemUTC();
        Instant firstAccess = ClientLimits.firstAccessExpiresAt(firstAccessMinutes, clock);
        Instant access = ClientLimits.accessExpiresAt(accessMinutes, clock);
        ClientLimits.count(count);
        ClientKind clientKind = parseKind(kind);
        if (name != null && name.isBlank()) {
            throw new CastellanException(ErrorCode.BAD_REQUEST, "--name must not be empty");
        }

        VaultClient client = client();
        URI server = client.transport().server();
        Printer printer = printer();
        List<IssuedClient> issued = new ArrayList<>();
        try (UserKeyring keyring = unlock(client); Apps apps = apps(client, keyring)) {
            SecretsManagerApp found = apps.resolve(app);
            Set<String> taken = client.secretsManager().listClients(found.uid()).stream().map(AppClient::name)
                    .collect(Collectors.toSet());
            List<String> names = names(taken);
            ServerKey serverKey = client.transport().serverKeys().newest();
            try {
                for (String clientName : names) {
                    issued.add(client.secretsManager().addClient(found,
                            new NewClient(clientName, clientKind, !unlockIp, firstAccess, access)));
                }
            } catch (RuntimeException e) {
                if (!issued.isEmpty()) {
                    // The devices already registered are usable: hand out their tokens before failing.
                    print(printer, found, issued, server, serverKey);
                    printer.warn("only " + issued.size() + " of " + names.size() + " clients were added");
                }
                throw e;
            }
            print(printer, found, issued, server, serverKey);
        } finally {
            issued.forEach(IssuedClient::close);
        }
        return 0;
    }

    private static ClientKind parseKind(String text) {
        try {
            return ClientKind.parse(text);
        } catch (CastellanException e) {
            throw new CastellanException(ErrorCode.BAD_REQUEST, "--kind must be device or gateway");
        }
    }

    private List<String> names(Set<String> taken) {
        List<String> out = new ArrayList<>();
        for (int i = 1; i <= count; i++) {
            String next;
            if (name == null) {
                do {
                    next = randomName();
                } while (taken.contains(next) || out.contains(next));
            } else {
                next = count == 1 ? name.strip() : name.strip() + "-" + i;
                if (taken.contains(next)) {
                    throw new CastellanException(ErrorCode.CONFLICT, "the application already has a client named "
                            + next + "; choose another --name");
                }
            }
            out.add(next);
        }
        return out;
    }

    private static String randomName() {
        byte[] random = CastellanRandom.bytes(DEFAULT_NAME_LENGTH);
        StringBuilder out = new StringBuilder();
        for (byte b : random) {
            out.append(NAME_ALPHABET.charAt((b & 0xff) % NAME_ALPHABET.length()));
        }
        return out.toString();
    }

    private void print(Printer printer, SecretsManagerApp app, List<IssuedClient> issued, URI server,
            ServerKey serverKey) {
        String hostname = OneTimeAccessToken.configHostname(server);
        String tokenHost = OneTimeAccessToken.tokenHost(server);
        ArrayNode json = Printer.object().arrayNode();
        List<String> texts = new ArrayList<>();
        for (int i = 0; i < issued.size(); i++) {
            IssuedClient c = issued.get(i);
            ObjectNode entry = json.addObject().put("appUid", app.uid()).put("name", c.request().name())
                    .put("clientId", c.clientId()).put("kind", c.request().kind().wire())
                    .put("lockIp", c.request().lockIp())
                    .put("firstAccessExpiresAt", millis(c.request().firstAccessExpiresAt()))
                    .put("accessExpiresAt", millis(c.request().accessExpiresAt())).put("hostname", hostname);
            String text = configInit == null ? c.token().token(tokenHost)
                    : configInit.render(PreBindConfig.create(hostname, c.token(), serverKey), i + 1, issued.size());
            entry.put(configInit == null ? "token" : "config", text);
            texts.add(text);
            printer.note("Client " + c.request().name() + " (" + c.request().kind().wire() + ") added to "
                    + app.title() + ": first access by " + time(c.request().firstAccessExpiresAt(), "-")
                    + ", IP lock " + (c.request().lockIp() ? "on" : "off") + ", access "
                    + (c.request().accessExpiresAt() == null ? "never expires"
                    : "until " + time(c.request().accessExpiresAt(), "")) + ".");
        }
        if (printer.json()) {
            printer.json(json);
        } else {
            for (int i = 0; i < texts.size(); i++) {
                if (i > 0 && configInit != null && !configInit.separator().isEmpty()) {
                    printer.line(configInit.separator());
                }
                // Printer.line keeps one line per call (it blanks control characters): print JSON and YAML by line.
                texts.get(i).lines().forEach(printer::line);
            }
        }
        if (configInit != null) {
            printer.note("The configuration holds the device's keys: store it as a secret. The device binds on its"
                    + " first request.");
            return;
        }
        if (tokenHost == null || !OneTimeAccessToken.tokenReaches(server)) {
            printer.note("The server is at " + hostname + ", which a token cannot carry (Keeper SDKs split the token"
                    + " on ':'): give the SDK the host with its port (hostName \"" + hostname + "\"), or use"
                    + " --config-init json|b64|k8s, whose hostname has the port.");
        }
        printer.note("Keeper SDKs also need the server's key: serverPublicKeyId " + serverKey.keyId()
                + ", serverPublicKey " + Base64s.encodeWebSafe(serverKey.publicKey())
                + " (--config-init includes both).");
    }
}
