package io.castellan.client.transport;

import io.castellan.model.error.CastellanException;
import io.castellan.model.error.ErrorCode;
import java.net.URI;
import java.net.URISyntaxException;
import java.util.Locale;

/** Parses and checks the server URL a user gives: HTTPS only, a host, no query or fragment. */
public final class ServerUrl {

    private ServerUrl() {
    }

    /**
     * @param url e.g. {@code https://vault.example.com:8443} (a path prefix is allowed, a trailing slash dropped)
     * @return the normalised URI, without a trailing slash
     * @throws CastellanException ({@link ErrorCode#BAD_REQUEST}) when it is not a usable HTTPS URL
     */
    public static URI parse(String url) {
        URI uri;
        try {
            uri = new URI(url == null ? "" : url.strip());
        } catch (URISyntaxException e) {
            throw invalid();
        }
        if (uri.getScheme() == null || !"https".equals(uri.getScheme().toLowerCase(Locale.ROOT))) {
            throw new CastellanException(ErrorCode.BAD_REQUEST,
                    "the server URL must start with https:// (the vault API is only served over TLS)");
        }
        if (uri.getHost() == null || uri.getRawQuery() != null || uri.getRawFragment() != null
                || uri.getRawUserInfo() != null) {
            throw invalid();
        }
        String text = uri.toString();
        while (text.endsWith("/")) {
            text = text.substring(0, text.length() - 1);
        }
        return URI.create(text);
    }

    private static CastellanException invalid() {
        return new CastellanException(ErrorCode.BAD_REQUEST,
                "the server URL is not valid; expected https://HOST[:PORT]");
    }
}
