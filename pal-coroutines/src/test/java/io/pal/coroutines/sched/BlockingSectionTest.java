package io.pal.coroutines.sched;

import org.junit.jupiter.api.RepeatedTest;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

import java.time.Duration;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.BooleanSupplier;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Protocol "blocking": a task that announces a blocking call hands its carrier's work away at
 * once. These schedulers have no monitor, so nothing but the announcement can bring a carrier.
 */
@Timeout(60)
class BlockingSectionTest {

    /** A task blocks its only carrier until a task queued behind it has run: only a hand-off at the call's start lets that one run. */
    @RepeatedTest(20)
    void aBlockingCallHandsTheQueueToASpareAtOnce() throws Exception {
        run(Scheduler.start("blocking", 1, 2, Scheduler.QUEUE_CAPACITY, null, TimeUnit.SECONDS.toNanos(30)), s -> {
                CountDownLatch done = blockUntilTheTaskBehindRuns(s);
                assertTrue(done.await(20, TimeUnit.SECONDS), "the queued task never ran: " + s);
                assertEquals(2, s.carrierCount(), "one spare stood in");
        });
    }

    /** Sections nest: only the outermost hands off and counts; the inner end returns null. */
    @Test
    void sectionsNest() throws Exception {
        run(Scheduler.start("nest", 1, 1, Scheduler.QUEUE_CAPACITY, null, TimeUnit.SECONDS.toNanos(30)), s -> {
                CountDownLatch done = new CountDownLatch(1);
                s.submit(() -> {
                    Carrier c = Carrier.currentOf(s);
                    assertTrue(s.blockingBegins(c, "outer"));
                    assertEquals(false, s.blockingBegins(c, "inner"));
                    assertSame("outer", c.blockingCall());
                    assertNull(s.blockingEnds(c));
                    assertEquals(0, s.active(), "the blocked carrier does not count as active");
                    assertSame("outer", s.blockingEnds(c));
                    assertNull(c.blockingCall());
                    assertEquals(1, s.active());
                    done.countDown();
                });
                assertTrue(done.await(20, TimeUnit.SECONDS));
        });
    }

    /**
     * After the call returns, one carrier is too many: the surplus sleeps instead of taking work,
     * and the spare exits after its keep-alive, leaving the parallelism as it was.
     */
    @Test
    void theSpareSleepsAndExitsOnceTheBlockedCarrierIsBack() throws Exception {
        run(Scheduler.start("retire", 1, 2, Scheduler.QUEUE_CAPACITY, null, TimeUnit.MILLISECONDS.toNanos(200)), s -> {
                CountDownLatch done = blockUntilTheTaskBehindRuns(s);
                assertTrue(done.await(20, TimeUnit.SECONDS));
                awaitTrue("the spare to exit: " + s, () -> s.carrierCount() == 1);
                awaitTrue("the spare's thread to end", () -> Thread.getAllStackTraces().keySet().stream()
                        .noneMatch(t -> t.getName().equals("retire-carrier-1")));
                // the scheduler still runs work on its one carrier, and can add a spare again
                AtomicInteger ran = new AtomicInteger();
                CountDownLatch all = new CountDownLatch(1_000);
                for (int i = 0; i < 1_000; i++) {
                    s.submit(() -> {
                        ran.incrementAndGet();
                        all.countDown();
                    });
                }
                assertTrue(all.await(20, TimeUnit.SECONDS));
                assertEquals(1_000, ran.get());
        });
    }

    /** Many tasks each block a carrier until all of them have started: spares stand in until every one runs, then all leave. */
    @RepeatedTest(20)
    void asManySparesAsBlockedCarriersThenNone() throws Exception {
        int n = 50;
        run(Scheduler.start("many", 2, 64, Scheduler.QUEUE_CAPACITY, null, TimeUnit.MILLISECONDS.toNanos(200)), s -> {
                CountDownLatch started = new CountDownLatch(n);
                CountDownLatch done = new CountDownLatch(n);
                for (int i = 0; i < n; i++) {
                    s.submit(() -> {
                        Carrier c = Carrier.currentOf(s);
                        started.countDown();
                        s.blockingBegins(c, "all-started");
                        await(started);
                        s.blockingEnds(c);
                        done.countDown();
                    });
                }
                assertTrue(done.await(20, TimeUnit.SECONDS), "not every task got a carrier (" + started.getCount()
                    + " never started): " + s);
                awaitTrue("spares to exit: " + s, () -> s.carrierCount() == 2);
        });
    }

    /**
     * While 1, then 2, then 3 tasks block carriers in calls, a flood of short tasks from outside
     * never sees more spares than blocked carriers: each one records the carrier count it runs
     * beside, and the largest must not pass the parallelism plus the blocked ones.
     */
    @RepeatedTest(5)
    void sparesNeverOutnumberTheCarriersBlockedInCalls() throws Exception {
        run(Scheduler.start("spares", 2, 16, Scheduler.QUEUE_CAPACITY, null, TimeUnit.SECONDS.toNanos(30)), s -> {
                for (int blockers = 1; blockers <= 3; blockers++) {
                    CountDownLatch release = new CountDownLatch(1);
                    CountDownLatch blocking = new CountDownLatch(blockers);
                    CountDownLatch returned = new CountDownLatch(blockers);
                    for (int i = 0; i < blockers; i++) {
                        s.submit(() -> {
                            Carrier c = Carrier.currentOf(s);
                            s.blockingBegins(c, "held");
                            blocking.countDown();
                            await(release);
                            s.blockingEnds(c);
                            returned.countDown();
                        });
                    }
                    assertTrue(blocking.await(20, TimeUnit.SECONDS), "the blockers got carriers: " + s);
                    int n = 5_000;
                    AtomicInteger most = new AtomicInteger();
                    CountDownLatch ran = new CountDownLatch(n);
                    for (int i = 0; i < n; i++) {
                        s.submit(() -> {
                            most.accumulateAndGet(s.carrierCount(), Math::max);
                            ran.countDown();
                        });
                    }
                    assertTrue(ran.await(20, TimeUnit.SECONDS), "the short tasks ran: " + s);
                    int allowed = s.parallelism() + blockers;
                    assertTrue(most.get() <= allowed, most.get() + " carriers beside " + blockers + " blocked, at most "
                            + allowed + " expected: " + s);
                    release.countDown();
                    assertTrue(returned.await(20, TimeUnit.SECONDS));
                }
        });
    }

    interface Body {
        void accept(Scheduler s) throws Exception;
    }

    /** Runs {@code body} with {@code s}, then shuts {@code s} down and checks that its carriers exit. */
    private static void run(Scheduler s, Body body) throws Exception {
        try {
            body.accept(s);
        } finally {
            s.shutdown();
        }
        assertTrue(s.awaitTermination(Duration.ofSeconds(10)), "carriers did not exit: " + s); // after the body's own failure, not instead
    }

    /**
     * Submits a task that queues another behind itself on its carrier, then blocks that carrier, in
     * a blocking section, until the one behind has run. Returns a latch that opens when it is done.
     */
    private static CountDownLatch blockUntilTheTaskBehindRuns(Scheduler s) {
        CountDownLatch behindRan = new CountDownLatch(1);
        CountDownLatch done = new CountDownLatch(1);
        s.submit(() -> {
            Carrier c = Carrier.currentOf(s);
            s.submit(behindRan::countDown); // queued locally, behind this task
            assertTrue(s.blockingBegins(c, "test"));
            try {
                await(behindRan);
            } finally {
                assertSame("test", s.blockingEnds(c));
            }
            done.countDown();
        });
        return done;
    }

    private static void await(CountDownLatch l) {
        try {
            if (!l.await(20, TimeUnit.SECONDS)) {
                throw new AssertionError("timed out");
            }
        } catch (InterruptedException e) {
            throw new AssertionError(e);
        }
    }

    private static void awaitTrue(String what, BooleanSupplier cond) throws InterruptedException {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(20);
        while (!cond.getAsBoolean()) {
            assertTrue(System.nanoTime() < deadline, "timed out waiting for " + what);
            Thread.sleep(10);
        }
    }
}
