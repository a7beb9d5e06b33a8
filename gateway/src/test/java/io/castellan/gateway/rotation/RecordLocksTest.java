package io.castellan.gateway.rotation;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Instant;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

class RecordLocksTest {

    private final RecordLocks locks = new RecordLocks();

    private static Instant in(long millis) {
        return Instant.now().plusMillis(millis);
    }

    @Test
    void aSecondRotationOfTheSameRecordWaitsForTheFirst() throws Exception {
        RecordLocks.Held first = locks.acquire("rec", in(1_000));
        assertThat(first).isNotNull();
        CountDownLatch asked = new CountDownLatch(1);
        CompletableFuture<RecordLocks.Held> second = CompletableFuture.supplyAsync(() -> {
            asked.countDown();
            try {
                return locks.acquire("rec", in(30_000));
            } catch (InterruptedException e) {
                throw new IllegalStateException(e);
            }
        });
        assertThat(asked.await(10, TimeUnit.SECONDS)).isTrue();
        Thread.sleep(200);
        assertThat(second).as("blocked while the first holds it").isNotDone();

        first.close();

        RecordLocks.Held next = second.get(10, TimeUnit.SECONDS);
        assertThat(next).isNotNull();
        next.close();
        assertThat(locks.size()).as("no entry left once nobody holds or waits").isZero();
    }

    @Test
    void otherRecordsAreNotBlockedAndADeadlinePassingGivesUp() throws Exception {
        try (RecordLocks.Held a = locks.acquire("a", in(1_000))) {
            RecordLocks.Held b = locks.acquire("b", in(1_000));
            assertThat(b).as("another record").isNotNull();
            b.close();
            long t0 = System.nanoTime();
            assertThat(locks.acquire("a", in(300))).as("still held when the deadline passed").isNull();
            assertThat(TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - t0)).isGreaterThanOrEqualTo(250);
            assertThat(a).isNotNull();
        }
        assertThat(locks.size()).isZero();
        RecordLocks.Held again = locks.acquire("a", in(0));
        assertThat(again).as("free again at once").isNotNull();
        again.close();
    }
}
