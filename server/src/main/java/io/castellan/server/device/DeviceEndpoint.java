package io.castellan.server.device;

/** One device-API endpoint: the response object to encrypt, or {@code null} for an empty 200 body. */
@FunctionalInterface
interface DeviceEndpoint {

    Object handle(DeviceCall call);
}
