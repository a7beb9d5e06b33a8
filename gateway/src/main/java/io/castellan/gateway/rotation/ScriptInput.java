package io.castellan.gateway.rotation;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.castellan.model.json.Json;
import java.io.IOException;
import java.nio.charset.StandardCharsets;

/**
 * The JSON a post-rotation script reads on standard input. Secrets go here (or nowhere): never on the command line,
 * where {@code ps} shows them to every local user, and never in the environment, which {@code /proc/PID/environ}
 * keeps for the process's life.
 *
 * @param jobId the rotation job
 * @param configUid the PAM configuration, or ""
 * @param resourceUid the resource that rotated the credential
 * @param userUid the pamUser
 * @param username the account
 * @param oldPassword the password before the rotation (the same as the new one for a NOOP rotation)
 * @param newPassword the password now current
 */
record ScriptInput(String jobId, String configUid, String resourceUid, String userUid, String username,
                   char[] oldPassword, char[] newPassword) {

    private static final ObjectMapper JSON = Json.newMapper();

    /** @return UTF-8 JSON; the caller wipes it after writing it to the script */
    byte[] toJson() {
        ObjectNode o = JSON.createObjectNode();
        o.put("version", 1).put("jobId", jobId).put("configUid", configUid).put("resourceUid", resourceUid)
                .put("userUid", userUid).put("username", username)
                .put("oldPassword", oldPassword == null ? "" : new String(oldPassword))
                .put("newPassword", newPassword == null ? "" : new String(newPassword));
        try {
            return (JSON.writeValueAsString(o) + "\n").getBytes(StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new IllegalStateException("script input does not serialize", e);
        }
    }
}
