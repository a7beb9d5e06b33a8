package io.castellan.server.audit;

import io.castellan.crypto.Signatures;
import io.castellan.store.AuditChainBreak;
import io.castellan.store.AuditChainVerifier;
import io.castellan.store.AuditCheckpoint;
import io.castellan.store.AuditEvent;
import java.security.interfaces.ECPublicKey;
import java.util.Base64;
import java.util.List;
import java.util.Optional;
import java.util.function.Function;

/**
 * Verifies an audit chain and its signed checkpoints: the chain first ({@link AuditChainVerifier}), then each
 * checkpoint's signature under a trusted key and its head against the chain. Used online by {@code audit_verify}
 * (trusting the server's own keys) and offline by {@code castellan audit verify --file} (trusting a pinned key).
 */
public final class AuditVerification {

    /**
     * @param events      how many events were checked
     * @param checkpoints how many checkpoints were checked
     * @param problem     the first break, if any
     */
    public record Result(long events, int checkpoints, Optional<AuditChainBreak> problem) {

        public boolean intact() {
            return problem.isEmpty();
        }
    }

    private AuditVerification() {
    }

    /**
     * @param trustedKey the public key trusted for a checkpoint's key id, or empty when none is (the checkpoint then
     *                   counts as forged)
     */
    public static Result verify(List<AuditEvent> events, List<AuditCheckpoint> checkpoints,
            Function<AuditCheckpoint, Optional<ECPublicKey>> trustedKey) {
        Optional<AuditChainBreak> problem = AuditChainVerifier.firstBreak(events);
        for (AuditCheckpoint c : checkpoints) {
            if (problem.isPresent()) {
                break;
            }
            problem = badSignature(c, trustedKey.apply(c))
                    .or(() -> AuditChainVerifier.checkpointBreak(events, c.seq(), c.headHash()));
        }
        return new Result(events.size(), checkpoints.size(), problem);
    }

    private static Optional<AuditChainBreak> badSignature(AuditCheckpoint c, Optional<ECPublicKey> key) {
        boolean valid;
        try {
            valid = key.isPresent() && Signatures.verifyDer(key.get(), c.message(),
                    Base64.getDecoder().decode(c.signature()));
        } catch (IllegalArgumentException e) {
            valid = false;
        }
        return valid ? Optional.empty() : Optional.of(new AuditChainBreak(AuditChainBreak.Kind.CHECKPOINT_MISMATCH,
                c.seq(), null, "the checkpoint at event " + c.seq() + " is not signed by a trusted server key (key "
                        + c.keyId() + "): it was forged or altered"));
    }
}
