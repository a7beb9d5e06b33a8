package io.castellan.cli;

import picocli.CommandLine.IVersionProvider;

/** Reports the build version recorded in the jar manifest (or "development" when run from classes). */
public final class VersionProvider implements IVersionProvider {

    @Override
    public String[] getVersion() {
        return new String[] {"castellan " + version(), "Java " + Runtime.version()};
    }

    /** The implementation version from the manifest, or {@code "development"}. */
    public static String version() {
        String v = VersionProvider.class.getPackage().getImplementationVersion();
        return v == null ? "development" : v;
    }
}
