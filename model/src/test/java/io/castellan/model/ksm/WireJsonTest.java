package io.castellan.model.ksm;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import io.castellan.model.error.CastellanException;
import io.castellan.model.error.ErrorCode;
import io.castellan.model.json.JsonLimits;
import java.nio.charset.StandardCharsets;
import java.util.List;
import org.junit.jupiter.api.Test;

class WireJsonTest {

    /** ksm-protocol.md §1.6, with the placeholders replaced by values of the documented encoding. */
    static final String KEEPER_SAMPLE = """
            {"appData":"QUJD-_8","encryptedAppKey":null,"appOwnerPublicKey":null,
             "folders":[{"folderUid":"y6FBhg7C-wy2zaM0-ouI-Q","folderKey":"Zm9sZGVyS2V5+/==","data":null,"parent":null,"isEditable":true,
               "records":[{"recordUid":"Ue8h6JyWUs7Iu6eY_mha-w","recordKey":"cmVjb3JkS2V5","data":"ZGF0YQ==","revision":1411018,
                           "isEditable":true,"files":null,"folderUid":null,"innerFolderUid":"ZUx3UkTzy2pgLFHNTiMMUw"}]}],
             "records":null,"expiresOn":0,"warnings":null,"extra":null}""";

    private final WireJson wire = WireJson.create();

    @Test
    void keeperSampleResponseParses() {
        SecretsManagerResponse response = wire.read(bytes(KEEPER_SAMPLE), SecretsManagerResponse.class, "get_secret response");
        assertThat(response.encryptedAppKey()).isNull();
        assertThat(response.records()).isNull();
        assertThat(response.expiresOn()).isZero();
        assertThat(response.extra()).isNull();
        ResponseFolder folder = response.folders().get(0);
        assertThat(folder.isEditable()).isTrue();
        assertThat(folder.parent()).isNull();
        ResponseRecord record = folder.records().get(0);
        assertThat(record.recordUid()).isEqualTo("Ue8h6JyWUs7Iu6eY_mha-w");
        assertThat(record.revision()).isEqualTo(1411018L);
        assertThat(record.isEditable()).isTrue();
        assertThat(record.files()).isNull();
        assertThat(record.innerFolderUid()).isEqualTo("ZUx3UkTzy2pgLFHNTiMMUw");
        assertThat(record.links()).isNull();
    }

    @Test
    void responseAlwaysEmitsNullValuedKeysKeeperJava17Requires() throws Exception {
        ResponseFile file = new ResponseFile("FU", "fk", "fd", "https://files/x", null);
        ResponseRecord withFile = new ResponseRecord("RU", "rk", "d", 3, false, List.of(file), null, null, null);
        ResponseRecord bare = new ResponseRecord("RU2", "rk", "d", 4, true, null, null, null, null);
        ResponseFolder folder = new ResponseFolder("FO", "fok", null, null, null, List.of(bare));
        SecretsManagerResponse response = new SecretsManagerResponse(null, null, null, List.of(folder),
                List.of(withFile), null, null, null);

        JsonNode tree = wire.mapper().readTree(wire.write(response));

        assertThat(fieldNames(tree)).containsExactly("appData", "encryptedAppKey", "appOwnerPublicKey", "folders",
                "records", "expiresOn", "warnings", "extra");
        assertThat(tree.get("encryptedAppKey").isNull()).isTrue();
        JsonNode jsonFolder = tree.get("folders").get(0);
        assertThat(fieldNames(jsonFolder)).containsExactly("folderUid", "folderKey", "data", "parent", "records");
        JsonNode jsonBare = jsonFolder.get("records").get(0);
        assertThat(fieldNames(jsonBare)).containsExactly("recordUid", "recordKey", "data", "revision", "isEditable",
                "files", "innerFolderUid", "folderUid");
        assertThat(jsonBare.get("files").isNull()).isTrue();
        assertThat(jsonBare.get("innerFolderUid").isNull()).isTrue();
        JsonNode jsonFile = tree.get("records").get(0).get("files").get(0);
        assertThat(fieldNames(jsonFile)).containsExactly("fileUid", "fileKey", "data", "url", "thumbnailUrl");
        assertThat(jsonFile.get("thumbnailUrl").isNull()).isTrue();
        assertThat(new String(wire.write(bare), StandardCharsets.UTF_8)).isEqualTo(
                "{\"recordUid\":\"RU2\",\"recordKey\":\"rk\",\"data\":\"d\",\"revision\":4,\"isEditable\":true,"
                        + "\"files\":null,\"innerFolderUid\":null,\"folderUid\":null}");
    }

    @Test
    void linksAndFolderEditabilityAreWrittenWhenPresent() throws Exception {
        ResponseRecord record = new ResponseRecord("RU", "rk", "d", 1, true, null, null, "FO",
                List.of(new RecordLink("RU", null, "meta")));
        JsonNode tree = wire.mapper().readTree(wire.write(record));
        assertThat(tree.get("links").get(0).toString()).isEqualTo("{\"recordUid\":\"RU\",\"data\":null,\"path\":\"meta\"}");
        JsonNode folder = wire.mapper().readTree(wire.write(new ResponseFolder("F", "k", null, null, false, null)));
        assertThat(folder.get("isEditable").booleanValue()).isFalse();
        assertThat(folder.get("records").isNull()).isTrue();
    }

    @Test
    void otherResponsesEmitTheirKeys() {
        assertThat(text(wire.write(new AddFileResponse("https://u", "{\"a\":\"b\"}", 204))))
                .isEqualTo("{\"url\":\"https://u\",\"parameters\":\"{\\\"a\\\":\\\"b\\\"}\",\"successStatusCode\":204}");
        assertThat(text(wire.write(new DeleteSecretResponse(List.of(new DeleteStatus("RU", DeleteStatus.OK, null))))))
                .isEqualTo("{\"records\":[{\"recordUid\":\"RU\",\"responseCode\":\"ok\",\"errorMessage\":null}]}");
        assertThat(text(wire.write(new DeleteFolderResponse(List.of(), List.of(new FolderDeleteStatus("F", "ok", null))))))
                .isEqualTo("{\"records\":[],\"folders\":[{\"folderUid\":\"F\",\"responseCode\":\"ok\",\"errorMessage\":null}]}");
        assertThat(text(wire.write(new GetFoldersResponse(null)))).isEqualTo("{\"folders\":null}");
    }

    @Test
    void requestWithUnknownPropertiesIsAccepted() {
        String json = "{\"clientVersion\":\"ms17.5.0\",\"clientId\":\"abc\",\"requestedRecords\":[\"RU\"],"
                + "\"requestLinks\":true,\"someFutureFlag\":{\"x\":[1,2]}}";
        KsmRequest request = wire.readRequest(KsmEndpoint.GET_SECRET, bytes(json));
        assertThat(request).isEqualTo(new GetSecretRequest("ms17.5.0", "abc", null, List.of("RU"), null, true));
    }

    @Test
    void everyEndpointReadsItsPayload() {
        assertThat(wire.readRequest(KsmEndpoint.UPDATE_SECRET, bytes(
                "{\"clientVersion\":\"mj17.0.0\",\"clientId\":\"c\",\"recordUid\":\"R\",\"data\":\"d\",\"revision\":7,\"transactionType\":\"rotation\"}")))
                .isEqualTo(new UpdateSecretRequest("mj17.0.0", "c", "R", "d", 7L, UpdateSecretRequest.TRANSACTION_ROTATION, null));
        assertThat(wire.readRequest(KsmEndpoint.ROLLBACK_SECRET_UPDATE, bytes("{\"clientVersion\":\"v\",\"clientId\":\"c\",\"recordUid\":\"R\"}")))
                .isEqualTo(new CompleteTransactionRequest("v", "c", "R"));
        assertThat(wire.readRequest(KsmEndpoint.DELETE_FOLDER, bytes("{\"clientVersion\":\"v\",\"clientId\":\"c\",\"folderUids\":[\"F\"],\"forceDeletion\":false}")))
                .isEqualTo(new DeleteFolderRequest("v", "c", List.of("F"), false));
        assertThat(wire.readRequest(KsmEndpoint.ADD_FILE, bytes("{\"clientVersion\":\"v\",\"clientId\":\"c\",\"fileRecordUid\":\"F\","
                + "\"fileRecordKey\":\"k\",\"fileRecordData\":\"d\",\"ownerRecordUid\":\"O\",\"ownerRecordData\":\"od\","
                + "\"ownerRecordRevision\":3,\"linkKey\":\"l\",\"fileSize\":3000000000}")))
                .isEqualTo(new AddFileRequest("v", "c", "F", "k", "d", "O", "od", "l", 3_000_000_000L, 3L));
        for (KsmEndpoint endpoint : KsmEndpoint.values()) {
            KsmRequest minimal = wire.readRequest(endpoint, bytes("{\"clientVersion\":\"v\",\"clientId\":\"c\"}"));
            assertThat(minimal).isInstanceOf(endpoint.requestType());
            assertThat(KsmEndpoint.fromPath(endpoint.path())).contains(endpoint);
        }
        assertThat(KsmEndpoint.fromPath("nope")).isEmpty();
    }

    @Test
    void wrongTypesAreRejectedWithoutEchoingValues() {
        String secretish = "c2VjcmV0LWRhdGE";
        assertThatThrownBy(() -> wire.readRequest(KsmEndpoint.UPDATE_SECRET, bytes(
                "{\"clientVersion\":\"v\",\"clientId\":\"c\",\"recordUid\":\"R\",\"data\":\"d\",\"revision\":\"" + secretish + "\"}")))
                .isInstanceOfSatisfying(CastellanException.class, e -> {
                    assertThat(e.code()).isEqualTo(ErrorCode.BAD_REQUEST);
                    assertThat(e.getMessage()).isEqualTo("update_secret payload: wrong type at revision (expected an integer)")
                            .doesNotContain(secretish);
                });
        assertThatThrownBy(() -> wire.readRequest(KsmEndpoint.DELETE_SECRET, bytes(
                "{\"clientVersion\":\"v\",\"clientId\":\"c\",\"recordUids\":\"R\"}")))
                .hasMessage("delete_secret payload: wrong type at recordUids (expected an array)");
        assertThatThrownBy(() -> wire.readRequest(KsmEndpoint.GET_SECRET, bytes(
                "{\"clientVersion\":\"v\",\"clientId\":\"c\",\"requestLinks\":\"yes\"}")))
                .hasMessage("get_secret payload: wrong type at requestLinks (expected a boolean)");
        assertThatThrownBy(() -> wire.readRequest(KsmEndpoint.GET_SECRET, bytes(
                "{\"clientVersion\":7,\"clientId\":\"c\"}")))
                .hasMessage("get_secret payload: wrong type at clientVersion (expected a string)");
        assertThatThrownBy(() -> wire.readRequest(KsmEndpoint.GET_SECRET, bytes("[]")))
                .hasMessageStartingWith("get_secret payload: wrong type");
        assertThatThrownBy(() -> wire.readRequest(KsmEndpoint.GET_SECRET, bytes("{\"clientVersion\":\"v\",\"clientId\":\"c\"")))
                .hasMessage("get_secret payload: JSON ends unexpectedly (truncated?)");
        assertThatThrownBy(() -> wire.readRequest(KsmEndpoint.GET_SECRET, bytes("")))
                .hasMessage("get_secret payload: JSON is empty");
        assertThatThrownBy(() -> wire.readRequest(KsmEndpoint.GET_SECRET, bytes("null")))
                .hasMessage("get_secret payload: JSON is null");
    }

    @Test
    void missingClientIdentityIsRejected() {
        assertThatThrownBy(() -> wire.readRequest(KsmEndpoint.GET_FOLDERS, bytes("{\"clientVersion\":\"v\"}")))
                .isInstanceOfSatisfying(CastellanException.class, e -> assertThat(e.code()).isEqualTo(ErrorCode.BAD_REQUEST))
                .hasMessage("get_folders payload: clientId is missing");
        assertThatThrownBy(() -> wire.readRequest(KsmEndpoint.GET_FOLDERS, bytes("{\"clientId\":\"c\",\"clientVersion\":\" \"}")))
                .hasMessage("get_folders payload: clientVersion is missing");
    }

    @Test
    void oversizedPayloadIsRejected() {
        WireJson small = WireJson.create(new JsonLimits(64, 8));
        byte[] big = bytes("{\"clientVersion\":\"v\",\"clientId\":\"" + "c".repeat(100) + "\"}");
        assertThatThrownBy(() -> small.readRequest(KsmEndpoint.GET_SECRET, big))
                .isInstanceOfSatisfying(CastellanException.class,
                        e -> assertThat(e.code()).isEqualTo(ErrorCode.PAYLOAD_TOO_LARGE));
    }

    @Test
    void requestsOmitNullOptionalsLikeKeeperSdks() {
        assertThat(text(wire.write(new GetSecretRequest("mj17.0.0", "c", null, null, null, null))))
                .isEqualTo("{\"clientVersion\":\"mj17.0.0\",\"clientId\":\"c\"}");
    }

    @Test
    void errorBodiesHaveKeepersShapes() {
        assertThat(text(wire.write(KsmError.key(7)))).isEqualTo("{\"error\":\"key\",\"key_id\":7}");
        assertThat(text(wire.write(KsmError.throttled(11))))
                .isEqualTo("{\"error\":\"throttled\",\"message\":\"too many requests; retry after 11 seconds\",\"retry_after\":11}");
        CastellanException denied = new CastellanException(ErrorCode.UNAUTHENTICATED, "Signature is invalid");
        assertThat(text(wire.write(KsmError.from(denied, "get_secret")))).isEqualTo(
                "{\"path\":\"get_secret\",\"additional_info\":\"\",\"location\":\"castellan device api\","
                        + "\"error\":\"access_denied\",\"message\":\"Signature is invalid\"}");
        KsmError keeper = wire.read(bytes("{\"path\":\"https://x/api/rest/sm/v1/get_secret, POST, Node/v12.14.1\","
                + "\"additional_info\":\"\",\"location\":\"default exception manager - api validation exception\","
                + "\"error\":\"access_denied\",\"message\":\"Signature is invalid\"}"), KsmError.class, "error body");
        assertThat(keeper.error()).isEqualTo("access_denied");
        assertThat(keeper.message()).isEqualTo("Signature is invalid");
    }

    private static List<String> fieldNames(JsonNode node) {
        java.util.ArrayList<String> names = new java.util.ArrayList<>();
        node.fieldNames().forEachRemaining(names::add);
        return names;
    }

    private static byte[] bytes(String s) {
        return s.getBytes(StandardCharsets.UTF_8);
    }

    private static String text(byte[] b) {
        return new String(b, StandardCharsets.UTF_8);
    }
}
