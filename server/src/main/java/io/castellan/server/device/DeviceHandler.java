package io.castellan.server.device;

import io.castellan.crypto.Aes256Gcm;
import io.castellan.crypto.Base64s;
import io.castellan.crypto.CryptoException;
import io.castellan.crypto.EcKeys;
import io.castellan.crypto.Ecies;
import io.castellan.crypto.Signatures;
import io.castellan.crypto.Wipe;
import io.castellan.model.error.CastellanException;
import io.castellan.model.error.ErrorCode;
import io.castellan.model.ksm.GetSecretRequest;
import io.castellan.model.ksm.KsmEndpoint;
import io.castellan.model.ksm.KsmRequest;
import io.castellan.server.audit.Audit;
import io.castellan.server.keys.TransmissionKey;
import io.castellan.server.keys.TransmissionKeys;
import io.castellan.server.sm.DeviceRefs;
import io.castellan.store.Device;
import io.castellan.store.DeviceRepository;
import io.javalin.http.Context;
import io.javalin.http.Handler;
import java.security.interfaces.ECPrivateKey;
import java.security.interfaces.ECPublicKey;
import java.time.Duration;
import java.time.Instant;
import java.util.Arrays;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * {@code POST /api/rest/sm/v1/{path}}: the Keeper-compatible envelope around every device endpoint
 * (ksm-protocol.md §1.2-§1.5).
 *
 * <p>In order: the endpoint must exist (404); {@code PublicKeyId} must name a held server key (400
 * {@code {"error":"key","key_id":current}}); {@code TransmissionKey} must be standard base64 and the
 * {@code Authorization: Signature <base64 DER>} header present; the body (raw bytes, whatever the
 * {@code Content-Type}: Java's SDK sends {@code application/x-www-form-urlencoded}, and nothing here parses forms)
 * must fit the limit (413), the transmission key open and the body decrypt to a payload of the endpoint's type with
 * an accepted {@code clientVersion} (400); the {@code clientId} must name a device (403); the device must not be
 * over its request rate (403 {@code throttled}); the ECDSA signature over {@code sealedKey ‖ body} must verify with the
 * bound key, or, for an unbound device's first {@code get_secret}, with the {@code publicKey} the payload carries,
 * within the one-time token's first-access window; access must not have expired and an IP-locked device must call from
 * its address (403); the transmission key must be new (400 {@code replayed_request}). Only then is an unbound device
 * bound, and the endpoint runs. Nothing before the replay check changes anything, except that refusals of a known
 * device are audited ({@code device_access_denied}).
 *
 * <p>The answer is {@code AES-256-GCM(transmission key, JSON)}, or an empty 200 body for endpoints that answer
 * nothing; failures are plain JSON ({@link DeviceErrors}).
 */
final class DeviceHandler implements Handler {

    static final String PATH = "/api/rest/sm/v1/{path}";

    private static final Logger LOG = LoggerFactory.getLogger(DeviceHandler.class);
    private static final int MAX_HEADER_LENGTH = 512;
    private static final int MAX_CLIENT_ID_LENGTH = 128;
    private static final Duration TOUCH_EVERY = Duration.ofMinutes(1);
    private static final String SIGNATURE_INVALID = "Signature is invalid";

    private final DeviceContext ctx;
    private final TransmissionKeys keys;
    private final DeviceReplayGuard replay;
    private final DeviceRateLimiter limiter;
    private final Map<KsmEndpoint, DeviceEndpoint> endpoints;
    private final DevicePublicKeys publicKeys = new DevicePublicKeys();

    DeviceHandler(DeviceContext ctx, TransmissionKeys keys, DeviceReplayGuard replay, DeviceRateLimiter limiter,
            Map<KsmEndpoint, DeviceEndpoint> endpoints) {
        this.ctx = ctx;
        this.keys = keys;
        this.replay = replay;
        this.limiter = limiter;
        this.endpoints = new EnumMap<>(endpoints);
    }

    @Override
    public void handle(Context http) {
        Optional<KsmEndpoint> endpoint = KsmEndpoint.fromPath(http.pathParam("path"));
        String path = endpoint.map(KsmEndpoint::path).orElse("unknown");
        try {
            serve(http, endpoint.orElseThrow(() -> new CastellanException(ErrorCode.NOT_FOUND,
                    "no such Secrets Manager endpoint")));
        } catch (RuntimeException e) {
            DeviceErrors.write(http, path, e);
        }
    }

    private void serve(Context http, KsmEndpoint endpoint) {
        TransmissionKey serverKey = serverKey(http.header("PublicKeyId"));
        byte[] sealed = decodeHeader(http.header("TransmissionKey"), "TransmissionKey", ErrorCode.BAD_REQUEST);
        byte[] signature = signature(http.header("Authorization"));
        byte[] body = http.bodyAsBytes();
        if (body.length > ctx.limits.maxBodyBytes()) {
            throw new CastellanException(ErrorCode.PAYLOAD_TOO_LARGE, "the request body is larger than the limit of "
                    + ctx.limits.maxBodyBytes() + " bytes");
        }
        byte[] tk = open(serverKey, sealed);
        try {
            KsmRequest request = decrypt(endpoint, tk, body);
            WireValues.checkClientVersion(request.clientVersion());
            String ip = WireValues.address(http.req().getRemoteAddr());
            DeviceRepository.Seen found = device(request.clientId());
            Device device = found.device();
            long retryAfter = limiter.acquire(device.clientId(), device.kind());
            if (retryAfter > 0) {
                throw new CastellanException(ErrorCode.THROTTLED, "too many requests from this device",
                        Map.of(CastellanException.DETAIL_RETRY_AFTER, Long.toString(retryAfter)), null);
            }
            Authorised auth = authorise(endpoint, request, device, ip, concat(sealed, body), signature);
            DeferredReplayMark mark;
            if (auth.bindKey() == null && endpoint == KsmEndpoint.GET_SECRET) {
                // the hot path: get_secret writes the mark with its audit event, in one transaction
                Device seen = device;
                mark = DeferredReplayMark.of(() -> {
                    replay.check(sealed);
                    touchIfStale(seen);
                });
            } else {
                replay.check(sealed);
                if (auth.bindKey() != null) {
                    device = bind(device, auth.bindKey(), ip, endpoint);
                } else {
                    touchIfStale(device);
                }
                mark = DeferredReplayMark.none();
            }
            DeviceCall call = new DeviceCall(endpoint, request, device, ip, http.header("Host"), auth.sendAppKey(),
                    mark, found.dataEpoch());
            Object response = endpoints.get(endpoint).handle(call);
            if (!mark.written()) {
                throw new IllegalStateException("the " + endpoint.path() + " endpoint did not write its replay mark");
            }
            if (response == null) {
                http.status(200).contentType("application/octet-stream").result(new byte[0]);
            } else {
                byte[] json = response instanceof PreparedAnswer.Json prepared ? prepared.bytes()
                        : ctx.wire.write(response);
                try {
                    http.status(200).contentType("application/octet-stream").result(Aes256Gcm.encrypt(tk, json));
                } finally {
                    Wipe.wipe(json);
                }
            }
        } finally {
            Wipe.wipe(tk);
        }
    }

    /** Who may do what: the key to bind (first request) and whether the answer carries the app key. */
    private record Authorised(byte[] bindKey, boolean sendAppKey) {
    }

    private Authorised authorise(KsmEndpoint endpoint, KsmRequest request, Device device, String ip, byte[] signed,
            byte[] signature) {
        Instant now = ctx.clock.instant();
        Optional<byte[]> offered = request instanceof GetSecretRequest get && get.publicKey() != null
                ? Optional.of(WireValues.bytes(get.publicKey(), "publicKey", EcKeys.RAW_PUBLIC_KEY_LENGTH,
                        EcKeys.RAW_PUBLIC_KEY_LENGTH))
                : Optional.empty();
        byte[] bindKey = null;
        boolean sendAppKey;
        if (device.bound()) {
            if (!verify(device.publicKey().orElseThrow(), true, signed, signature)) {
                throw deny(device, ip, endpoint, "signature", ErrorCode.UNAUTHENTICATED, SIGNATURE_INVALID);
            }
            // A device whose binding answer was lost asks again with the same key: it gets the app key again.
            sendAppKey = offered.isPresent() && Arrays.equals(offered.get(), device.publicKey().get());
        } else {
            if (endpoint != KsmEndpoint.GET_SECRET) {
                throw deny(device, ip, endpoint, "not_bound", ErrorCode.UNAUTHENTICATED,
                        "the device is not bound yet: its first request must be get_secret");
            }
            if (offered.isEmpty()) {
                throw deny(device, ip, endpoint, "no_public_key", ErrorCode.UNAUTHENTICATED,
                        "the first request of a device must carry its publicKey");
            }
            if (!verify(offered.get(), false, signed, signature)) {
                throw deny(device, ip, endpoint, "signature", ErrorCode.UNAUTHENTICATED, SIGNATURE_INVALID);
            }
            if (device.firstAccessExpiresAt().isPresent() && !now.isBefore(device.firstAccessExpiresAt().get())) {
                throw deny(device, ip, endpoint, "token_expired", ErrorCode.UNAUTHENTICATED,
                        "the one-time access token has expired; ask for a new one");
            }
            bindKey = offered.get();
            sendAppKey = true;
        }
        if (device.accessExpiresAt().isPresent() && !now.isBefore(device.accessExpiresAt().get())) {
            throw deny(device, ip, endpoint, "access_expired", ErrorCode.FORBIDDEN,
                    "the device's access has expired");
        }
        if (device.bound() && device.lockIp() && device.lockedIp().isPresent() && !device.lockedIp().get().equals(ip)) {
            throw deny(device, ip, endpoint, "ip_locked", ErrorCode.FORBIDDEN,
                    "this device is locked to another IP address");
        }
        return new Authorised(bindKey, sendAppKey);
    }

    /** Binds the device's key (and IP lock) and audits it; refuses a key that lost a race to another one. */
    private Device bind(Device device, byte[] publicKey, String ip, KsmEndpoint endpoint) {
        Optional<Device> bound = ctx.store.write(h -> {
            boolean won = ctx.devices.bind(device.clientId(), publicKey,
                    device.lockIp() ? Optional.of(ip) : Optional.empty());
            Device now = ctx.devices.get(device.clientId()).orElseThrow(DeviceHandler::unknownClient);
            if (!won) {
                boolean same = now.publicKey().map(k -> Arrays.equals(k, publicKey)).orElse(false);
                return same ? Optional.of(now) : Optional.<Device>empty();
            }
            ctx.audit.record(DeviceAuditEvents.DEVICE_BOUND, DeviceRefs.of(device.clientId()), ip,
                    List.of(device.appUid()), Audit.SUCCESS, Map.of("lockedIp", now.lockedIp().orElse("none")));
            return Optional.of(now);
        });
        return bound.orElseThrow(() -> deny(device, ip, endpoint, "token_used", ErrorCode.UNAUTHENTICATED,
                "the one-time access token was already used by another device"));
    }

    private void touchIfStale(Device device) {
        Instant now = ctx.clock.instant();
        if (device.lastSeenAt().map(t -> t.plus(TOUCH_EVERY).isBefore(now)).orElse(true)) {
            ctx.devices.touch(device.clientId(), now);
        }
    }

    /** Audits the refusal of a known device (best effort: the refusal stands either way) and returns the failure. */
    private CastellanException deny(Device device, String ip, KsmEndpoint endpoint, String reason, ErrorCode code,
            String message) {
        try {
            ctx.store.write(h -> {
                ctx.audit.record(DeviceAuditEvents.DEVICE_ACCESS_DENIED, DeviceRefs.of(device.clientId()), ip,
                        List.of(device.appUid()), Audit.DENIED, Map.of("reason", reason, "endpoint", endpoint.path()));
                return null;
            });
        } catch (RuntimeException e) {
            LOG.warn("could not audit a refused device request ({}): {}", reason, e.getClass().getSimpleName());
        }
        return new CastellanException(code, message);
    }

    /** The device, with the data epoch of the same moment ({@link AppSnapshotCache}). */
    private DeviceRepository.Seen device(String clientId) {
        if (clientId.length() > MAX_CLIENT_ID_LENGTH) {
            throw unknownClient();
        }
        return ctx.devices.getWithDataEpoch(clientId).orElseThrow(DeviceHandler::unknownClient);
    }

    private static CastellanException unknownClient() {
        return new CastellanException(ErrorCode.UNAUTHENTICATED,
                "the client is not registered: unknown, removed, or its application was removed");
    }

    private TransmissionKey serverKey(String publicKeyId) {
        Optional<TransmissionKey> key = Optional.empty();
        if (publicKeyId != null && publicKeyId.strip().matches("[0-9]{1,9}")) {
            key = keys.byId(Integer.parseInt(publicKeyId.strip()));
        }
        return key.orElseThrow(() -> new CastellanException(ErrorCode.TRANSMISSION_KEY_REJECTED,
                "unknown server key id", Map.of("key_id", Integer.toString(keys.current().keyId())), null));
    }

    private static byte[] signature(String authorization) {
        if (authorization == null || !authorization.startsWith("Signature ")) {
            throw new CastellanException(ErrorCode.UNAUTHENTICATED, "the Authorization header must be"
                    + " 'Signature <base64>'");
        }
        return decodeHeader(authorization.substring("Signature ".length()), "Authorization",
                ErrorCode.UNAUTHENTICATED);
    }

    private static byte[] decodeHeader(String value, String name, ErrorCode code) {
        if (value == null || value.isBlank() || value.length() > MAX_HEADER_LENGTH) {
            throw new CastellanException(code, "the " + name + " header is missing or malformed");
        }
        try {
            return Base64s.decode(value.strip());
        } catch (CryptoException e) {
            throw new CastellanException(code, "the " + name + " header is not standard base64");
        }
    }

    private static byte[] open(TransmissionKey serverKey, byte[] sealed) {
        byte[] tk;
        try {
            tk = Ecies.open((ECPrivateKey) serverKey.privateKey(), sealed);
        } catch (CryptoException | ClassCastException e) {
            throw new CastellanException(ErrorCode.BAD_REQUEST,
                    "the transmission key does not open with the server key it names");
        }
        if (tk.length != Aes256Gcm.KEY_LENGTH) {
            Wipe.wipe(tk);
            throw new CastellanException(ErrorCode.BAD_REQUEST, "the transmission key must be 32 bytes");
        }
        return tk;
    }

    private KsmRequest decrypt(KsmEndpoint endpoint, byte[] tk, byte[] body) {
        byte[] plaintext;
        try {
            plaintext = Aes256Gcm.decrypt(tk, body);
        } catch (CryptoException e) {
            throw new CastellanException(ErrorCode.BAD_REQUEST, "the request body does not decrypt with the"
                    + " transmission key");
        }
        try {
            return ctx.wire.readRequest(endpoint, plaintext);
        } finally {
            Wipe.wipe(plaintext);
        }
    }

    /** Verifies with a bound key (decoded once, {@link DevicePublicKeys}) or an offered one (decoded, not kept). */
    private boolean verify(byte[] rawPublicKey, boolean bound, byte[] signed, byte[] signature) {
        ECPublicKey key;
        try {
            key = bound ? publicKeys.of(rawPublicKey) : EcKeys.publicKeyFromRaw(rawPublicKey);
        } catch (CryptoException e) {
            throw WireValues.bad("publicKey", "is not a P-256 public key");
        }
        return Signatures.verifyDer(key, signed, signature);
    }

    private static byte[] concat(byte[] a, byte[] b) {
        byte[] out = Arrays.copyOf(a, a.length + b.length);
        System.arraycopy(b, 0, out, a.length, b.length);
        return out;
    }
}
