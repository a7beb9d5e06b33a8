package io.castellan.server.http;

import io.castellan.server.ListenAddress;
import io.castellan.server.tls.TlsMaterial;
import java.security.SecureRandom;
import java.util.HexFormat;
import org.eclipse.jetty.server.HttpConfiguration;
import org.eclipse.jetty.server.HttpConnectionFactory;
import org.eclipse.jetty.server.SecureRequestCustomizer;
import org.eclipse.jetty.server.Server;
import org.eclipse.jetty.server.ServerConnector;
import org.eclipse.jetty.server.SslConnectionFactory;
import org.eclipse.jetty.util.ssl.SslContextFactory;

/**
 * The only listener: HTTPS (TLS 1.3 and 1.2, Jetty's default exclusion of weak cipher suites) from the server's PEM
 * material. There is no plain-HTTP listener at all; a plain request to the port fails the TLS handshake.
 */
public final class HttpsConnectors {

    /** Idle connections are closed after this long. */
    static final long IDLE_TIMEOUT_MS = 30_000;
    static final long SHUTDOWN_IDLE_TIMEOUT_MS = 250;

    private HttpsConnectors() {
    }

    public static ServerConnector create(Server server, HttpConfiguration base, TlsMaterial tls, ListenAddress listen) {
        // The key store only lives in memory; its password just satisfies the KeyStore API.
        byte[] random = new byte[16];
        new SecureRandom().nextBytes(random);
        String password = HexFormat.of().formatHex(random);

        SslContextFactory.Server ssl = new SslContextFactory.Server();
        ssl.setKeyStore(tls.toKeyStore(password.toCharArray()));
        ssl.setKeyStorePassword(password);
        ssl.setCertAlias("server");
        ssl.setIncludeProtocols("TLSv1.3", "TLSv1.2");
        ssl.setSniRequired(false);

        HttpConfiguration https = new HttpConfiguration(base);
        https.setSendServerVersion(false);
        https.setSendXPoweredBy(false);
        SecureRequestCustomizer secure = new SecureRequestCustomizer();
        // One certificate serves every name the operator uses (IP, alias); don't reject requests by SNI host.
        secure.setSniHostCheck(false);
        https.addCustomizer(secure);

        ServerConnector connector = new ServerConnector(server,
                new SslConnectionFactory(ssl, "http/1.1"), new HttpConnectionFactory(https));
        connector.setHost(listen.host());
        connector.setPort(listen.port());
        connector.setIdleTimeout(IDLE_TIMEOUT_MS);
        // On stop, keep-alive connections with no request in flight are closed after this (Jetty's default: 1 s);
        // requests in flight still get the full stop timeout.
        connector.setShutdownIdleTimeout(SHUTDOWN_IDLE_TIMEOUT_MS);
        return connector;
    }
}
