package io.castellan.client.sm;

import java.time.Instant;

/**
 * A device or gateway of an application ({@code clients[]} of {@code app_get} and {@code app_client_list}). None of
 * this is secret: the client id is an HMAC of the one-time key, which the device sends with every request.
 *
 * @param clientId the 88-character client id
 * @param name its name
 * @param kind {@code device} or {@code gateway}
 * @param lockIp whether it is locked to the IP address of its first request
 * @param lockedIp that address once bound, or {@code null}
 * @param firstAccessExpiresAt when the unused one-time token stops working, or {@code null}
 * @param accessExpiresAt when the device stops working, or {@code null} for never
 * @param createdAt when it was added, or {@code null}
 * @param lastSeenAt its last request, or {@code null}
 * @param bound whether the one-time token has been used (the device holds its own key)
 */
public record AppClient(String clientId, String name, String kind, boolean lockIp, String lockedIp,
        Instant firstAccessExpiresAt, Instant accessExpiresAt, Instant createdAt, Instant lastSeenAt, boolean bound) {

    /** Characters of the client id shown in tables; a unique prefix this long or longer also names the client. */
    public static final int SHORT_ID_LENGTH = 12;

    /** @return the first {@value #SHORT_ID_LENGTH} characters of the client id */
    public String shortId() {
        return clientId.length() <= SHORT_ID_LENGTH ? clientId : clientId.substring(0, SHORT_ID_LENGTH);
    }
}
