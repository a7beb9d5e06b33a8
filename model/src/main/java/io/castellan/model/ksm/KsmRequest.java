package io.castellan.model.ksm;

/**
 * A decrypted Keeper Secrets Manager device-API request payload. Every payload carries the SDK's
 * version string ({@code "mj17.0.0"}, {@code "ms17.5.0"}, {@code "mp..."}) and the device's client
 * id (standard base64 of HMAC-SHA512(token, "KEEPER_SECRETS_MANAGER_CLIENT_ID"), 88 characters).
 */
public sealed interface KsmRequest permits GetSecretRequest, GetFoldersRequest, UpdateSecretRequest,
        CompleteTransactionRequest, CreateSecretRequest, DeleteSecretRequest, CreateFolderRequest,
        UpdateFolderRequest, DeleteFolderRequest, AddFileRequest {

    /** @return the SDK's version string */
    String clientVersion();

    /** @return the device's client id */
    String clientId();
}
