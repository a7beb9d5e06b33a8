package io.castellan.server.vault;

import io.castellan.model.error.CastellanException;
import io.castellan.model.error.ErrorCode;
import io.castellan.server.api.ApiCommand;
import io.castellan.server.api.ApiRegistry;
import io.castellan.server.audit.Audit;
import io.castellan.store.StaleRevisionException;
import io.castellan.store.Store;
import io.castellan.store.StoreException;
import java.time.Clock;
import java.util.List;
import java.util.Map;

/**
 * The vault commands of the user API (docs/api.md, "Vault"): records, folders, sharing, history, attachments and
 * record links. The server stores and relays ciphertext and wrapped keys only; it enforces who may see and change
 * what, and never decrypts anything.
 *
 * <p>Every command needs a session. Changes and their audit events are written in one store transaction, so a
 * failing audit leaves nothing changed. Expired direct shares are deleted by {@link VaultMaintenance}, which the
 * server starts separately; until it runs, every read ignores them.
 */
public final class VaultApi {

    /** The commands registered, in the order of docs/api.md. */
    public static final List<String> COMMANDS = List.of("sync_down", "record_add",
            "record_update", "record_get", "record_history", "record_delete", "record_move", "folder_add",
            "folder_update", "folder_delete", "record_share", "record_unshare", "folder_member_add", "folder_member_remove",
            "team_public_key", "attachment_upload", "attachment_download");

    private VaultApi() {
    }

    /**
     * Registers every vault command with {@link ApiRegistry.Access#SESSION}.
     *
     * @param clock decides share expiry and the timestamps the vault writes
     */
    public static void register(ApiRegistry registry, Store store, Audit audit, Clock clock, VaultLimits limits) {
        VaultContext vault = new VaultContext(store, audit, clock, limits);
        RecordCommands records = new RecordCommands(vault);
        SubFolderCommands subFolders = new SubFolderCommands(vault);
        FolderCommands folders = new FolderCommands(vault, subFolders);
        ShareCommands shares = new ShareCommands(vault);
        AttachmentCommands attachments = new AttachmentCommands(vault);
        SyncCommand sync = new SyncCommand(vault);
        add(registry, "sync_down", sync::sync);
        add(registry, "record_add", records::add);
        add(registry, "record_update", records::update);
        add(registry, "record_get", records::get);
        add(registry, "record_history", records::history);
        add(registry, "record_delete", records::delete);
        add(registry, "record_move", records::move);
        add(registry, "folder_add", folders::add);
        add(registry, "folder_update", subFolders::rename);
        add(registry, "folder_delete", folders::delete);
        add(registry, "record_share", shares::share);
        add(registry, "record_unshare", shares::unshare);
        add(registry, "folder_member_add", folders::addMember);
        add(registry, "folder_member_remove", folders::removeMember);
        add(registry, "team_public_key", new FolderTeamCommands(vault)::publicKey);
        addBulk(registry, "attachment_upload", attachmentBodyLimit(limits), attachments::upload);
        add(registry, "attachment_download", attachments::download);
    }

    private static void add(ApiRegistry registry, String command, ApiCommand handler) {
        registry.register(command, ApiRegistry.Access.SESSION, guard(handler));
    }

    private static ApiCommand guard(ApiCommand handler) {
        return call -> {
            try {
                return handler.handle(call);
            } catch (StaleRevisionException e) {
                throw new CastellanException(ErrorCode.CONFLICT, "the record changed meanwhile; re-read it and retry",
                        Map.of(CastellanException.DETAIL_REVISION, Long.toString(e.actualRevision())), null);
            } catch (StoreException e) {
                throw translate(e);
            }
        };
    }

    /**
     * The encrypted request body an {@code attachment_upload} of the largest allowed attachment needs: the data and
     * metadata in base64, the wrapped file key, and room for the envelope and field names.
     */
    static long attachmentBodyLimit(VaultLimits limits) {
        return base64Length(limits.maxAttachmentBytes()) + base64Length(limits.maxAttachmentMetaBytes())
                + base64Length(VaultContext.WRAPPED_KEY_BYTES) + ApiRegistry.ENVELOPE_OVERHEAD_HINT;
    }

    private static long base64Length(long bytes) {
        return 4 * ((bytes + 2) / 3);
    }

    /**
     * Registers a bulk command with its own body limit; when that limit is below the server's default (a small
     * attachment limit) the default already suffices and the command is registered with it.
     */
    private static void addBulk(ApiRegistry registry, String command, long maxBodyBytes, ApiCommand handler) {
        ApiCommand guarded = guard(handler);
        try {
            registry.register(command, ApiRegistry.Access.SESSION, maxBodyBytes, guarded);
        } catch (IllegalArgumentException belowDefault) {
            registry.register(command, ApiRegistry.Access.SESSION, guarded);
        }
    }

    /** Store failures that escaped a command's own handling, as catalogue errors with safe messages. */
    private static RuntimeException translate(StoreException e) {
        return switch (e.reason()) {
            case DUPLICATE -> new CastellanException(ErrorCode.CONFLICT, "the object already exists");
            case CONFLICT -> new CastellanException(ErrorCode.CONFLICT, "the object changed meanwhile; retry");
            case NOT_FOUND -> new CastellanException(ErrorCode.NOT_FOUND, "no such object");
            default -> e;
        };
    }
}
