package io.castellan.gateway.rotation;

import io.castellan.gateway.runner.JobContext;
import io.castellan.gateway.runner.JobHandler;
import io.castellan.gateway.runner.JobOutcome;
import io.castellan.model.gateway.CommandType;
import io.castellan.model.record.RecordData;
import io.castellan.rotators.Credential;
import io.castellan.rotators.FailureKind;
import io.castellan.rotators.RotationException;
import io.castellan.rotators.Rotator;
import io.castellan.rotators.Rotators;
import io.castellan.rotators.password.PasswordComplexity;
import io.castellan.sdk.Secret;
import io.castellan.sdk.Secrets;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The {@code rotate} job. Command record UIDs: the pamUser first, then the resource that performs the rotation
 * (then, optionally, the PAM configuration). Arguments: {@code settings} (the rotation settings sealed under the
 * pamUser's record key) and {@code noop}. The steps and their crash behaviour are in {@link RotationSafety}.
 */
public final class RotateHandler implements JobHandler {

    private static final Logger LOG = LoggerFactory.getLogger(RotateHandler.class);
    /** Job argument: settle a pending rotation (commit or roll back) and stop there. */
    static final String RECOVER_ONLY = "recoverOnly";

    private final Rotators rotators;
    private final FaultPoints faults;
    private final RecordLocks locks = new RecordLocks();

    /**
     * @param rotators the rotators this gateway has
     * @param environment the process environment (reads the test-only fault-injection variable)
     */
    public RotateHandler(Rotators rotators, Map<String, String> environment) {
        this(rotators, FaultPoints.fromEnvironment(environment));
    }

    RotateHandler(Rotators rotators, FaultPoints faults) {
        this.rotators = rotators;
        this.faults = faults;
    }

    /** The server asks only to settle an interrupted rotation (a gateway came back), not for a new password. */
    private static boolean recoverOnly(JobContext ctx) {
        return "true".equalsIgnoreCase(ctx.arg(RECOVER_ONLY, "false"));
    }

    @Override
    public CommandType type() {
        return CommandType.ROTATE;
    }

    @Override
    public JobOutcome run(JobContext ctx) throws Exception {
        String jobId = ctx.command().jobId();
        List<String> uids = ctx.command().recordUids() == null ? List.of() : ctx.command().recordUids();
        if (uids.size() < 2) {
            throw new RotationException(FailureKind.INVALID_INPUT,
                    "a rotate command names the pamUser and its resource; it named " + uids.size() + " record(s)");
        }
        RecordLocks.Held held = locks.acquire(uids.get(0), ctx.deadline());
        if (held == null) {
            throw new RotationException(FailureKind.UNEXPECTED, "another rotation of " + uids.get(0)
                    + " was still running on this gateway when this job's time ran out");
        }
        try (held) {
            return rotate(ctx, jobId, uids);
        }
    }

    private JobOutcome rotate(JobContext ctx, String jobId, List<String> uids) throws Exception {
        String userUid = uids.get(0);
        String resourceUid = uids.get(1);
        String configUid = uids.size() > 2 ? uids.get(2) : "";
        Secrets fetched = ctx.secrets().getSecretsWithPending(configUid.isEmpty() ? List.of(userUid, resourceUid)
                : List.of(userUid, resourceUid, configUid));
        Secret user = find(fetched, userUid, "pamUser");
        Secret resource = find(fetched, resourceUid, "resource");
        if (!configUid.isEmpty()) {
            Secret config = find(fetched, configUid, "PAM configuration");
            if (!ConfigurationFeatures.allows(config.data(), "rotation").orElse(true)) {
                throw new RotationException(FailureKind.REFUSED_BY_POLICY, "the PAM configuration " + configUid
                        + " does not allow rotation (its record, checked on the gateway); nothing was changed");
            }
        }
        PostRotationScripts scripts = new PostRotationScripts(ctx.secrets(), ctx.scrubber(), scriptTimeout(ctx));
        List<ScriptRun> runs = new ArrayList<>();
        if ("true".equalsIgnoreCase(ctx.arg("noop", "false"))
                || "true".equalsIgnoreCase(PostRotationScripts.customText(user.data(), "NOOP").trim())) {
            Credential current = CredentialFields.read(user.data(), null);
            try {
                char[] pw = current.password().orElse(null);
                runs.addAll(scripts.run(user, new ScriptInput(jobId, configUid, resourceUid, userUid,
                        current.username(), pw, pw)));
            } finally {
                current.wipe();
            }
            Map<String, String> details = new LinkedHashMap<>();
            details.put("step", "noop");
            return withScripts("NOOP rotation of " + userUid + ": nothing changed on the target", details, runs);
        }
        PasswordComplexity complexity = SealedSettings.complexity(user, ctx.arg("settings", null));
        RotationPlan plan = PlanBuilder.build(user.data(), resource.data(), complexity);
        Rotator rotator = rotators.require(plan.rotatorKind());
        LOG.info("job {}: rotating record {} with {} at {} (resource {})", jobId, userUid, plan.rotatorKind(),
                plan.target().address(), resourceUid);
        RotationSafety safety = new RotationSafety(ctx.secrets(), faults, jobId);
        try {
            Map<String, String> details = new LinkedHashMap<>();
            details.put("rotator", plan.rotatorKind());
            details.put("target", plan.target().address());
            Optional<RecordData> pending = user.pendingData();
            if (pending.isPresent()) {
                Credential pendingCredential = CredentialFields.read(pending.get(), plan.current().username());
                try {
                    if (safety.recover(rotator, plan, user, pendingCredential)) {
                        details.put("step", "recovered");
                        return new JobOutcome("completed the interrupted rotation of " + userUid
                                + ": the pending credential works on " + plan.target().address() + " and is now current",
                                details);
                    }
                } finally {
                    pendingCredential.wipe();
                }
                user = find(ctx.secrets().getSecretsWithPending(List.of(userUid)), userUid, "pamUser");
                if (recoverOnly(ctx)) {
                    details.put("step", "rolled-back");
                    return new JobOutcome("the interrupted rotation of " + userUid + " was rolled back: the current"
                            + " credential works on " + plan.target().address(), details);
                }
            }
            if (recoverOnly(ctx)) {
                details.put("step", "nothing-pending");
                return new JobOutcome("no interrupted rotation of " + userUid + " to finish", details);
            }
            Secret rotating = user;
            RotationSafety.Result result = safety.rotate(rotator, plan, user, ctx.secrets()::registerNew,
                    next -> runs.addAll(scripts.run(rotating, new ScriptInput(jobId, configUid, resourceUid, userUid,
                            plan.current().username(), plan.current().password().orElse(null),
                            next.password().orElse(null)))));
            result.observedHostKey().ifPresent(key -> pinHostKey(ctx, resourceUid, key, jobId));
            details.put("step", "committed");
            return withScripts("rotated the credential of " + userUid + " on " + plan.target().address()
                    + " (" + plan.rotatorKind() + ")", details, runs);
        } finally {
            plan.current().wipe();
        }
    }

    /** The job's outcome with each script's result in the details and a failed script named in the summary. */
    private static JobOutcome withScripts(String summary, Map<String, String> details, List<ScriptRun> runs) {
        if (runs.isEmpty()) {
            return new JobOutcome(summary, details);
        }
        details.put("scripts", Integer.toString(runs.size()));
        List<String> failed = new ArrayList<>();
        for (int i = 0; i < runs.size(); i++) {
            ScriptRun r = runs.get(i);
            details.put("script." + (i + 1), r.describe());
            if (!r.succeeded()) {
                failed.add(r.describe());
            }
        }
        return new JobOutcome(summary + (failed.isEmpty() ? "; post-rotation scripts succeeded"
                : "; post-rotation script failed: " + String.join("; ", failed)), details);
    }

    private static java.time.Duration scriptTimeout(JobContext ctx) {
        String v = ctx.arg("scriptTimeoutSeconds", "60");
        try {
            long seconds = Long.parseLong(v.trim());
            return java.time.Duration.ofSeconds(Math.max(1, Math.min(3600, seconds)));
        } catch (NumberFormatException e) {
            return java.time.Duration.ofSeconds(60);
        }
    }

    /** First use of an SSH host: keep its key in the resource record so that later connections refuse others. */
    private void pinHostKey(JobContext ctx, String resourceUid, String hostKey, String jobId) {
        try {
            Secret resource = find(ctx.secrets().getSecrets(List.of(resourceUid)), resourceUid, "resource");
            resource.data().findField("text", PlanBuilder.HOST_KEY_LABEL)
                    .orElseGet(() -> resource.data().addCustomField("text", PlanBuilder.HOST_KEY_LABEL))
                    .setValue(hostKey);
            ctx.secrets().updateSecret(resource, null);
            LOG.info("job {}: pinned the SSH host key of resource {}", jobId, resourceUid);
        } catch (Exception e) {
            LOG.warn("job {}: the rotation succeeded but the host key of resource {} could not be pinned: {}", jobId,
                    resourceUid, e.getMessage());
        }
    }

    private static Secret find(Secrets secrets, String uid, String what) throws RotationException {
        return secrets.records().stream().filter(s -> s.uid().equals(uid)).findFirst()
                .orElseThrow(() -> new RotationException(FailureKind.INVALID_INPUT, "the " + what + " record " + uid
                        + " is not shared with this gateway's application (share its folder with the application)"));
    }
}
