package io.castellan.store;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;
import jdk.jfr.FlightRecorder;
import jdk.jfr.Recording;
import jdk.jfr.consumer.RecordedEvent;
import jdk.jfr.consumer.RecordingFile;
import org.jdbi.v3.core.statement.JdbiStatementEvent;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * A JFR recording of a process with an open store holds no {@code jdbi.statement} event and no bind parameter, even
 * with that event explicitly enabled; and (control) the same recording does hold them when JDBI's event class is
 * registered, so the first half would see a leak.
 */
@Timeout(value = 60, unit = TimeUnit.SECONDS)
class JdbiFlightEventsTest {

    private static final String CANARY = "jfr-canary-7f3a9c2e51";

    @TempDir
    Path tempDir;

    @Test
    void aFlightRecordingOfTheStoreHoldsNoStatementAndNoBindParameter() throws Exception {
        try (Store store = Store.open(StoreConfig.embedded(tempDir.resolve("data")))) {
            Path leakFree = record(store, "quiet.jfr");
            assertThat(statementEvents(leakFree)).isEmpty();
            assertThat(contains(leakFree, CANARY)).isFalse();

            FlightRecorder.register(JdbiStatementEvent.class);
            try {
                Path leaky = record(store, "control.jfr");
                assertThat(statementEvents(leaky)).isNotEmpty();
                assertThat(statementEvents(leaky)).anySatisfy(e ->
                        assertThat(e.getString("parameters")).contains(CANARY));
            } finally {
                JdbiFlightEvents.disable();
            }
            assertThat(statementEvents(record(store, "again.jfr"))).isEmpty();
        }
    }

    /** Records a settings write and read of {@link #CANARY} with {@code jdbi.statement} enabled. */
    private Path record(Store store, String name) throws Exception {
        Path file = tempDir.resolve(name);
        try (Recording recording = new Recording()) {
            recording.enable(JdbiStatementEvent.NAME).withoutThreshold();
            recording.start();
            store.transactions().write(h -> h.createUpdate("INSERT INTO server_settings (name, value) VALUES (:n, :v)"
                            + " ON CONFLICT (name) DO UPDATE SET value = :v")
                    .bind("n", "jfr-test").bind("v", CANARY).execute());
            store.transactions().read(h -> h.createQuery("SELECT value FROM server_settings WHERE value = :v")
                    .bind("v", CANARY).mapTo(String.class).list());
            recording.stop();
            recording.dump(file);
        }
        return file;
    }

    private static List<RecordedEvent> statementEvents(Path file) throws Exception {
        return RecordingFile.readAllEvents(file).stream()
                .filter(e -> e.getEventType().getName().equals(JdbiStatementEvent.NAME))
                .toList();
    }

    private static boolean contains(Path file, String text) throws Exception {
        return new String(Files.readAllBytes(file), StandardCharsets.ISO_8859_1).contains(text);
    }
}
