package io.pal.coroutines;

import io.pal.Strand;
import io.pal.StrandState;
import io.pal.coroutines.sched.Watchdog;
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
 * The watchdog: work queued behind a carrier that stays inside one strand is handed to a spare
 * carrier. On one carrier, each test can only finish if that happens: the strands that would
 * release the stuck one are queued on its carrier.
 */
@Timeout(60)
class MonitorTest {

    private static final int WORKERS = 50;

    /** A carrier blocked in Object.wait, which nobody announces: seen WAITING, counted as STUCK, handed off. */
    @Test
    void workQueuedBehindAnObjectWaitRunsOnASpareCarrier() throws Exception {
        TestBackends.on(1, 2, b -> {
            CountDownLatch done = new CountDownLatch(WORKERS);
            Object monitor = new Object();
            Strand<Integer> waiter = b.spawnIdentityStrand("waiter", () -> { // a virtual strand's wait would leave the carrier
                List<Strand<Integer>> workers = spawnWorkers(b, done); // queued on this carrier, not started
                synchronized (monitor) {
                    while (done.getCount() > 0) {
                        monitor.wait(10); // blocks the carrier thread: only another carrier can run the workers
                    }
                }
                int sum = 0;
                for (Strand<Integer> w : workers) {
                    sum += w.join();
                }
                return sum;
            });
            assertEquals(WORKERS * (WORKERS - 1) / 2, waiter.join());
            assertEquals(2, b.scheduler().carrierCount(), "one spare was started");
            assertTrue(b.counters().pinCounts().get(PinReason.STUCK) >= 1);
        });
    }

    /** A strand that computes a while, then blocks its carrier on purpose (a pinned park): handed off once it waits. */
    @Test
    void workQueuedBehindAPinnedParkRunsOnASpareCarrier() throws Exception {
        TestBackends.on(1, 2, b -> {
            CountDownLatch done = new CountDownLatch(WORKERS);
            AtomicBoolean release = new AtomicBoolean();
            Strand<Integer> blocker = b.spawnIdentityStrand("blocker", () -> {
                List<Strand<Integer>> workers = spawnWorkers(b, done);
                long computeUntil = System.nanoTime() + 3 * Watchdog.HOG_NANOS;
                while (System.nanoTime() < computeUntil) {
                    Thread.onSpinWait(); // first seen computing (no spare), then waiting (a spare)
                }
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

    /**
     * A CPU hog is counted as STUCK but gets no spare, although the maximum would allow one: a
     * spare would only run more strands in parallel than {@code pal.carriers} says.
     */
    @Test
    void aCpuHogGetsNoSpare() throws Exception {
        TestBackends.on(1, 2, b -> {
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
