package io.pal.coroutines;

import io.pal.Strand;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicLong;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

class SleepTest extends OnPrivateBackend {

    /** Many strands sleep different short times at once, and are unparked meanwhile; none returns early. */
    @Test
    void sleepNeverReturnsEarlyEvenWhenUnparked() throws Exception {
        List<Strand<Long>> all = new ArrayList<>();
        for (int i = 0; i < 500; i++) {
            final long nanos = 1_000_000L + (i % 20) * 500_000L;
            all.add(b.spawn(() -> {
                long t0 = System.nanoTime();
                b.sleep(nanos);
                return System.nanoTime() - t0 - nanos; // slack: must be >= 0
            }));
        }
        for (Strand<Long> s : all) {
            b.unpark(s); // a permit must not cut a sleep short
        }
        for (Strand<Long> s : all) {
            long slack = s.join();
            assertTrue(slack >= 0, "woke " + (-slack) + " ns early");
        }
    }

    @Test
    void sleepDoesNotConsumeAPermit() throws Exception {
        Strand<Boolean> s = b.spawn(() -> {
            b.unpark(b.current());
            b.sleep(1_000_000);
            b.park(); // the permit is still there: returns at once
            return true;
        });
        assertTrue(s.join());
    }

    @Test
    void zeroAndNegativeSleepsReturnAtOnce() throws Exception {
        assertTrue(b.spawn(() -> {
            b.sleep(0);
            b.sleep(-5);
            return true;
        }).join());
    }

    /**
     * A million strands asleep at once, until one shared deadline: the coordinator waits for the
     * state "the timer heap holds all of them"; none wakes early; every timer is gone after.
     */
    @Test
    void oneMillionConcurrentSleepers() throws Exception {
        final int n = 1_000_000;
        AtomicLong early = new AtomicLong();
        final long deadline = System.nanoTime() + 40_000_000_000L; // far enough to spawn them all first, even on a loaded machine (each spawn also makes the strand's Thread identity)
        Strand<Integer> coordinator = b.spawn(() -> {
            List<Strand<Void>> all = new ArrayList<>(n);
            for (int i = 0; i < n; i++) {
                all.add(b.spawn(() -> {
                    b.sleep(deadline - System.nanoTime());
                    if (System.nanoTime() - deadline < 0) {
                        early.incrementAndGet();
                    }
                    return null;
                }));
            }
            int peak = 0;
            while (peak < n && System.nanoTime() - deadline < 0) {
                peak = Math.max(peak, (int) b.liveStrands().size());
                b.sleep(1_000_000);
            }
            for (Strand<Void> s : all) {
                s.join();
            }
            return peak;
        });
        // (whose timers hold them is compat's VirtualTimersTest: the advice that hands them to pal's is a shim's)
        assertTrue(coordinator.join() >= n, "all sleepers were alive at once");
        assertEquals(0, early.get());
        TestBackends.await("every strand ended", () -> b.liveStrands().size() == 0);
    }

}
