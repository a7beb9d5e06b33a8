package io.castellan.server.device;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.castellan.store.StoredApplication;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class AppSnapshotCacheTest {

    private static AppSnapshot snapshot(int appDataBytes) {
        StoredApplication app = new StoredApplication("app", "owner", new byte[60], new byte[appDataBytes],
                Instant.EPOCH, Instant.EPOCH);
        return AppSnapshot.of(app, List.of(), List.of(), List.of(), Map.of());
    }

    @Test
    void aSnapshotIsServedOnlyAtTheEpochItWasReadAt() {
        AppSnapshotCache cache = new AppSnapshotCache(1 << 20);
        AppSnapshot s = snapshot(100);
        assertThat(cache.get("a", 7)).isEmpty();
        cache.put("a", 7, s);
        assertThat(cache.get("a", 7)).containsSame(s);
        assertThat(cache.get("a", 8)).as("anything committed since: read again").isEmpty();
        assertThat(cache.get("a", 6)).isEmpty();
        assertThat(cache.get("b", 7)).as("per application").isEmpty();
    }

    @Test
    void aSnapshotReadAtAnOlderEpochDoesNotReplaceANewerOne() {
        AppSnapshotCache cache = new AppSnapshotCache(1 << 20);
        AppSnapshot newer = snapshot(100);
        cache.put("a", 9, newer);
        cache.put("a", 8, snapshot(100)); // a slow request that read before the change
        assertThat(cache.get("a", 9)).containsSame(newer);
        AppSnapshot newest = snapshot(100);
        cache.put("a", 10, newest);
        assertThat(cache.get("a", 10)).containsSame(newest);
        assertThat(cache.size()).isEqualTo(1);
        assertThat(cache.heldBytes()).isEqualTo(newest.bytes());
    }

    @Test
    void theBudgetBoundsWhatIsHeld() {
        long one = snapshot(10_000).bytes();
        AppSnapshotCache cache = new AppSnapshotCache(one * 10);
        for (int i = 0; i < 100; i++) {
            cache.put("app" + i, 1, snapshot(10_000));
            assertThat(cache.heldBytes()).isLessThanOrEqualTo(one * 10);
        }
        assertThat(cache.size()).isBetween(7, 10);
        assertThat(cache.get("app99", 1)).as("the latest is kept").isPresent();
        cache.put("huge", 1, snapshot((int) (one * 6)));
        assertThat(cache.get("huge", 1)).as("larger than half the budget: not kept").isEmpty();
        assertThat(new AppSnapshotCache(0).heldBytes()).isZero();
        assertThatThrownBy(() -> new AppSnapshotCache(-1)).isInstanceOf(IllegalArgumentException.class);
    }
}
