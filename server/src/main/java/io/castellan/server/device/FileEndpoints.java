package io.castellan.server.device;

import io.castellan.crypto.Base64s;
import io.castellan.crypto.CastellanRandom;
import io.castellan.crypto.CryptoException;
import io.castellan.crypto.ConstantTime;
import io.castellan.model.error.CastellanException;
import io.castellan.model.error.ErrorCode;
import io.castellan.model.ksm.AddFileRequest;
import io.castellan.model.ksm.AddFileResponse;
import io.castellan.server.audit.Audit;
import io.castellan.server.sm.DeviceRefs;
import io.castellan.store.Device;
import io.castellan.store.FileUpload;
import io.castellan.store.StoredAttachment;
import io.castellan.store.StoredRecord;
import io.javalin.http.Context;
import java.time.Instant;
import java.util.List;
import java.util.Map;

/**
 * Files of records: {@code add_file} announces an upload and answers a one-time upload URL; the SDK then POSTs the
 * encrypted bytes there as {@code multipart/form-data} (part {@code file}); downloads are plain GETs of the signed,
 * short-lived URLs {@code get_secret} lists. URLs use the {@code Host} the device called, so the SDK reaches them.
 *
 * <ul>
 *   <li>upload: {@code https://HOST/api/rest/sm/v1/files/upload/<token>}, {@code parameters} {@code "{}"}, success
 *       {@code 204}; the token is 32 random bytes (web-safe base64), stored hashed, single use, valid
 *       {@link DeviceLimits#uploadTtl()};</li>
 *   <li>download: {@code https://HOST/api/rest/sm/v1/files/download/<token>} ({@link DownloadTokens}), valid
 *       {@link DeviceLimits#downloadTtl()}, answers the encrypted bytes with {@code 200}.</li>
 * </ul>
 */
final class FileEndpoints {

    static final String UPLOAD_PATH = "/api/rest/sm/v1/files/upload/{token}";
    static final String DOWNLOAD_PATH = "/api/rest/sm/v1/files/download/{token}";
    static final int UPLOAD_SUCCESS = 204;

    private final DeviceContext ctx;
    private final UpdateEndpoints updates;

    FileEndpoints(DeviceContext ctx, UpdateEndpoints updates) {
        this.ctx = ctx;
        this.updates = updates;
    }

    static String downloadUrl(String host, String token) {
        return "https://" + host + "/api/rest/sm/v1/files/download/" + token;
    }

    static String uploadUrl(String host, String token) {
        return "https://" + host + "/api/rest/sm/v1/files/upload/" + token;
    }

    /**
     * {@code add_file}: checks the owner record is editable (and at {@code ownerRecordRevision} when given) and that
     * the file fits, and answers the upload URL. Nothing is stored in the vault until the upload arrives; then the
     * file becomes an attachment of the owner record and the owner record's data becomes {@code ownerRecordData}, in
     * one transaction (only if the record is still at the revision it had here).
     */
    Object addFile(DeviceCall call) {
        AddFileRequest request = (AddFileRequest) call.request();
        String host = WireValues.host(call.host());
        String fileUid = WireValues.uid(request.fileRecordUid(), "fileRecordUid");
        String ownerUid = WireValues.uid(request.ownerRecordUid(), "ownerRecordUid");
        WireValues.bytes(request.fileRecordKey(), "fileRecordKey", DeviceContext.SEALED_KEY_MIN_BYTES,
                DeviceContext.SEALED_KEY_MAX_BYTES);
        byte[] meta = WireValues.bytes(request.fileRecordData(), "fileRecordData", DeviceContext.MIN_GCM_BYTES,
                DeviceContext.MAX_FILE_META_BYTES);
        byte[] ownerData = WireValues.bytes(request.ownerRecordData(), "ownerRecordData", DeviceContext.MIN_GCM_BYTES,
                ctx.limits.maxRecordDataBytes());
        byte[] linkKey = WireValues.bytes(request.linkKey(), "linkKey", DeviceContext.WRAPPED_KEY_BYTES,
                DeviceContext.WRAPPED_KEY_BYTES);
        if (request.fileSize() == null || request.fileSize() < 0) {
            throw WireValues.bad("fileSize", "is required");
        }
        if (request.fileSize() > ctx.limits.maxAttachmentBytes()) {
            throw new CastellanException(ErrorCode.PAYLOAD_TOO_LARGE, "the file is larger than the limit of "
                    + ctx.limits.maxAttachmentBytes() + " bytes");
        }
        byte[] token = CastellanRandom.bytes(32);
        Instant now = ctx.clock.instant();
        ctx.store.write(h -> {
            StoredRecord owner = updates.editable(call, ownerUid);
            if (request.ownerRecordRevision() != null && request.ownerRecordRevision() != owner.revision()) {
                throw UpdateEndpoints.stale(owner);
            }
            if (ctx.attachments.get(fileUid).isPresent()) {
                throw new CastellanException(ErrorCode.CONFLICT, "a file with this UID already exists");
            }
            ctx.uploads.insert(DeviceReplayGuard.sha256(token), new FileUpload(call.clientId(), call.appUid(),
                    ownerUid, owner.revision(), fileUid, linkKey, meta, ownerData, ctx.limits.maxAttachmentBytes(),
                    now.plus(ctx.limits.uploadTtl()), now));
            return null;
        });
        return new AddFileResponse(uploadUrl(host, Base64s.encodeWebSafe(token)), "{}", UPLOAD_SUCCESS);
    }

    /** {@code POST .../files/upload/<token>} with a multipart body: stores the file; {@code 204} on success. */
    void upload(Context http) {
        try {
            byte[] hash = tokenHash(http.pathParam("token"));
            byte[] body = http.bodyAsBytes();
            byte[] file = Multipart.parse(http.header("Content-Type"), body).get("file");
            if (file == null) {
                throw new CastellanException(ErrorCode.BAD_REQUEST, "the upload has no part named file");
            }
            String ip = WireValues.address(http.req().getRemoteAddr());
            ctx.store.write(h -> {
                Instant now = ctx.clock.instant();
                FileUpload upload = ctx.uploads.take(hash, now).orElseThrow(() -> new CastellanException(
                        ErrorCode.NOT_FOUND, "the upload URL is unknown, used or expired"));
                Device device = ctx.devices.get(upload.clientId()).orElseThrow(FileEndpoints::deviceGone);
                checkDevice(device, ip, now);
                DeviceCall call = new DeviceCall(null, null, device, ip, null, false, DeferredReplayMark.none(), -1);
                updates.editable(call, upload.ownerRecordUid());
                if (file.length > upload.maxSize()) {
                    throw new CastellanException(ErrorCode.PAYLOAD_TOO_LARGE, "the file is larger than the limit of "
                            + upload.maxSize() + " bytes");
                }
                if (ctx.attachments.get(upload.fileUid()).isPresent()) {
                    throw new CastellanException(ErrorCode.CONFLICT, "a file with this UID already exists");
                }
                ctx.records.update(upload.ownerRecordUid(), upload.baseRevision(), upload.ownerRecordData());
                ctx.attachments.insert(upload.fileUid(), upload.ownerRecordUid(), upload.encryptedFileKey(),
                        upload.encryptedMeta(), file);
                ctx.audited(DeviceAuditEvents.SECRET_FILE_UPLOADED, call, List.of(upload.appUid(), upload.fileUid(),
                        upload.ownerRecordUid()), Map.of("size", Integer.toString(file.length)));
                return null;
            });
            http.status(UPLOAD_SUCCESS);
        } catch (RuntimeException e) {
            DeviceErrors.write(http, "files/upload", e);
        }
    }

    /** {@code GET .../files/download/<token>}: the encrypted file bytes, {@code 200}. */
    void download(Context http) {
        try {
            Instant now = ctx.clock.instant();
            DownloadTokens.Claim claim = ctx.downloads.verify(http.pathParam("token"), now)
                    .orElseThrow(() -> new CastellanException(ErrorCode.FORBIDDEN,
                            "the download URL is invalid or expired; fetch the record again"));
            String ip = WireValues.address(http.req().getRemoteAddr());
            byte[] data = ctx.store.write(h -> {
                Device device = ctx.devices.listByApp(claim.appUid()).stream()
                        .filter(d -> ConstantTime.equals(DownloadTokens.clientTag(d.clientId()), claim.clientTag()))
                        .findFirst().orElseThrow(FileEndpoints::deviceGone);
                checkDevice(device, ip, now);
                StoredAttachment attachment = ctx.attachments.get(claim.fileUid())
                        .orElseThrow(() -> new CastellanException(ErrorCode.NOT_FOUND, "no such file"));
                if (ctx.views.reach(claim.appUid(), attachment.recordUid()).isEmpty()) {
                    throw DeviceContext.forbidden("the application has no access to this file");
                }
                byte[] bytes = ctx.attachments.data(claim.fileUid())
                        .orElseThrow(() -> new CastellanException(ErrorCode.NOT_FOUND, "no such file"));
                ctx.audit.record(DeviceAuditEvents.SECRET_FILE_DOWNLOADED, DeviceRefs.of(device.clientId()), ip,
                        List.of(claim.appUid(), claim.fileUid(), attachment.recordUid()), Audit.SUCCESS, Map.of());
                return bytes;
            });
            http.status(200).contentType("application/octet-stream").result(data);
        } catch (RuntimeException e) {
            DeviceErrors.write(http, "files/download", e);
        }
    }

    /** The device must not have expired, and an IP-locked device must call from its address. */
    private static void checkDevice(Device device, String ip, Instant now) {
        if (!device.bound()) {
            throw deviceGone();
        }
        if (device.accessExpiresAt().isPresent() && !now.isBefore(device.accessExpiresAt().get())) {
            throw DeviceContext.forbidden("the device's access has expired");
        }
        if (device.lockIp() && device.lockedIp().isPresent() && !device.lockedIp().get().equals(ip)) {
            throw DeviceContext.forbidden("this device is locked to another IP address");
        }
    }

    private static CastellanException deviceGone() {
        return new CastellanException(ErrorCode.UNAUTHENTICATED,
                "the client is not registered: unknown, removed, or its application was removed");
    }

    private static byte[] tokenHash(String token) {
        byte[] raw;
        try {
            raw = token == null || token.length() > 64 ? null : Base64s.decodeWebSafe(token);
        } catch (CryptoException e) {
            raw = null;
        }
        if (raw == null || raw.length != 32) {
            throw new CastellanException(ErrorCode.NOT_FOUND, "the upload URL is unknown, used or expired");
        }
        return DeviceReplayGuard.sha256(raw);
    }
}
