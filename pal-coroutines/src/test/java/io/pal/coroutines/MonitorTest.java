package io.pal.coroutines;

import io.pal.Strand;
import io.pal.StrandState;
import io.pal.spi.PinReason;
import jdk.internal.vm.Continuation;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.atomic.AtomicBoolean;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The monitor: work queued behind a carrier that stays inside one strand is handed to a spare
 * carrier. On one carrier, each test can only finish if that happens: the strands that would
 * release the stuck one are queued on its carrier.
 */
@Timeout(60)
class MonitorTest {

    private static final int WORKERS = 50;

    /** A CPU hog nobody announced: seen stuck after the monitor's hog limit, counted as STUCK. */
    @Test
    void workQueuedBehindACpuHogRunsOnASpareCarrier() throws Exception {
        TestBackends.on(1, 2, b -> {
            CountDownLatch done = new CountDownLatch(WORKERS);
            Strand<Integer> hog = b.spawn("hog", () -> {
                List<Strand<Integer>> workers = spawnWorkers(b, done); // queued on this carrier, not started
                while (done.getCount() > 0) {
                    Thread.onSpinWait(); // never yields: only another carrier can run the workers
                }
                int sum = 0;
                for (Strand<Integer> w : workers) {
                    sum += w.join();
                }
                return sum;
            });
            assertEquals(WORKERS * (WORKERS - 1) / 2, hog.join());
            assertEquals(2, b.scheduler().carrierCount(), "one spare was started");
            assertTrue(b.counters().pinCounts().get(PinReason.STUCK) >= 1);
        });
    }

    /** A strand that blocks its carrier on purpose (a pinned park) is handed off at once. */
    @Test
    void workQueuedBehindAPinnedParkRunsOnASpareCarrier() throws Exception {
        TestBackends.on(1, 2, b -> {
            CountDownLatch done = new CountDownLatch(WORKERS);
            AtomicBoolean release = new AtomicBoolean();
            Strand<Integer> blocker = b.spawn("blocker", () -> {
                List<Strand<Integer>> workers = spawnWorkers(b, done);
                Continuation.pin();
                try {
                    while (!release.get()) {
                        b.park(); // the yield fails: blocks the carrier until the last worker unparks it
                    }
                } finally {
                    Continuation.unpin();
                }
                return workers.size();
            });
            TestBackends.awaitState(blocker, StrandState.BLOCKED);
            done.await();
            release.set(true);
            b.unpark(blocker);
            assertEquals(WORKERS, blocker.join());
            assertEquals(2, b.scheduler().carrierCount());
        });
    }

    /** With no room for a spare ({@code maxCarriers == carriers}) nothing is started. */
    @Test
    void noSpareBeyondMaxCarriers() throws Exception {
        TestBackends.on(1, 1, b -> {
            AtomicBoolean release = new AtomicBoolean();
            CountDownLatch spinning = new CountDownLatch(1);
            Strand<Void> hog = b.spawn("hog", () -> {
                b.spawn(() -> 1); // queued behind the hog, with nowhere to go
                spinning.countDown();
                while (!release.get()) {
                    Thread.onSpinWait();
                }
                return null;
            });
            spinning.await();
            TestBackends.await("the monitor to see the hog", () -> b.counters().pinCounts().get(PinReason.STUCK) >= 1);
            assertEquals(1, b.scheduler().carrierCount());
            release.set(true);
            hog.join();
        });
    }

    private static List<Strand<Integer>> spawnWorkers(CoroutineBackend b, CountDownLatch done) {
        List<Strand<Integer>> workers = new ArrayList<>();
        for (int i = 0; i < WORKERS; i++) {
            int n = i;
            workers.add(b.spawn(() -> {
                done.countDown();
                return n;
            }));
        }
        return workers;
    }
}
