package io.castellan.client.sm;

/** The role of a member an application is shared with ({@code app_share}). */
public enum AppRole implements WireEnum.Named {

    /** Manages grants, devices and gateways. */
    ADMIN("admin"),
    /** Sees and uses the application's devices and gateways. */
    VIEWER("viewer");

    private final String wire;

    AppRole(String wire) {
        this.wire = wire;
    }

    @Override
    public String wire() {
        return wire;
    }

    /** @return the role named {@code text} ({@code admin} or {@code viewer}) */
    public static AppRole parse(String text) {
        return WireEnum.parse(AppRole.class, text, "the role");
    }
}
