package io.castellan.server.sm;

/**
 * How audit events and logs name a device without its full client id: {@code device:} and the first 16 characters
 * of the client id (96 of its 512 bits). The full id is what a device presents to bind its key before its first
 * request, so it is kept out of the audit trail; the prefix still tells devices of an application apart and matches
 * the start of {@code clientId} in {@code app_get}.
 */
public final class DeviceRefs {

    private static final int PREFIX = 16;

    private DeviceRefs() {
    }

    /** {@code device:<first 16 characters of the client id>}. */
    public static String of(String clientId) {
        return "device:" + (clientId.length() <= PREFIX ? clientId : clientId.substring(0, PREFIX));
    }
}
