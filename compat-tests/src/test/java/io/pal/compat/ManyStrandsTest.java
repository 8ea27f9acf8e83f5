package io.pal.compat;

import io.pal.Pal;
import io.pal.Strand;
import io.pal.junit.AllBackends;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;

/**
 * {@value #STRANDS} strands alive at once: each checks in and parks on a shared gate, so the
 * arrival count reaching {@value #STRANDS} while the gate is closed proves they all exist
 * together. Then the gate opens, every strand is unparked, and all are joined with an exact count.
 */
@AllBackends
@Timeout(value = 90, threadMode = Timeout.ThreadMode.SEPARATE_THREAD)
class ManyStrandsTest {

    /** The brief's figure; on the threads backend that is 10,000 platform threads, a few seconds to start. */
    static final int STRANDS = 10_000;

    @Test
    void tenThousandStrandsAliveAtOnce() throws Exception {
        Strand<?> main = Pal.current();
        AtomicInteger arrived = new AtomicInteger();
        AtomicInteger passed = new AtomicInteger();
        AtomicInteger passedEarly = new AtomicInteger();
        Gate gate = new Gate();
        List<Strand<Integer>> strands = new ArrayList<>(STRANDS);
        long t0 = System.nanoTime();
        for (int i = 0; i < STRANDS; i++) {
            int index = i;
            strands.add(Pal.spawn(() -> {
                if (arrived.incrementAndGet() == STRANDS) {
                    Pal.unpark(main);
                }
                while (!gate.open) {
                    Pal.park();
                }
                if (arrived.get() != STRANDS) {
                    passedEarly.incrementAndGet();
                }
                passed.incrementAndGet();
                return index;
            }));
        }
        long spawned = System.nanoTime();
        Await.until("all " + STRANDS + " strands arrived", () -> arrived.get() == STRANDS);
        long allAlive = System.nanoTime();
        assertEquals(0, passed.get(), "a strand passed the closed gate");
        for (Strand<Integer> s : strands) {
            assertFalse(s.isDone(), s + " finished while the gate was closed");
        }
        gate.open = true;
        for (Strand<Integer> s : strands) {
            Pal.unpark(s);
        }
        int sum = 0;
        for (int i = 0; i < STRANDS; i++) {
            sum += strands.get(i).join(Await.LIMIT) == i ? 1 : 0;
        }
        long joined = System.nanoTime();
        System.out.printf("[%s] %d strands: spawned in %d ms, all alive after %d ms more, released and joined in %d ms%n",
                Pal.backend(), STRANDS, (spawned - t0) / 1_000_000, (allAlive - spawned) / 1_000_000,
                (joined - allAlive) / 1_000_000);
        assertEquals(STRANDS, passed.get());
        assertEquals(0, passedEarly.get());
        assertEquals(STRANDS, sum, "strands that returned their own index");
    }

    private static final class Gate {
        /** Written once by the test thread, read by every strand. */
        volatile boolean open;
    }
}
