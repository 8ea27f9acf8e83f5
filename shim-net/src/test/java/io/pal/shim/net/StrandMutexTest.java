package io.pal.shim.net;

import io.pal.spi.Backend;
import org.junit.jupiter.api.RepeatedTest;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The mutex the socket's read and write sides are serialised by. */
@Timeout(60)
class StrandMutexTest extends ShimTestBase {

    /** Guarded by the mutex under test; deliberately a plain field. */
    private int counter;

    @RepeatedTest(5)
    void mutualExclusionIsExact() throws Exception {
        StrandMutex m = new StrandMutex(BACKEND);
        int threads = 3;
        int iterations = 20_000;
        counter = 0;
        List<Forked<Void>> all = new ArrayList<>();
        for (int t = 0; t < threads; t++) {
            all.add(Forked.platform("inc-" + t, () -> {
                for (int i = 0; i < iterations; i++) {
                    m.lock(Backend.NO_TIMEOUT);
                    try {
                        counter++;
                    } finally {
                        m.unlock();
                    }
                }
                return null;
            }));
        }
        for (Forked<Void> f : all) {
            f.join();
        }
        assertEquals(threads * iterations, counter);
    }

    @Test
    void aTimedLockGivesUpAndAWaiterBehindItIsStillWoken() throws Exception {
        StrandMutex m = new StrandMutex(BACKEND);
        m.lock(Backend.NO_TIMEOUT);
        CountDownLatch queued = new CountDownLatch(1);
        Forked<Long> timed = Forked.platform("timed", () -> {
            queued.countDown();
            return m.lock(20_000_000L); // 20 ms: gives up while the test holds the mutex
        });
        queued.await();
        assertTrue(timed.join() <= 0, "the timed lock should have given up");
        Forked<Boolean> patient = Forked.platform("patient", () -> {
            m.lock(Backend.NO_TIMEOUT);
            m.unlock();
            return true;
        });
        NetTestSupport.awaitCondition("patient parked", java.time.Duration.ofSeconds(10),
                () -> patient.thread.getState() == Thread.State.WAITING);
        m.unlock();
        assertTrue(patient.join());
    }

    @Test
    void anInterruptDoesNotBreakTheWaitAndIsKept() throws Exception {
        StrandMutex m = new StrandMutex(BACKEND);
        m.lock(Backend.NO_TIMEOUT);
        Forked<Boolean> waiter = Forked.platform("waiter", () -> {
            m.lock(Backend.NO_TIMEOUT);
            m.unlock();
            return Thread.currentThread().isInterrupted();
        });
        NetTestSupport.awaitCondition("waiter parked", java.time.Duration.ofSeconds(10),
                () -> waiter.thread.getState() == Thread.State.WAITING);
        waiter.thread.interrupt();
        NetTestSupport.awaitCondition("waiter parked again", java.time.Duration.ofSeconds(10),
                () -> waiter.thread.getState() == Thread.State.WAITING);
        assertFalse(waiter.thread.getState() == Thread.State.TERMINATED);
        m.unlock();
        assertTrue(waiter.join(), "interrupt status re-asserted");
    }
}
