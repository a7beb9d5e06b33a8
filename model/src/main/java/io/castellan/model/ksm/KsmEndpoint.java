package io.castellan.model.ksm;

import java.util.Arrays;
import java.util.Optional;

/**
 * The device-API endpoints ({@code POST /api/rest/sm/v1/{path}}) and their request payload types.
 */
public enum KsmEndpoint {
    /** Fetch records and folders; also binds a new device. */
    GET_SECRET("get_secret", GetSecretRequest.class),
    /** List folders. */
    GET_FOLDERS("get_folders", GetFoldersRequest.class),
    /** Update a record. */
    UPDATE_SECRET("update_secret", UpdateSecretRequest.class),
    /** Commit a pending rotation update. */
    FINALIZE_SECRET_UPDATE("finalize_secret_update", CompleteTransactionRequest.class),
    /** Discard a pending rotation update. */
    ROLLBACK_SECRET_UPDATE("rollback_secret_update", CompleteTransactionRequest.class),
    /** Create a record. */
    CREATE_SECRET("create_secret", CreateSecretRequest.class),
    /** Delete records. */
    DELETE_SECRET("delete_secret", DeleteSecretRequest.class),
    /** Create a sub-folder. */
    CREATE_FOLDER("create_folder", CreateFolderRequest.class),
    /** Rename a folder. */
    UPDATE_FOLDER("update_folder", UpdateFolderRequest.class),
    /** Delete folders. */
    DELETE_FOLDER("delete_folder", DeleteFolderRequest.class),
    /** Attach a file to a record. */
    ADD_FILE("add_file", AddFileRequest.class);

    private final String path;
    private final Class<? extends KsmRequest> requestType;

    KsmEndpoint(String path, Class<? extends KsmRequest> requestType) {
        this.path = path;
        this.requestType = requestType;
    }

    /** @return the last path segment, e.g. {@code "get_secret"} */
    public String path() {
        return path;
    }

    /** @return the payload type */
    public Class<? extends KsmRequest> requestType() {
        return requestType;
    }

    /**
     * @param path a last path segment
     * @return the endpoint, if known
     */
    public static Optional<KsmEndpoint> fromPath(String path) {
        return Arrays.stream(values()).filter(e -> e.path.equals(path)).findFirst();
    }
}
