package io.pal.compat.jdk;

import io.pal.BackendName;
import io.pal.Pal;
import io.pal.Strand;
import io.pal.StrandState;
import io.pal.junit.AllBackends;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

import java.lang.management.ManagementFactory;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Thread.sleep called by unmodified code inside a strand: never early, interruptible with the
 * JDK's exception and status, and, on coroutines, a suspension of the strand (its carrier is free:
 * many sleepers need no more threads than the carriers).
 */
@AllBackends
@Timeout(value = 60, threadMode = Timeout.ThreadMode.SEPARATE_THREAD)
class ThreadSleepTest {

    private static final int SLEEPERS = 500;

    @Test
    void threadSleepInAStrandNeverReturnsEarly() throws Exception {
        Strand<Long> s = Pal.spawn(() -> {
            long shortest = Long.MAX_VALUE;
            for (int ms : new int[] {1, 2, 5, 10, 20}) {
                long t0 = System.nanoTime();
                Thread.sleep(ms);
                shortest = Math.min(shortest, System.nanoTime() - t0 - TimeUnit.MILLISECONDS.toNanos(ms));
                t0 = System.nanoTime();
                Thread.sleep(Duration.ofMillis(ms));
                shortest = Math.min(shortest, System.nanoTime() - t0 - TimeUnit.MILLISECONDS.toNanos(ms));
            }
            return shortest;
        });
        assertTrue(s.join() >= 0, "a sleep returned " + (-s.join()) + " ns early");
    }

    @Test
    void manySleepersAreAllAsleepAtOnceAndInterruptible(BackendName backend) throws Exception {
        int before = ManagementFactory.getThreadMXBean().getThreadCount(); // spares earlier tests needed stay
        List<Strand<Boolean>> sleepers = new ArrayList<>();
        for (int i = 0; i < SLEEPERS; i++) {
            sleepers.add(Pal.spawn(() -> {
                try {
                    Thread.sleep(TimeUnit.HOURS.toMillis(1));
                    return false;
                } catch (InterruptedException expected) {
                    return !Thread.currentThread().isInterrupted(); // the JDK clears the status as it throws
                }
            }));
        }
        for (Strand<Boolean> s : sleepers) {
            awaitState(s, StrandState.PARKED);
        }
        if (backend == BackendName.COROUTINES) {
            int threads = ManagementFactory.getThreadMXBean().getThreadCount() - before;
            assertTrue(threads < 64, SLEEPERS + " strands in Thread.sleep added " + threads
                    + " JVM threads: the sleeps must suspend strands, not block carriers");
        }
        for (Strand<Boolean> s : sleepers) {
            s.interrupt();
        }
        for (Strand<Boolean> s : sleepers) {
            assertTrue(s.join(), "woke with InterruptedException and a cleared status");
        }
    }

    @Test
    void interruptBeforeThreadSleepThrowsAtOnce() {
        Strand<Void> s = Pal.spawn(() -> {
            Thread.currentThread().interrupt();
            Thread.sleep(TimeUnit.HOURS.toMillis(1));
            return null;
        });
        ExecutionException e = assertThrows(ExecutionException.class, s::join);
        assertInstanceOf(InterruptedException.class, e.getCause());
    }

    @Test
    void threadYieldInAStrandReturns() throws Exception {
        assertEquals(1000, Pal.spawn(() -> {
            int n = 0;
            for (int i = 0; i < 1000; i++) {
                Thread.yield();
                n++;
            }
            return n;
        }).join());
    }

    static void awaitState(Strand<?> s, StrandState state) {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
        while (s.state() != state) {
            if (System.nanoTime() - deadline > 0) {
                throw new AssertionError(s + " never reached " + state + "; it is " + s.state());
            }
            Thread.onSpinWait();
            Thread.yield();
        }
    }
}
