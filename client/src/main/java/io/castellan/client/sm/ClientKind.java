package io.castellan.client.sm;

/** What an application client is: a Secrets Manager device, or a gateway (which is a device too). */
public enum ClientKind implements WireEnum.Named {

    /** An SDK or integration. */
    DEVICE("device"),
    /** A Castellan gateway. */
    GATEWAY("gateway");

    private final String wire;

    ClientKind(String wire) {
        this.wire = wire;
    }

    @Override
    public String wire() {
        return wire;
    }

    /** @return the kind named {@code text} */
    public static ClientKind parse(String text) {
        return WireEnum.parse(ClientKind.class, text, "the client kind");
    }
}
