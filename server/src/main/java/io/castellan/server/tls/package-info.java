/** The server's TLS certificate and key: generated self-signed on first start, or provided by the operator as PEM. */
package io.castellan.server.tls;
