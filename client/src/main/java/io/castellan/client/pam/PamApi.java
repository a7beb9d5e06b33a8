package io.castellan.client.pam;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.castellan.client.api.ApiSession;
import io.castellan.client.api.Wire;
import io.castellan.model.error.CastellanException;
import io.castellan.model.error.ErrorCode;
import java.util.List;
import java.util.Objects;

/** The PAM configuration and rotation commands of the user API ({@code pam_config_*}, {@code rotation_*}). */
public final class PamApi {

    private final ApiSession session;

    public PamApi(ApiSession session) {
        this.session = Objects.requireNonNull(session, "session");
    }

    /** {@code pam_config_add} for the configuration record {@code uid}. */
    public PamConfigInfo addConfig(String uid, PamConfigFields fields) {
        ObjectNode request = Wire.object().put("uid", uid);
        fields.into(request);
        return PamConfigInfo.of(session.call("pam_config_add", request));
    }

    /** {@code pam_config_edit}: sends only the values given. */
    public PamConfigInfo editConfig(String uid, PamConfigFields fields) {
        ObjectNode request = Wire.object().put("uid", uid);
        fields.into(request);
        return PamConfigInfo.of(session.call("pam_config_edit", request));
    }

    /** {@code pam_config_list}. */
    public List<PamConfigInfo> listConfigs() {
        return Wire.array(session.call("pam_config_list", Wire.object()), "configurations").stream()
                .map(PamConfigInfo::of).toList();
    }

    /** {@code rotation_set}. */
    public RotationInfo setRotation(RotationChange change) {
        ObjectNode request = Wire.object().put("recordUid", change.recordUid())
                .put("resourceUid", change.resourceUid()).put("settings", Wire.b64(change.sealedSettings()));
        if (change.configUid() != null) {
            request.put("configUid", change.configUid());
        }
        if (change.rotationType() != null) {
            request.put("rotationType", change.rotationType());
        }
        if (change.schedule() != null) {
            request.set("schedule", change.schedule());
        }
        if (change.onDemand()) {
            request.put("onDemand", true);
        }
        if (change.noop() != null) {
            request.put("noop", change.noop());
        }
        if (change.enabled() != null) {
            request.put("enabled", change.enabled());
        }
        return RotationInfo.of(session.call("rotation_set", request));
    }

    /** {@code rotation_list}. */
    public List<RotationInfo> listRotations() {
        return Wire.array(session.call("rotation_list", Wire.object()), "rotations").stream()
                .map(RotationInfo::of).toList();
    }

    /** {@code rotation_info}. */
    public RotationInfo rotationInfo(String recordUid) {
        return RotationInfo.of(session.call("rotation_info", Wire.object().put("uid", recordUid)));
    }

    /** {@code rotate}: the job id of the queued rotation. */
    public String rotate(String recordUid) {
        return Wire.text(session.call("rotate", Wire.object().put("recordUid", recordUid)), "jobId");
    }

    /**
     * {@code job_info} (the Router's job service): the job ({@code jobId}, {@code state} in lower case,
     * {@code summary}, {@code details}, ...) as the server answers it under {@code job}. A server without that
     * command is reported clearly rather than as a bare 404.
     */
    public JsonNode jobInfo(String jobId) {
        try {
            JsonNode answer = session.call("job_info", Wire.object().put("jobId", jobId));
            return answer.has("job") ? answer.get("job") : answer;
        } catch (CastellanException e) {
            if (e.code() == ErrorCode.NOT_FOUND && e.getMessage().contains("no such API command")) {
                throw new CastellanException(ErrorCode.UNAVAILABLE,
                        "this server has no job service yet (the job_info command is unknown to it)");
            }
            throw e;
        }
    }
}
