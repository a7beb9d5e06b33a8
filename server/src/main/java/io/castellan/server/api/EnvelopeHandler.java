package io.castellan.server.api;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.castellan.crypto.SecretBytes;
import io.castellan.crypto.Wipe;
import io.castellan.model.error.CastellanException;
import io.castellan.model.error.ErrorCode;
import io.castellan.server.keys.TransmissionKey;
import io.castellan.server.keys.TransmissionKeys;
import io.castellan.store.StoreException;
import io.javalin.http.Context;
import io.javalin.http.Handler;
import java.time.Clock;
import java.util.Optional;
import java.util.UUID;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * {@code POST /api/v1/{command}}: the envelope of docs/api.md around every user-API command.
 *
 * <p>In order: the command must exist (404 {@code not_found}); {@code PublicKeyId} must name a held server key
 * (400 {@code key} with {@code key_id}); the body must fit the command's limit (413 {@code payload_too_large});
 * {@code TransmissionKey} must open and the body decrypt to a JSON object (400 {@code bad_request}); {@code ts} must
 * be within 5 minutes (400 {@code stale_request}); the transmission key must be new (400 {@code replayed_request});
 * a session command needs a valid {@code session} (401 {@code unauthenticated}) and an admin command an
 * administrator (403 {@code forbidden}). Only then does the command run; its answer is encrypted with the same
 * transmission key. Nothing before the replay check changes anything. Failures are plaintext JSON (see
 * {@link ErrorBodies}); unexpected ones are logged with an incident id
 * and answered 500 {@code internal} without detail. The transmission key is wiped after use.
 */
public final class EnvelopeHandler implements Handler {

    /** The route. */
    public static final String PATH = "/api/v1/{command}";

    private static final Logger LOG = LoggerFactory.getLogger(EnvelopeHandler.class);

    private final CommandTable commands;
    private final EnvelopeCrypto crypto;
    private final RequestBodies bodies;
    private final ReplayGuard replay;
    private final SessionAuthenticator sessions;

    public EnvelopeHandler(CommandTable commands, TransmissionKeys keys, ReplayGuard replay,
            SessionAuthenticator sessions, Clock clock) {
        this.commands = commands;
        this.crypto = new EnvelopeCrypto(keys);
        this.bodies = new RequestBodies(commands.largestBodyLimit(), clock);
        this.replay = replay;
        this.sessions = sessions;
    }

    @Override
    public void handle(Context ctx) {
        try {
            serve(ctx);
        } catch (CastellanException e) {
            ErrorBodies.write(ctx, e);
        } catch (StoreException e) {
            ErrorBodies.write(ctx, translate(e).orElseGet(() -> internal(ctx, e)));
        } catch (RuntimeException e) {
            ErrorBodies.write(ctx, internal(ctx, e));
        }
    }

    /** A store race a command did not handle itself (e.g. two creations of one name), as a catalogue error. */
    private static Optional<CastellanException> translate(StoreException e) {
        return switch (e.reason()) {
            case DUPLICATE -> Optional.of(ApiFailures.conflict("the object already exists"));
            case CONFLICT -> Optional.of(ApiFailures.conflict("the object changed meanwhile; retry"));
            case NOT_FOUND -> Optional.of(ApiFailures.notFound("no such object"));
            default -> Optional.empty();
        };
    }

    private static CastellanException internal(Context ctx, RuntimeException e) {
        String incident = UUID.randomUUID().toString().substring(0, 8);
        LOG.error("API command {} failed (incident {})", commandName(ctx), incident, e);
        return new CastellanException(ErrorCode.INTERNAL, "internal server error (incident " + incident + ")");
    }

    private void serve(Context ctx) {
        CommandTable.Entry entry = commands.find(ctx.pathParam("command"))
                .orElseThrow(() -> ApiFailures.notFound("no such API command"));
        TransmissionKey serverKey = crypto.serverKey(ctx.header("PublicKeyId"));
        byte[] sealed = EnvelopeCrypto.sealedKey(ctx.header("TransmissionKey"));
        // Read (bounded by the HTTP layer's limit) before refusing: answering while the client still sends makes
        // clients see a reset connection instead of the 413.
        byte[] body = ctx.bodyAsBytes();
        if (body.length > entry.maxBodyBytes()) {
            throw tooLarge(entry);
        }
        try (SecretBytes tk = EnvelopeCrypto.open(serverKey, sealed)) {
            ObjectNode request = decrypt(tk, body);
            bodies.checkFresh(request);
            replay.check(sealed);
            Optional<Caller> caller = authenticate(entry, request.remove("session"), ctx.ip());
            ObjectNode response = entry.handler().handle(new ApiCall(entry.command(), request, caller, ctx.ip()));
            byte[] json = bodies.write(response == null ? Responses.empty() : response);
            try {
                ctx.status(200).contentType("application/octet-stream").result(EnvelopeCrypto.encryptBody(tk, json));
            } finally {
                Wipe.wipe(json);
            }
        }
    }

    private ObjectNode decrypt(SecretBytes tk, byte[] body) {
        byte[] plaintext = EnvelopeCrypto.decryptBody(tk, body);
        try {
            return bodies.parse(plaintext);
        } finally {
            Wipe.wipe(plaintext);
        }
    }

    private Optional<Caller> authenticate(CommandTable.Entry entry, JsonNode session, String sourceIp) {
        if (entry.access() == ApiRegistry.Access.ANONYMOUS) {
            return Optional.empty();
        }
        if (session == null || !session.isTextual() || session.textValue().isEmpty()) {
            throw ApiFailures.unauthenticated("this command needs a session: log in first");
        }
        Caller caller = sessions.authenticate(session.textValue(), entry.command(), sourceIp);
        if (entry.access() == ApiRegistry.Access.ADMIN && !caller.admin()) {
            throw ApiFailures.forbidden("this command is for administrators");
        }
        return Optional.of(caller);
    }

    private static CastellanException tooLarge(CommandTable.Entry entry) {
        return new CastellanException(ErrorCode.PAYLOAD_TOO_LARGE, "the request body is larger than "
                + entry.command() + " accepts (" + entry.maxBodyBytes() + " bytes)");
    }

    private static String commandName(Context ctx) {
        String name = ctx.pathParamMap().getOrDefault("command", "?");
        return name.matches("[a-z][a-z0-9_]{0,63}") ? name : "?";
    }
}
