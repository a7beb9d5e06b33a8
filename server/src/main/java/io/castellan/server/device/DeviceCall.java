package io.castellan.server.device;

import io.castellan.model.ksm.KsmEndpoint;
import io.castellan.model.ksm.KsmRequest;
import io.castellan.store.Device;

/**
 * One authenticated device request: the signature checked, the device known, bound and allowed.
 *
 * @param sendAppKey whether the answer carries {@code encryptedAppKey} (the binding request, or a retry of it)
 * @param host       the {@code Host} the device used, for file URLs
 * @param replayMark the replay mark the endpoint writes in its own write transaction, or
 *                   {@link DeferredReplayMark#none()} when the handler already wrote it
 * @param dataEpoch  the store's data epoch read with the device row, at the start of the request (-1: none)
 */
record DeviceCall(KsmEndpoint endpoint, KsmRequest request, Device device, String sourceIp, String host,
        boolean sendAppKey, DeferredReplayMark replayMark, long dataEpoch) {

    String appUid() {
        return device.appUid();
    }

    String clientId() {
        return device.clientId();
    }
}
