package io.castellan.server.device;

import io.castellan.model.ksm.KsmEndpoint;
import io.castellan.server.audit.Audit;
import io.castellan.server.keys.TransmissionKeys;
import io.castellan.store.Store;
import io.castellan.store.UsedTransmissionKeyRepository;
import io.javalin.config.RoutesConfig;
import java.time.Clock;
import java.util.EnumMap;
import java.util.Map;

/**
 * The Secrets Manager device API of one server process: {@code POST /api/rest/sm/v1/{path}} for the endpoints of
 * ksm-protocol.md §1.1, and the file upload and download URLs. Create it once the store is open, then
 * {@link #install} its routes.
 */
public final class DeviceApi {

    /** The route prefix Keeper's SDKs call. */
    public static final String PREFIX = "/api/rest/sm/v1/";

    private final DeviceHandler handler;
    private final FileEndpoints files;

    private DeviceApi(DeviceHandler handler, FileEndpoints files) {
        this.handler = handler;
        this.files = files;
    }

    /** Builds the device API on {@code store}, auditing to {@code audit}. */
    public static DeviceApi create(Store store, TransmissionKeys keys, Audit audit, Clock clock, DeviceLimits limits) {
        DeviceContext ctx = new DeviceContext(store, audit, clock, limits);
        SecretsEndpoints secrets = new SecretsEndpoints(ctx);
        UpdateEndpoints updates = new UpdateEndpoints(ctx);
        RecordEndpoints records = new RecordEndpoints(ctx);
        FolderEndpoints folders = new FolderEndpoints(ctx, records);
        FileEndpoints files = new FileEndpoints(ctx, updates);
        Map<KsmEndpoint, DeviceEndpoint> endpoints = new EnumMap<>(KsmEndpoint.class);
        endpoints.put(KsmEndpoint.GET_SECRET, secrets::getSecret);
        endpoints.put(KsmEndpoint.GET_FOLDERS, secrets::getFolders);
        endpoints.put(KsmEndpoint.UPDATE_SECRET, updates::update);
        endpoints.put(KsmEndpoint.FINALIZE_SECRET_UPDATE, updates::finalizeUpdate);
        endpoints.put(KsmEndpoint.ROLLBACK_SECRET_UPDATE, updates::rollbackUpdate);
        endpoints.put(KsmEndpoint.CREATE_SECRET, records::create);
        endpoints.put(KsmEndpoint.DELETE_SECRET, records::delete);
        endpoints.put(KsmEndpoint.CREATE_FOLDER, folders::create);
        endpoints.put(KsmEndpoint.UPDATE_FOLDER, folders::update);
        endpoints.put(KsmEndpoint.DELETE_FOLDER, folders::delete);
        endpoints.put(KsmEndpoint.ADD_FILE, files::addFile);
        if (endpoints.size() != KsmEndpoint.values().length) {
            throw new IllegalStateException("every device endpoint needs a handler");
        }
        DeviceReplayGuard replay = new DeviceReplayGuard(new UsedTransmissionKeyRepository(store.transactions()), clock,
                limits.replayMemory());
        DeviceRateLimiter limiter = new DeviceRateLimiter(clock, limits.requestsPerMinute(),
                limits.gatewayRequestsPerMinute());
        return new DeviceApi(new DeviceHandler(ctx, keys, replay, limiter, endpoints), files);
    }

    /** Adds the device routes. */
    public void install(RoutesConfig routes) {
        routes.post(DeviceHandler.PATH, handler);
        routes.post(FileEndpoints.UPLOAD_PATH, files::upload);
        routes.get(FileEndpoints.DOWNLOAD_PATH, files::download);
    }
}
