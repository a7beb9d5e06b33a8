package io.castellan.client.pam;

import com.fasterxml.jackson.databind.node.ObjectNode;

/**
 * What {@code rotation_set} sends; {@code null} values are not sent (the server keeps them or uses its defaults).
 *
 * @param sealedSettings the settings sealed under the pamUser's record key ({@link SealedRotationSettings#seal})
 */
public record RotationChange(String recordUid, String resourceUid, String configUid, String rotationType,
        ObjectNode schedule, boolean onDemand, Boolean noop, Boolean enabled, byte[] sealedSettings) {
}
