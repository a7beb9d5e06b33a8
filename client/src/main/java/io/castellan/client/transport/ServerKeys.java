package io.castellan.client.transport;

import com.fasterxml.jackson.databind.JsonNode;
import io.castellan.crypto.Base64s;
import io.castellan.crypto.CryptoException;
import io.castellan.crypto.EcKeys;
import io.castellan.model.error.CastellanException;
import io.castellan.model.error.ErrorCode;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;

/**
 * The body of {@code GET /.well-known/castellan/server-keys}:
 * {@code {"keys":[{"keyId":1,"publicKey":"<web-safe b64 raw point>","algorithm":"P-256"}],
 * "tlsFingerprintSha256":"AA:BB:…"}}. Every key is checked to be a valid P-256 point when read.
 *
 * @param keys the published keys
 * @param tlsFingerprintSha256 the fingerprint of the server's own TLS certificate, or {@code null}
 */
public record ServerKeys(List<ServerKey> keys, String tlsFingerprintSha256) {

    /** Copies and requires at least one key. */
    public ServerKeys {
        keys = List.copyOf(keys);
        if (keys.isEmpty()) {
            throw new CastellanException(ErrorCode.UNAVAILABLE, "the server publishes no transmission key");
        }
    }

    /** @return the key with the highest id: the doc lists no "current" marker, so the newest is assumed current */
    public ServerKey newest() {
        return keys.stream().max(Comparator.comparingInt(ServerKey::keyId)).orElseThrow();
    }

    /** @return the key with this id, if published */
    public Optional<ServerKey> byId(int keyId) {
        return keys.stream().filter(k -> k.keyId() == keyId).findFirst();
    }

    /**
     * @param body the parsed JSON body
     * @return the keys of P-256 algorithm
     * @throws CastellanException ({@link ErrorCode#UNAVAILABLE}) when the body is not a key list
     */
    public static ServerKeys parse(JsonNode body) {
        if (body == null || !body.path("keys").isArray()) {
            throw malformed();
        }
        List<ServerKey> keys = new ArrayList<>();
        for (JsonNode key : body.get("keys")) {
            if (!key.path("keyId").canConvertToInt() || !key.path("publicKey").isTextual()) {
                throw malformed();
            }
            if (key.has("algorithm") && !"P-256".equals(key.get("algorithm").asText())) {
                continue;
            }
            try {
                byte[] raw = Base64s.decodeWebSafe(key.get("publicKey").textValue());
                EcKeys.publicKeyFromRaw(raw);
                keys.add(new ServerKey(key.get("keyId").intValue(), raw));
            } catch (CryptoException e) {
                throw malformed();
            }
        }
        JsonNode fingerprint = body.get("tlsFingerprintSha256");
        return new ServerKeys(keys, fingerprint != null && fingerprint.isTextual() ? fingerprint.textValue() : null);
    }

    private static CastellanException malformed() {
        return new CastellanException(ErrorCode.UNAVAILABLE, "the server's key list is malformed");
    }
}
