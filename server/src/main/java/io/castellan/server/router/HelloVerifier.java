package io.castellan.server.router;

import io.castellan.crypto.Base64s;
import io.castellan.crypto.ConstantTime;
import io.castellan.crypto.CryptoException;
import io.castellan.crypto.EcKeys;
import io.castellan.crypto.Signatures;
import io.castellan.model.error.ErrorCode;
import io.castellan.model.gateway.GatewayProtocol;
import io.castellan.model.gateway.Hello;
import io.castellan.store.Device;
import io.castellan.store.DeviceKind;
import io.castellan.store.DeviceRepository;
import io.castellan.store.GatewayRepository;
import io.castellan.store.StoredGateway;
import java.time.Clock;

/**
 * Checks a {@link Hello} against the challenge this socket sent: the client is a bound device of kind gateway with a
 * gateway row, its signature over {@link GatewayProtocol#signedBytes} verifies with its bound public key, its access
 * has not expired, and an IP-locked gateway connects from its locked address (the device API's rule). A Hello made
 * for another connection's nonce fails, so a recorded Hello cannot be replayed.
 */
final class HelloVerifier {

    static final int CLIENT_ID_LENGTH = 88;
    static final int MAX_SIGNATURE_BASE64 = 120;
    static final int MAX_VERSION_LENGTH = 64;
    static final int MAX_CAPABILITIES = 16;
    static final int MAX_JOB_CAPACITY = 100_000;

    private final DeviceRepository devices;
    private final GatewayRepository gateways;
    private final Clock clock;

    HelloVerifier(DeviceRepository devices, GatewayRepository gateways, Clock clock) {
        this.devices = devices;
        this.gateways = gateways;
        this.clock = clock;
    }

    /**
     * @param expectedNonce the nonce of this socket's challenge
     * @param remoteIp      the canonical address the socket comes from
     * @return the authenticated gateway
     * @throws Refusal naming the problem
     */
    StoredGateway verify(Hello hello, String expectedNonce, String remoteIp) {
        shape(hello);
        if (!ConstantTime.equals(expectedNonce, hello.nonce())) {
            throw new Refusal(ErrorCode.UNAUTHENTICATED, "nonce", "the Hello answers another connection's challenge",
                    false);
        }
        Device device = devices.get(hello.clientId()).orElseThrow(() -> new Refusal(ErrorCode.NOT_FOUND, "unknown",
                "no gateway has this client id (was it removed?)", false));
        if (device.kind() != DeviceKind.GATEWAY) {
            throw new Refusal(ErrorCode.FORBIDDEN, "not_gateway", "this Secrets Manager client is not a gateway",
                    false);
        }
        if (!device.bound()) {
            throw new Refusal(ErrorCode.UNAUTHENTICATED, "not_bound",
                    "the gateway has not bound its key yet: initialise it with its one-time token first", false);
        }
        if (!signatureVerifies(device, hello)) {
            throw new Refusal(ErrorCode.UNAUTHENTICATED, "signature", "the gateway's signature does not verify",
                    false);
        }
        if (device.accessExpiresAt().isPresent() && !clock.instant().isBefore(device.accessExpiresAt().get())) {
            throw new Refusal(ErrorCode.FORBIDDEN, "access_expired", "the gateway's access has expired", false);
        }
        if (device.lockIp() && device.lockedIp().isPresent() && !device.lockedIp().get().equals(remoteIp)) {
            throw new Refusal(ErrorCode.FORBIDDEN, "ip_locked", "this gateway is locked to another IP address",
                    false);
        }
        return gateways.byClientId(device.clientId()).orElseThrow(() -> new Refusal(ErrorCode.NOT_FOUND,
                "no_gateway_row", "this client is not registered as a gateway (add it with 'pam gateway new')",
                false));
    }

    private static boolean signatureVerifies(Device device, Hello hello) {
        try {
            byte[] signature = Base64s.decode(hello.signature());
            return Signatures.verifyDer(EcKeys.publicKeyFromRaw(device.publicKey().orElseThrow()),
                    GatewayProtocol.signedBytes(hello.clientId(), hello.nonce()), signature);
        } catch (CryptoException | IllegalArgumentException e) {
            return false;
        }
    }

    private static void shape(Hello hello) {
        if (hello.clientId() == null || hello.clientId().length() != CLIENT_ID_LENGTH) {
            throw bad("clientId must be the 88-character client id");
        }
        if (hello.nonce() == null || hello.nonce().length() > 64) {
            throw bad("nonce is missing or too long");
        }
        if (hello.signature() == null || hello.signature().isEmpty()
                || hello.signature().length() > MAX_SIGNATURE_BASE64) {
            throw bad("signature is missing or too long");
        }
        if (hello.version() == null || hello.version().isEmpty() || hello.version().length() > MAX_VERSION_LENGTH
                || !hello.version().chars().allMatch(c -> c >= 0x20 && c < 0x7f)) {
            throw bad("version must be 1 to 64 printable ASCII characters");
        }
        if (hello.capabilities() != null && hello.capabilities().size() > MAX_CAPABILITIES) {
            throw bad("too many capabilities");
        }
        if (hello.jobCapacity() != null && (hello.jobCapacity() < 1 || hello.jobCapacity() > MAX_JOB_CAPACITY)) {
            throw bad("jobCapacity must be between 1 and " + MAX_JOB_CAPACITY);
        }
    }

    private static Refusal bad(String message) {
        return new Refusal(ErrorCode.BAD_REQUEST, "malformed_hello", "malformed Hello: " + message, false);
    }
}
