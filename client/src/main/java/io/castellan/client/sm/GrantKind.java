package io.castellan.client.sm;

/** What a grant gives an application: one record, or a shared folder with every record in it. */
public enum GrantKind implements WireEnum.Named {

    /** One record; the grant key is the record key wrapped with the application key. */
    RECORD("record"),
    /** A shared folder; the grant key is the folder key wrapped with the application key. */
    FOLDER("folder");

    private final String wire;

    GrantKind(String wire) {
        this.wire = wire;
    }

    @Override
    public String wire() {
        return wire;
    }

    /** @return the kind named {@code text} */
    public static GrantKind parse(String text) {
        return WireEnum.parse(GrantKind.class, text, "the grant kind");
    }
}
