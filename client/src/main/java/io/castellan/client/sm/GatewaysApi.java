package io.castellan.client.sm;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.castellan.client.api.ApiSession;
import io.castellan.client.api.Wire;
import io.castellan.crypto.Wipe;
import java.util.List;

/**
 * The gateway and job commands of the user API ({@code gateway_add}, {@code gateway_list}, {@code gateway_remove},
 * {@code gateway_info}, {@code job_info}). A gateway is added like a device: the one-time token is made here and
 * never leaves this process except through the caller.
 */
public final class GatewaysApi {

    private final ApiSession session;

    public GatewaysApi(ApiSession session) {
        this.session = session;
    }

    /** A gateway just added: its UID and the client (with the one-time token) behind it. */
    public record IssuedGateway(String gatewayUid, IssuedClient client) implements AutoCloseable {
        @Override
        public void close() {
            client.close();
        }
    }

    /**
     * {@code gateway_add}: a client of kind gateway plus the gateway row.
     *
     * @param request name (required), IP lock and expiries; its kind is forced to gateway
     */
    public IssuedGateway add(SecretsManagerApp app, NewClient request) {
        OneTimeAccessToken token = OneTimeAccessToken.generate();
        byte[] encryptedAppKey = null;
        try {
            encryptedAppKey = AppCrypto.encryptAppKeyForClient(token.clientKey(), app.appKey());
            ObjectNode body = Wire.object().put("appUid", app.uid()).put("clientId", token.clientId())
                    .put("encryptedAppKey", Wire.b64(encryptedAppKey)).put("name", request.name())
                    .put("lockIp", request.lockIp())
                    .put("firstAccessExpiresAt", request.firstAccessExpiresAt().toEpochMilli());
            if (request.accessExpiresAt() != null) {
                body.put("accessExpiresAt", request.accessExpiresAt().toEpochMilli());
            }
            String uid = Wire.text(session.call("gateway_add", body), "gatewayUid");
            return new IssuedGateway(uid, new IssuedClient(app.uid(), token.clientId(), request, token));
        } catch (RuntimeException e) {
            token.close();
            throw e;
        } finally {
            Wipe.wipe(encryptedAppKey);
        }
    }

    /** {@code gateway_list}: the gateways of every application the user sees (JSON entries, see docs/api.md). */
    public List<JsonNode> list() {
        return Wire.array(session.call("gateway_list", Wire.object()), "gateways");
    }

    /** {@code gateway_remove}: by UID or name; returns the removed gateway's UID. */
    public String remove(String gateway) {
        return Wire.text(session.call("gateway_remove", Wire.object().put("gateway", gateway)), "gatewayUid");
    }

    /** {@code gateway_info}: asks the gateway live; {@code {job, gateway}}. */
    public ObjectNode info(String gateway) {
        return session.call("gateway_info", Wire.object().put("gateway", gateway));
    }

    /** {@code job_info}: {@code {job}}. */
    public ObjectNode job(String jobId) {
        return session.call("job_info", Wire.object().put("jobId", jobId));
    }
}
