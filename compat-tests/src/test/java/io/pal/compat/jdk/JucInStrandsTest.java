package io.pal.compat.jdk;

import io.pal.BackendName;
import io.pal.Pal;
import io.pal.Strand;
import io.pal.StrandState;
import io.pal.junit.AllBackends;
import org.junit.jupiter.api.RepeatedTest;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

import java.lang.management.ManagementFactory;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.locks.Lock;
import java.util.concurrent.locks.ReentrantLock;
import java.util.concurrent.locks.ReentrantReadWriteLock;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * java.util.concurrent used by unmodified code inside strands. Mutual exclusion must hold even when
 * the owner parks, sleeps or yields inside the critical section (on coroutines the lock records the
 * strand's own identity as owner, so the owner may unmount, and move, while it holds it), and
 * strands blocked in latches and queues must not stop the strands that would release them.
 */
@AllBackends
@Timeout(value = 60, threadMode = Timeout.ThreadMode.SEPARATE_THREAD)
class JucInStrandsTest {

    private static final int STRANDS = 8;
    private static final int ROUNDS = 200;

    /** A counter that is not atomic: its final value is exact only if the lock excluded everyone. */
    private static final class Plain {
        int value;
    }

    @RepeatedTest(3)
    void reentrantLockExcludesAcrossYieldSleepAndPark() throws Exception {
        assertExclusive(new ReentrantLock());
    }

    @RepeatedTest(3)
    void writeLockExcludesAcrossYieldSleepAndPark() throws Exception {
        assertExclusive(new ReentrantReadWriteLock().writeLock());
    }

    /** A fair lock checks whether the caller's own node is first in line: the waiter identity must match. */
    @RepeatedTest(3)
    void fairLockExcludesAndEveryoneGetsIn() throws Exception {
        assertExclusive(new ReentrantLock(true));
    }

    /** An uninterruptible lock() that was interrupted while it waited returns with the status set (AQS re-asserts it). */
    @Test
    void interruptDuringUninterruptibleLockIsKept() throws Exception {
        ReentrantLock lock = new ReentrantLock();
        lock.lock(); // held by the test thread, so the strand queues
        try {
            Strand<Boolean> s = Pal.spawn(() -> {
                lock.lock();
                try {
                    return Thread.currentThread().isInterrupted();
                } finally {
                    lock.unlock();
                }
            });
            while (!lock.hasQueuedThreads()) {
                Thread.onSpinWait();
            }
            s.interrupt();
            ThreadSleepTest.awaitState(s, StrandState.PARKED); // woken by the interrupt, it parks again: lock() ignores it
            lock.unlock();
            assertTrue(s.join(), "the interrupt that came while lock() waited is kept");
        } finally {
            if (lock.isHeldByCurrentThread()) {
                lock.unlock();
            }
        }
    }

    /** A fair semaphore hands permits over in order between many strands; all complete with an exact count. */
    @Test
    void fairSemaphoreBetweenManyStrands() throws Exception {
        java.util.concurrent.Semaphore permits = new java.util.concurrent.Semaphore(2, true);
        java.util.concurrent.atomic.AtomicInteger most = new java.util.concurrent.atomic.AtomicInteger();
        java.util.concurrent.atomic.AtomicInteger now = new java.util.concurrent.atomic.AtomicInteger();
        List<Strand<Void>> strands = new ArrayList<>();
        for (int i = 0; i < 64; i++) {
            strands.add(Pal.spawn(() -> {
                for (int r = 0; r < 20; r++) {
                    permits.acquire();
                    try {
                        most.accumulateAndGet(now.incrementAndGet(), Math::max);
                        Pal.yieldNow();
                        now.decrementAndGet();
                    } finally {
                        permits.release();
                    }
                }
                return null;
            }));
        }
        for (Strand<Void> s : strands) {
            s.join();
        }
        assertTrue(most.get() <= 2, "at most two inside at once, saw " + most.get());
        assertEquals(2, permits.availablePermits());
    }

    private static void assertExclusive(Lock lock) throws Exception {
        Plain counter = new Plain();
        List<Strand<Void>> strands = new ArrayList<>();
        for (int i = 0; i < STRANDS; i++) {
            strands.add(Pal.spawn(() -> {
                for (int r = 0; r < ROUNDS; r++) {
                    lock.lock();
                    try {
                        int v = counter.value;
                        switch (r % 3) {
                            case 0 -> Pal.yieldNow();
                            case 1 -> Thread.sleep(0, 1000);
                            default -> Pal.park(java.time.Duration.ofNanos(1000));
                        }
                        counter.value = v + 1;
                    } finally {
                        lock.unlock();
                    }
                }
                return null;
            }));
        }
        for (Strand<Void> s : strands) {
            s.join();
        }
        assertEquals(STRANDS * ROUNDS, counter.value);
    }

    @Test
    void strandsAwaitingALatchDoNotStopTheStrandThatOpensIt() throws Exception {
        CountDownLatch latch = new CountDownLatch(1);
        List<Strand<Integer>> waiters = new ArrayList<>();
        for (int i = 0; i < STRANDS; i++) {
            int n = i;
            waiters.add(Pal.spawn(() -> {
                latch.await();
                return n;
            }));
        }
        Pal.spawn(() -> {
            latch.countDown();
            return null;
        }).join();
        int sum = 0;
        for (Strand<Integer> w : waiters) {
            sum += w.join();
        }
        assertEquals(STRANDS * (STRANDS - 1) / 2, sum);
    }

    /**
     * The monitor's figure: 10,000 strands blocked in take() at once, then one feeder for them all.
     * On coroutines j.u.c. parks suspend strands, each under an identity of its own that AQS wakes
     * exactly (ADR 0008), so the JVM needs no thread per taker.
     */
    @Test
    void tenThousandTakersAndOneFeeder(BackendName backend) throws Exception {
        int takers = 10_000;
        int before = ManagementFactory.getThreadMXBean().getThreadCount(); // spares earlier tests needed stay
        BlockingQueue<Integer> queue = new ArrayBlockingQueue<>(64);
        List<Strand<Integer>> taking = new ArrayList<>(takers);
        for (int i = 0; i < takers; i++) {
            taking.add(Pal.spawn(queue::take));
        }
        for (Strand<Integer> t : taking) {
            ThreadSleepTest.awaitState(t, StrandState.PARKED);
        }
        if (backend == BackendName.COROUTINES) {
            int threads = ManagementFactory.getThreadMXBean().getThreadCount() - before;
            assertTrue(threads < 64, takers + " strands in take() added " + threads + " JVM threads");
        }
        Strand<Void> feeder = Pal.spawn(() -> {
            for (int i = 1; i <= takers; i++) {
                queue.put(i);
            }
            return null;
        });
        feeder.join();
        long sum = 0;
        for (Strand<Integer> t : taking) {
            sum += t.join();
        }
        assertEquals((long) takers * (takers + 1) / 2, sum);
    }
}
