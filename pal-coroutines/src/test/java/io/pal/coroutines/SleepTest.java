package io.pal.coroutines;

import io.pal.Strand;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicLong;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

class SleepTest {

    private CoroutineBackend b;

    @BeforeEach
    void start() {
        b = TestBackends.start(2);
    }

    @AfterEach
    void stop() throws InterruptedException {
        TestBackends.stop(b);
    }

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

    /** A hundred thousand strands asleep at once, all in the timer heap, all woken in deadline order of magnitude. */
    @Test
    void oneHundredThousandConcurrentSleepers() throws Exception {
        final int n = 100_000;
        AtomicLong early = new AtomicLong();
        Strand<Integer> coordinator = b.spawn(() -> {
            List<Strand<Void>> all = new ArrayList<>(n);
            for (int i = 0; i < n; i++) {
                final long nanos = 50_000_000L + (i % 1000) * 100_000L;
                all.add(b.spawn(() -> {
                    long t0 = System.nanoTime();
                    b.sleep(nanos);
                    if (System.nanoTime() - t0 < nanos) {
                        early.incrementAndGet();
                    }
                    return null;
                }));
            }
            for (Strand<Void> s : all) {
                s.join();
            }
            return all.size();
        });
        assertEquals(n, coordinator.join());
        assertEquals(0, early.get());
        assertEquals(0, b.timers().size());
    }
}
