package io.castellan.client.pam;

import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.List;
import java.util.Map;

/**
 * Values of a PAM configuration to send; {@code null} means "not given" (unchanged on edit).
 *
 * @param environment     {@code local}, {@code aws}, {@code azure} or {@code domain}
 * @param gatewayUid      the gateway's Secrets Manager client id
 * @param sharedFolderUid the shared folder of its resources
 * @param features        feature wire names ({@code rotation}, {@code connections}, ...)
 * @param schedule        the default rotation schedule ({@code {"type":"ON_DEMAND"}} clears it)
 * @param portMapping     port to protocol
 */
public record PamConfigFields(String environment, String gatewayUid, String sharedFolderUid, List<String> features,
        ObjectNode schedule, Map<Integer, String> portMapping) {

    /** Adds the given values to a request. */
    void into(ObjectNode request) {
        if (environment != null) {
            request.put("environment", environment);
        }
        if (gatewayUid != null) {
            request.put("gatewayUid", gatewayUid);
        }
        if (sharedFolderUid != null) {
            request.put("sharedFolderUid", sharedFolderUid);
        }
        if (features != null) {
            features.forEach(request.putArray("features")::add);
        }
        if (schedule != null) {
            request.set("schedule", schedule);
        }
        if (portMapping != null) {
            ObjectNode ports = request.putObject("portMapping");
            portMapping.forEach((port, protocol) -> ports.put(Integer.toString(port), protocol));
        }
    }
}
