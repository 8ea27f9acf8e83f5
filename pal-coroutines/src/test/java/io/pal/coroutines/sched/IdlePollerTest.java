package io.pal.coroutines.sched;

import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Protocol "drive": idle carriers poll before sleeping, the driver blocks in the poller, and wakers break its wait. */
class IdlePollerTest {

    /** A poller whose "ready descriptors" are tasks the test offers; its blocking poll waits on a semaphore. */
    private static final class FakePoller implements IdlePoller {
        final Scheduler scheduler;
        final ConcurrentLinkedQueue<Runnable> ready = new ConcurrentLinkedQueue<>();
        final AtomicBoolean role = new AtomicBoolean();
        final Semaphore wakeups = new Semaphore(0);
        final AtomicInteger blockingPolls = new AtomicInteger();
        final AtomicInteger breaks = new AtomicInteger();
        final CountDownLatch blocked = new CountDownLatch(1);

        FakePoller(Scheduler scheduler) {
            this.scheduler = scheduler;
        }

        @Override
        public int poll() {
            int n = 0;
            Runnable t;
            while ((t = ready.poll()) != null) {
                scheduler.wake(t);
                n++;
            }
            return n;
        }

        @Override
        public boolean hasWaiters() {
            return true; // the test's "descriptors" may become ready at any time
        }

        @Override
        public boolean startBlocking() {
            return role.compareAndSet(false, true);
        }

        @Override
        public int pollBlocking(long timeoutNanos) {
            assertTrue(role.get());
            blockingPolls.incrementAndGet();
            blocked.countDown();
            wakeups.acquireUninterruptibly();
            return poll();
        }

        @Override
        public void stopBlocking() {
            role.set(false);
        }

        @Override
        public void wakeBlocked() {
            breaks.incrementAndGet();
            wakeups.release();
        }

        /** A descriptor became ready: its task is found by the next poll, and the blocked poller returns. */
        void becomeReady(Runnable t) {
            ready.add(t);
            wakeups.release();
        }
    }

    /** A scheduler with a fake poller, once one of its idle carriers blocks in it. */
    private static FakePoller blockedPoller(String name, int carriers) throws InterruptedException {
        Scheduler s = Scheduler.start(name, carriers, 8);
        FakePoller p = new FakePoller(s);
        s.setIdlePoller(p);
        s.submit(() -> { }); // passes through the idle path once more, now with the poller set
        assertTrue(p.blocked.await(10, TimeUnit.SECONDS), "the idle carrier blocks in the poller");
        return p;
    }

    @Test
    void anIdleCarrierBlocksInThePollerAndASubmissionBreaksItsWait() throws Exception {
        FakePoller p = blockedPoller("idle-poll", 1);
        Scheduler s = p.scheduler;
        try {
            CountDownLatch ran = new CountDownLatch(1);
            s.submit(ran::countDown);
            assertTrue(ran.await(10, TimeUnit.SECONDS), "the submitted task ran");
            assertTrue(p.breaks.get() >= 1, "the submission broke the blocking poll");
        } finally {
            s.shutdown();
            assertTrue(s.awaitTermination(Duration.ofSeconds(10)), "shutdown breaks the blocking poll too");
        }
    }

    @Test
    void whatTheBlockedPollerFindsReadyRunsOnItsCarrier() throws Exception {
        FakePoller p = blockedPoller("idle-poll-ready", 2);
        Scheduler s = p.scheduler;
        try {
            int rounds = 1_000;
            CountDownLatch all = new CountDownLatch(rounds);
            for (int i = 0; i < rounds; i++) {
                CountDownLatch one = new CountDownLatch(1);
                p.becomeReady(() -> {
                    one.countDown();
                    all.countDown();
                });
                assertTrue(one.await(10, TimeUnit.SECONDS), "round " + i); // each round the carriers have gone idle again before the next readiness
            }
            assertTrue(all.await(10, TimeUnit.SECONDS));
            assertEquals(0, p.ready.size());
            assertTrue(p.blockingPolls.get() >= 1);
        } finally {
            s.shutdown();
            assertTrue(s.awaitTermination(Duration.ofSeconds(10)));
        }
    }

    @Test
    void theIdlePollerIsSetOnce() {
        Scheduler s = Scheduler.start("idle-poll-once", 1, 8);
        try {
            s.setIdlePoller(new FakePoller(s));
            assertThrows(IllegalStateException.class, () -> s.setIdlePoller(new FakePoller(s)));
        } finally {
            s.shutdown();
        }
    }
}
