package io.castellan.sdk;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.TextNode;
import io.castellan.crypto.Aes256Gcm;
import io.castellan.crypto.Base64s;
import io.castellan.crypto.CryptoException;
import io.castellan.crypto.Ecies;
import io.castellan.crypto.SecretBytes;
import io.castellan.crypto.Uids;
import io.castellan.model.error.CastellanException;
import io.castellan.model.error.ErrorCode;
import io.castellan.model.json.Json;
import io.castellan.model.ksm.AddFileRequest;
import io.castellan.model.ksm.AddFileResponse;
import io.castellan.model.ksm.KsmEndpoint;
import io.castellan.model.record.RecordData;
import io.castellan.model.record.RecordField;
import java.io.IOException;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

/**
 * File attachments (ksm-protocol.md §1.1, §3). Upload: a fresh file key and file-record UID; the metadata
 * {@code {title,name,type,size,lastModified}} and the content are AES-GCM under the file key; the file key is sealed
 * to the application owner ({@code fileRecordKey}, ECIES, standard base64) and wrapped under the owner record's key
 * ({@code linkKey}, AES-GCM, standard base64); the owner record gains the file UID in its {@code fileRef} field and
 * is re-encrypted ({@code ownerRecordData}, web-safe base64, with {@code ownerRecordRevision}); the caller's
 * copy of the owner gains the reference only once the upload succeeded. After
 * {@code add_file} the encrypted content is POSTed as {@code multipart/form-data} to the answer's {@code url}, which
 * must answer {@code successStatusCode}. Download: a plain GET of the file's {@code url}, decrypted with its key.
 */
final class FileTransfer {

    private final DeviceCalls calls;

    FileTransfer(DeviceCalls calls) {
        this.calls = calls;
    }

    String upload(Secret owner, FileUpload file) {
        String fileUid = Uids.newUid();
        try (SecretBytes fileKey = SecretBytes.random(32)) {
            byte[] key = fileKey.bytes();
            byte[] encryptedContent = Aes256Gcm.encrypt(key, file.content());
            byte[] meta = Json.newMapper().createObjectNode().put("title", file.title()).put("name", file.name())
                    .put("type", file.mimeType()).put("size", (long) file.content().length)
                    .put("lastModified", Instant.now().toEpochMilli()).toString().getBytes(StandardCharsets.UTF_8);
            RecordData ownerData = owner.data().copy();
            addFileRef(ownerData, fileUid);
            AddFileResponse answer = calls.call(KsmEndpoint.ADD_FILE, new AddFileRequest(calls.clientVersion(),
                    calls.clientId(), fileUid, Base64s.encode(Ecies.seal(calls.state().ownerPublicKey(), key)),
                    Base64s.encodeWebSafe(Aes256Gcm.encrypt(key, meta)), owner.uid(),
                    Base64s.encodeWebSafe(Aes256Gcm.encrypt(owner.recordKey(), ownerData.toBytes())),
                    Base64s.encode(Aes256Gcm.encrypt(owner.recordKey(), key)), (long) encryptedContent.length,
                    owner.revision()), AddFileResponse.class);
            post(answer, encryptedContent);
            addFileRef(owner.data(), fileUid);
        }
        return fileUid;
    }

    private void post(AddFileResponse answer, byte[] encryptedContent) {
        JsonNode parameters;
        try {
            parameters = answer.parameters() == null ? Json.newMapper().createObjectNode()
                    : Json.newMapper().readTree(answer.parameters());
        } catch (IOException e) {
            parameters = null;
        }
        if (parameters == null || !parameters.isObject() || answer.url() == null) {
            throw new CastellanException(ErrorCode.INTERNAL, "the add_file answer has no usable url or parameters");
        }
        MultipartForm form = new MultipartForm();
        byte[] body = form.encode(parameters, encryptedContent);
        int status = calls.transport().upload(URI.create(answer.url()), form.contentType(), body);
        if (status != answer.successStatusCode()) {
            throw new CastellanException(ErrorCode.UNAVAILABLE, "the file upload answered HTTP " + status
                    + " instead of " + answer.successStatusCode());
        }
    }

    /** Adds the file UID to the first {@code fileRef} field, creating the field if needed (Keeper does so). */
    private static void addFileRef(RecordData data, String fileUid) {
        RecordField field = data.findField("fileRef").orElseGet(() -> data.addField("fileRef", null));
        List<JsonNode> values = new ArrayList<>(field.values());
        values.add(TextNode.valueOf(fileUid));
        field.setValueNodes(values);
    }

    byte[] download(SecretFile file) {
        URI url;
        try {
            url = URI.create(file.url());
        } catch (IllegalArgumentException | NullPointerException e) {
            throw new CastellanException(ErrorCode.INTERNAL, "file " + file.uid() + " has no usable download URL");
        }
        byte[] encrypted = calls.transport().download(url);
        try {
            return Aes256Gcm.decrypt(file.fileKey(), encrypted);
        } catch (CryptoException e) {
            throw new CastellanException(ErrorCode.INTERNAL, "file " + file.uid() + " does not decrypt with its key");
        }
    }
}
