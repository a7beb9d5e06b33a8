package io.castellan.cli.pam;

import io.castellan.client.pam.PamConfigRecord;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import picocli.CommandLine.Option;

/** The {@code --rotation on|off} ... options: which features a configuration allows. */
final class FeatureToggles {

    enum Toggle { on, off }

    @Option(names = "--rotation", paramLabel = "on|off", description = "Allow password rotation.")
    Toggle rotation;

    @Option(names = "--connections", paramLabel = "on|off", description = "Allow connections (sessions).")
    Toggle connections;

    @Option(names = "--remote-browser-isolation", paramLabel = "on|off",
            description = "Allow remote browser isolation.")
    Toggle rbi;

    @Option(names = "--tunneling", paramLabel = "on|off", description = "Allow tunnels.")
    Toggle tunneling;

    @Option(names = "--graphical-recording", paramLabel = "on|off", description = "Allow graphical session recording.")
    Toggle graphical;

    @Option(names = "--text-recording", paramLabel = "on|off", description = "Allow text (typescript) recording.")
    Toggle text;

    private Map<String, Toggle> given() {
        Map<String, Toggle> given = new LinkedHashMap<>();
        List<Toggle> values = java.util.Arrays.asList(rotation, connections, rbi, tunneling, graphical, text);
        for (int i = 0; i < values.size(); i++) {
            if (values.get(i) != null) {
                given.put(PamConfigRecord.FEATURES.get(i), values.get(i));
            }
        }
        return given;
    }

    boolean any() {
        return !given().isEmpty();
    }

    /** The features allowed after applying the toggles given to {@code current}. */
    List<String> applyTo(List<String> current) {
        Map<String, Toggle> given = given();
        List<String> result = new ArrayList<>();
        for (String feature : PamConfigRecord.FEATURES) {
            Toggle t = given.get(feature);
            if (t == Toggle.on || (t == null && current.contains(feature))) {
                result.add(feature);
            }
        }
        return result;
    }
}
