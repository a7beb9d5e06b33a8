package io.castellan.model.tunnel;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/** Pumps get platform threads while the budget lasts, virtual ones beyond it, and the budget comes back. */
@Timeout(30)
class PumpThreadsTest {

    @Test
    void theBudgetBoundsPlatformThreadsAndComesBackWhenPumpsEnd() throws Exception {
        PumpThreads pumps = new PumpThreads(2);
        CountDownLatch release = new CountDownLatch(1);
        Runnable blocked = () -> {
            try {
                release.await();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        };
        List<Thread> threads = new ArrayList<>();
        for (int i = 0; i < 4; i++) {
            threads.add(pumps.start("pump-" + i, blocked));
        }
        assertThat(threads).extracting(Thread::isVirtual).containsExactly(false, false, true, true);
        assertThat(threads.get(0).isDaemon()).as("a pump never keeps the process alive").isTrue();
        assertThat(threads.get(0).getName()).isEqualTo("pump-0");
        assertThat(pumps.left()).isZero();

        release.countDown();
        for (Thread t : threads) {
            assertThat(t.join(java.time.Duration.ofSeconds(10))).isTrue();
        }
        long end = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
        while (pumps.left() < 2 && System.nanoTime() < end) {
            Thread.sleep(5);
        }
        assertThat(pumps.left()).isEqualTo(2);
        assertThat(pumps.start("again", () -> { }).isVirtual()).isFalse();
    }

    @Test
    void aStreamsPumpsAreReservedAllOrNone() throws Exception {
        PumpThreads pumps = new PumpThreads(3);
        assertThat(pumps.reserve(2)).isTrue();
        assertThat(pumps.reserve(2)).as("one left: not two").isFalse();
        assertThat(pumps.left()).as("a refused reservation takes nothing").isEqualTo(1);
        Thread a = pumps.startReserved("reserved-a", () -> { });
        Thread b = pumps.startReserved("reserved-b", () -> { });
        assertThat(List.of(a, b)).extracting(Thread::isVirtual).containsExactly(false, false);
        assertThat(pumps.startVirtual("beyond", () -> { }).isVirtual()).isTrue();
        a.join();
        b.join();
        long end = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
        while (pumps.left() < 3 && System.nanoTime() < end) {
            Thread.sleep(5);
        }
        assertThat(pumps.left()).as("both came back when their tasks ended").isEqualTo(3);
    }
}
