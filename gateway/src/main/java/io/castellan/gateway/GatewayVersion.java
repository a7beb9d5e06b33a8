package io.castellan.gateway;

import picocli.CommandLine.IVersionProvider;

/** The gateway's build version, from the jar manifest ("development" when run from classes). */
public final class GatewayVersion implements IVersionProvider {

    @Override
    public String[] getVersion() {
        return new String[] {"castellan-gateway " + version(), "Java " + Runtime.version()};
    }

    public static String version() {
        String v = GatewayVersion.class.getPackage().getImplementationVersion();
        return v == null ? "development" : v;
    }
}
