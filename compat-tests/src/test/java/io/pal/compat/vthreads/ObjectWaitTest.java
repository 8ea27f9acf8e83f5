package io.pal.compat.vthreads;

import io.pal.BackendName;
import io.pal.Pal;
import io.pal.Strand;
import io.pal.compat.Await;
import io.pal.junit.AllBackends;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

import java.lang.management.ManagementFactory;
import java.util.ArrayList;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

/**
 * 2,000 strands waiting in {@code Object.wait} on one monitor hold no thread each: the JVM unmounts a
 * virtual thread there (JEP 491), and on coroutines strands are virtual threads. Before, each waiting
 * strand blocked a carrier and the scheduler started a spare for the rest: 2,010 threads.
 */
@AllBackends
@Timeout(value = 60, threadMode = Timeout.ThreadMode.SEPARATE_THREAD)
class ObjectWaitTest {

    private static final int WAITERS = 2_000;
    /** Threads the JVM may add meanwhile: a few carriers, the JDK's unblocker, nothing per waiter. */
    private static final int MORE_THREADS = 20;

    @Test
    void strandsWaitingOnOneMonitorHoldNoThreadEach(BackendName backend) throws Exception {
        assumeTrue(backend != BackendName.THREADS, "on threads a strand is a thread by definition");
        int before = ManagementFactory.getThreadMXBean().getThreadCount();
        Object monitor = new Object();
        int[] waiting = {0};
        boolean[] released = {false};
        List<Strand<Boolean>> waiters = new ArrayList<>();
        for (int i = 0; i < WAITERS; i++) {
            waiters.add(Pal.spawn(() -> {
                synchronized (monitor) {
                    waiting[0]++;
                    while (!released[0]) {
                        monitor.wait();
                    }
                }
                return true;
            }));
        }
        // a waiter counts itself and waits under the monitor: whoever holds it and reads WAITERS sees them all in wait()
        Await.until("every strand in Object.wait", () -> {
            synchronized (monitor) {
                return waiting[0] == WAITERS;
            }
        });
        int peak;
        synchronized (monitor) {
            peak = ManagementFactory.getThreadMXBean().getThreadCount();
            released[0] = true;
            monitor.notifyAll();
        }
        for (Strand<Boolean> w : waiters) {
            assertTrue(w.join());
        }
        assertTrue(peak - before <= MORE_THREADS,
                WAITERS + " strands in Object.wait took the JVM from " + before + " to " + peak + " threads");
        assertEquals(WAITERS, waiting[0]);
    }
}
