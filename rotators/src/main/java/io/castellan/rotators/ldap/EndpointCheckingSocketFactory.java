package io.castellan.rotators.ldap;

import java.io.IOException;
import java.net.InetAddress;
import java.net.Socket;
import javax.net.ssl.SSLParameters;
import javax.net.ssl.SSLSocket;
import javax.net.ssl.SSLSocketFactory;

/**
 * Makes every TLS socket check that the certificate names the host (JSSE's "LDAPS" endpoint identification, RFC
 * 6125 rules) during the handshake. Wrap the JDK's own factory ({@code SSLContext.getSocketFactory()}): UnboundID's
 * {@code SSLUtil.createSSLSocketFactory()} hands out plain-socket wrappers, and with those UnboundID's host-name
 * verifier let a certificate for 127.0.0.1 pass on 127.0.0.2 in our test.
 */
final class EndpointCheckingSocketFactory extends SSLSocketFactory {

    private final SSLSocketFactory delegate;

    EndpointCheckingSocketFactory(SSLSocketFactory delegate) {
        this.delegate = delegate;
    }

    private Socket checked(Socket s) {
        if (s instanceof SSLSocket ssl) {
            SSLParameters p = ssl.getSSLParameters();
            p.setEndpointIdentificationAlgorithm("LDAPS");
            ssl.setSSLParameters(p);
        }
        return s;
    }

    @Override
    public String[] getDefaultCipherSuites() {
        return delegate.getDefaultCipherSuites();
    }

    @Override
    public String[] getSupportedCipherSuites() {
        return delegate.getSupportedCipherSuites();
    }

    @Override
    public Socket createSocket() throws IOException {
        return checked(delegate.createSocket());
    }

    @Override
    public Socket createSocket(Socket s, String host, int port, boolean autoClose) throws IOException {
        return checked(delegate.createSocket(s, host, port, autoClose));
    }

    @Override
    public Socket createSocket(String host, int port) throws IOException {
        return checked(delegate.createSocket(host, port));
    }

    @Override
    public Socket createSocket(String host, int port, InetAddress localHost, int localPort) throws IOException {
        return checked(delegate.createSocket(host, port, localHost, localPort));
    }

    @Override
    public Socket createSocket(InetAddress host, int port) throws IOException {
        return checked(delegate.createSocket(host, port));
    }

    @Override
    public Socket createSocket(InetAddress address, int port, InetAddress localAddress, int localPort) throws IOException {
        return checked(delegate.createSocket(address, port, localAddress, localPort));
    }
}
