package io.castellan.server.device;

import java.time.Duration;

/**
 * Limits of the device API.
 *
 * @param maxBodyBytes          largest encrypted request body ({@code 413} past it)
 * @param maxRecordDataBytes    largest encrypted record data a device may write
 * @param maxAttachmentBytes    largest encrypted file a device may upload
 * @param requestsPerMinute     requests one device may make per minute (a token bucket of this size that refills at
 *                              this rate); past it the device gets {@code 403 throttled} with {@code retry_after}
 * @param gatewayRequestsPerMinute the same for a gateway's device (higher: rotations and tunnels all go through it)
 * @param uploadTtl             how long an {@code add_file} upload URL stays usable
 * @param downloadTtl           how long a file download URL stays usable
 * @param replayMemory          how long a used transmission key is remembered (device requests carry no timestamp)
 */
public record DeviceLimits(long maxBodyBytes, int maxRecordDataBytes, long maxAttachmentBytes, int requestsPerMinute,
        int gatewayRequestsPerMinute, Duration uploadTtl, Duration downloadTtl, Duration replayMemory) {

    public static final int DEFAULT_REQUESTS_PER_MINUTE = 1200;
    public static final int DEFAULT_GATEWAY_REQUESTS_PER_MINUTE = 60_000;
    public static final int DEFAULT_MAX_RECORD_DATA_BYTES = 512 * 1024;
    public static final Duration DEFAULT_UPLOAD_TTL = Duration.ofMinutes(10);
    public static final Duration DEFAULT_DOWNLOAD_TTL = Duration.ofMinutes(15);
    public static final Duration DEFAULT_REPLAY_MEMORY = Duration.ofHours(24);

    public DeviceLimits {
        if (maxBodyBytes < 1024 || maxRecordDataBytes < 1 || maxAttachmentBytes < 1 || requestsPerMinute < 1
                || gatewayRequestsPerMinute < 1) {
            throw new IllegalArgumentException("device limits must be positive");
        }
    }

    /** The defaults around the server's body and attachment limits. */
    public static DeviceLimits of(long maxBodyBytes, long maxAttachmentBytes, int requestsPerMinute,
            int gatewayRequestsPerMinute) {
        return new DeviceLimits(maxBodyBytes, DEFAULT_MAX_RECORD_DATA_BYTES, maxAttachmentBytes, requestsPerMinute,
                gatewayRequestsPerMinute, DEFAULT_UPLOAD_TTL, DEFAULT_DOWNLOAD_TTL, DEFAULT_REPLAY_MEMORY);
    }
}
