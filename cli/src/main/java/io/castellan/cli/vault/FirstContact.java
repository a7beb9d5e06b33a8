package io.castellan.cli.vault;

import io.castellan.cli.support.ClientContext;
import io.castellan.cli.support.Printer;
import io.castellan.client.config.CliConfig;
import io.castellan.client.transport.ApiTransport;
import io.castellan.sdk.transport.CertificateFingerprints;
import io.castellan.client.transport.ServerKeys;
import io.castellan.client.transport.TlsTrust;
import io.castellan.model.error.CastellanException;
import java.net.URI;
import java.nio.file.Path;

/**
 * The connection {@code login} and {@code register} make: the only places a new certificate may be trusted. A
 * {@code --ca-file} (given now or stored) is used as is; otherwise the stored pin, unless there is none or
 * {@code --repin} was given — then the certificate presented now is pinned (trust on first use) and its fingerprint
 * printed, so the user can compare it with what the server operator sees.
 *
 * @param transport the connected transport (server keys already fetched)
 * @param config the config to store on success (server, trust; session unchanged)
 * @param pinnedNow the fingerprint pinned by this connection, or {@code null}
 */
record FirstContact(ApiTransport transport, CliConfig config, String pinnedNow) {

    static FirstContact connect(ClientContext context, boolean repin, Printer printer) {
        String url = context.serverUrl();
        CliConfig base = context.config().withServer(url);
        TlsTrust trust;
        boolean firstUse = false;
        if (context.options().caFile() != null) {
            trust = TlsTrust.caFile(context.options().caFile());
            base = base.withCaFile(context.options().caFile().toAbsolutePath().toString());
        } else if (base.caFile() != null && !repin) {
            trust = TlsTrust.caFile(Path.of(base.caFile()));
        } else if (base.tlsFingerprintSha256() != null && !repin) {
            trust = TlsTrust.pinned(base.tlsFingerprintSha256());
        } else {
            trust = TlsTrust.trustOnFirstUse();
            firstUse = true;
        }
        ApiTransport transport = ApiTransport.connect(URI.create(url), trust);
        ServerKeys keys = transport.serverKeys();
        String pinned = null;
        if (firstUse) {
            pinned = trust.observedFingerprint().orElseThrow();
            base = base.withPin(pinned);
            warnIfDifferent(keys.tlsFingerprintSha256(), pinned, printer);
        }
        return new FirstContact(transport, base, pinned);
    }

    private static void warnIfDifferent(String published, String observed, Printer printer) {
        if (published == null) {
            return;
        }
        try {
            if (!CertificateFingerprints.normalize(published).equals(observed)) {
                printer.warn("the server says its certificate is " + published + " but presented " + observed
                        + " (a TLS proxy in between?)");
            }
        } catch (CastellanException e) {
            printer.warn("the server publishes a malformed certificate fingerprint");
        }
    }
}
