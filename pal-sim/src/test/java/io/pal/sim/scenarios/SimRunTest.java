package io.pal.sim.scenarios;

import io.pal.sim.Outcome;
import io.pal.sim.SimRunner;

import io.pal.spi.SimConfig;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Random;
import java.util.Set;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.ReentrantLock;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * A closed run of the sim backend: the schedule follows from the seed alone, time is virtual, a
 * deadlock and a thread's uncaught exception end the run with their reasons.
 */
class SimRunTest {


    private static SimConfig seed(long seed) {
        return new SimConfig(seed, SimConfig.Strategy.RANDOM, 3, 1_000_000, false, SimConfig.DEFAULT_EPOCH);
    }

    /** Three threads append their names five times each, yielding between: the order is the schedule. */
    private static List<String> interleaving(SimConfig config, Outcome[] outcome) {
        List<String> order = new ArrayList<>();
        outcome[0] = SimRunner.run(config, () -> {
            List<Thread> ts = new ArrayList<>();
            for (String name : List.of("a", "b", "c")) {
                Thread t = new Thread(() -> {
                    for (int i = 0; i < 5; i++) {
                        synchronized (order) {
                            order.add(name);
                        }
                        Thread.yield();
                    }
                }, name);
                t.start();
                ts.add(t);
            }
            for (Thread t : ts) {
                t.join();
            }
        }, System.err);
        return order;
    }

    @Test
    void theSameSeedGivesTheSameScheduleAndTraceAndOtherSeedsOthers() {
        Outcome[] first = new Outcome[1];
        Outcome[] again = new Outcome[1];
        List<String> a = interleaving(seed(42), first);
        List<String> b = interleaving(seed(42), again);
        assertEquals(Outcome.Kind.PASSED, first[0].kind(), first[0].reason());
        assertEquals(15, a.size());
        assertEquals(a, b);
        assertEquals(first[0].trace(), again[0].trace());
        assertEquals(first[0].steps(), again[0].steps());
        Set<List<String>> seen = new HashSet<>();
        Set<Long> traces = new HashSet<>();
        for (long s = 0; s < 20; s++) {
            Outcome[] o = new Outcome[1];
            seen.add(interleaving(seed(s), o));
            traces.add(o[0].trace());
        }
        assertTrue(seen.size() > 10, "20 seeds gave only " + seen.size() + " schedules");
        assertTrue(traces.size() > 10, "20 seeds gave only " + traces.size() + " trace hashes");
    }

    @Test
    void sleepsParksAndTimedWaitsRunOnVirtualTimeThatMovesOnlyWhenNothingCanRun() {
        long[] seen = new long[4];
        Outcome o = SimRunner.run(seed(1), () -> {
            long t0 = System.nanoTime();
            long m0 = System.currentTimeMillis();
            Thread sleeper = new Thread(() -> {
                try {
                    Thread.sleep(Duration.ofHours(2));
                } catch (InterruptedException e) {
                    throw new AssertionError(e);
                }
            });
            sleeper.start();
            BlockingQueue<String> q = new ArrayBlockingQueue<>(1);
            assertEquals(null, q.poll(30, TimeUnit.MINUTES));          // a timed j.u.c. wait that times out
            seen[0] = System.nanoTime() - t0;
            CountDownLatch never = new CountDownLatch(1);
            assertFalse(never.await(10, TimeUnit.MINUTES));
            seen[1] = System.nanoTime() - t0;
            sleeper.join();
            seen[2] = System.nanoTime() - t0;
            seen[3] = System.currentTimeMillis() - m0;
        }, System.err);
        assertEquals(Outcome.Kind.PASSED, o.kind(), o.reason());
        assertEquals(TimeUnit.MINUTES.toNanos(30), seen[0]);
        assertEquals(TimeUnit.MINUTES.toNanos(40), seen[1]);
        assertEquals(TimeUnit.HOURS.toNanos(2), seen[2]);
        assertEquals(TimeUnit.HOURS.toMillis(2), seen[3]);
        assertEquals(TimeUnit.HOURS.toNanos(2), o.virtualNanos());
    }

    @Test
    void theClockStartsAtTheEpoch() {
        long[] millis = new long[1];
        Outcome o = SimRunner.run(seed(3), () -> millis[0] = System.currentTimeMillis(), System.err);
        assertEquals(Outcome.Kind.PASSED, o.kind(), o.reason());
        assertEquals(SimConfig.DEFAULT_EPOCH.toEpochMilli(), millis[0]);
    }

    @Test
    void aLockOrderDeadlockEndsTheRunWithAReportOfEveryStrand() {
        Outcome o = SimRunner.run(seed(5), () -> {
            ReentrantLock a = new ReentrantLock();
            Object b = new Object();
            CountDownLatch both = new CountDownLatch(2);
            Thread t1 = new Thread(() -> {
                a.lock();
                both.countDown();
                awaitQuietly(both);
                synchronized (b) {
                    a.unlock();
                }
            }, "t1");
            Thread t2 = new Thread(() -> {
                synchronized (b) {
                    both.countDown();
                    awaitQuietly(both);
                    a.lock();
                }
            }, "t2");
            t1.start();
            t2.start();
            t1.join();
        }, System.err);
        assertEquals(Outcome.Kind.DEADLOCK, o.kind(), o.reason());
        assertEquals(3, o.exitStatus());
        assertTrue(o.reason().contains("\"t1\"") && o.reason().contains("\"t2\"") && o.reason().contains("\"main\""), o.reason());
        assertTrue(o.reason().contains("entering a monitor"), o.reason());
        assertTrue(o.reason().contains("ReentrantLock"), o.reason());
    }

    private static void awaitQuietly(CountDownLatch l) {
        try {
            l.await();
        } catch (InterruptedException e) {
            throw new AssertionError(e);
        }
    }

    @Test
    void anUncaughtExceptionInAThreadFailsTheRun() {
        Outcome o = SimRunner.run(seed(7), () -> {
            Thread t = new Thread(() -> {
                throw new IllegalStateException("boom");
            }, "worker");
            t.start();
            t.join();
        }, System.err);
        assertEquals(Outcome.Kind.FAILED, o.kind());
        assertTrue(o.reason().contains("worker") && o.reason().contains("boom"), o.reason());
    }

    @Test
    void aRunPastItsStepBudgetEnds() {
        SimConfig small = new SimConfig(1, SimConfig.Strategy.RANDOM, 3, 100, false, SimConfig.DEFAULT_EPOCH);
        Outcome o = SimRunner.run(small, () -> {
            while (true) {
                Thread.yield();
            }
        }, System.err);
        assertEquals(Outcome.Kind.STEP_BUDGET, o.kind(), o.reason());
        assertEquals(101, o.steps());
    }

    @Test
    void randomNumbersFollowTheSeed() {
        long[][] drawn = new long[3][];
        for (int i = 0; i < 3; i++) {
            long[] d = new long[4];
            drawn[i] = d;
            Outcome o = SimRunner.run(seed(i < 2 ? 9 : 10), () -> {
                d[0] = new Random().nextLong();
                d[1] = java.util.concurrent.ThreadLocalRandom.current().nextLong();
                d[2] = Double.doubleToLongBits(Math.random());
                d[3] = java.util.UUID.randomUUID().getMostSignificantBits();
            }, System.err);
            assertEquals(Outcome.Kind.PASSED, o.kind(), o.reason());
        }
        assertEquals(java.util.Arrays.toString(drawn[0]), java.util.Arrays.toString(drawn[1]));
        assertNotEquals(java.util.Arrays.toString(drawn[0]), java.util.Arrays.toString(drawn[2]));
    }

    @Test
    void threadsTheProgramStartsAreNonDaemonsAsOnAJvmsMainAndKeepTheRunAlive() {
        boolean[] seen = new boolean[3];
        Outcome o = SimRunner.run(seed(11), () -> {
            Thread worker = new Thread(() -> {
                try {
                    Thread.sleep(Duration.ofMinutes(5));
                } catch (InterruptedException e) {
                    throw new AssertionError(e);
                }
                seen[1] = true;
            });
            seen[0] = worker.isDaemon();
            Thread daemon = new Thread(() -> { });
            daemon.setDaemon(true);
            seen[2] = daemon.isDaemon();
            worker.start(); // main returns at once; the run lasts until the worker has slept
        }, System.err);
        assertEquals(Outcome.Kind.PASSED, o.kind(), o.reason());
        assertFalse(seen[0], "a thread main creates is a daemon");
        assertTrue(seen[1], "the run ended before its non-daemon thread did");
        assertTrue(seen[2]);
        assertEquals(TimeUnit.MINUTES.toNanos(5), o.virtualNanos());
    }

    @Test
    void systemExitEndsTheRunWithItsStatusAndNotTheJvm() {
        Outcome o = SimRunner.run(seed(12), () -> {
            System.exit(7);
        }, System.err);
        assertEquals(Outcome.Kind.FAILED, o.kind(), o.reason());
        assertEquals("System.exit(7)", o.reason());
    }

    /** A sleep of Long.MAX_VALUE: the JDK re-arms it from the clock each time it fires; the clock used to overflow. */
    @Test
    void aSleepForEverIsADeadlockNotAnOverflow() {
        Outcome o = SimRunner.run(seed(13), () -> Thread.sleep(Long.MAX_VALUE), System.err);
        assertEquals(Outcome.Kind.DEADLOCK, o.kind(), o.reason());
        assertTrue(o.reason().contains("\"main\""), o.reason());
    }

    /**
     * A strand that busy-waits ({@code Thread.onSpinWait}) for one in a timed park: the clock moves
     * once every runnable strand spins. Without that, virtual time stood still and the run spun
     * until its step budget.
     */
    @Test
    void aSpinWaitLetsVirtualTimeReachTheNextTimer() {
        long[] waited = new long[1];
        Outcome o = SimRunner.run(seed(14), () -> {
            java.util.concurrent.atomic.AtomicBoolean done = new java.util.concurrent.atomic.AtomicBoolean();
            long t0 = System.nanoTime();
            Thread sleeper = new Thread(() -> {
                java.util.concurrent.locks.LockSupport.parkNanos(TimeUnit.MILLISECONDS.toNanos(250));
                done.set(true);
            });
            sleeper.start();
            while (!done.getPlain()) {
                Thread.onSpinWait();
            }
            waited[0] = System.nanoTime() - t0;
        }, System.err);
        assertEquals(Outcome.Kind.PASSED, o.kind(), o.reason());
        assertEquals(TimeUnit.MILLISECONDS.toNanos(250), waited[0]);
    }

    /**
     * Under PCT a strand that yields in a loop for a strand of lower priority must let it run: the
     * yielder's priority drops below every other. HikariCP's {@code ConcurrentBag.add} spins so (while
     * a borrower waits, yield until it takes the entry), and PCT seed 183 of a program driving it ran
     * the spinner alone until the step budget ended the run (its change points were spent). Here
     * depth 1 has no change points at all, so only the yield's drop can let the setter run.
     */
    @Test
    void underPctAYielderLetsALowerPriorityStrandRun() {
        for (long seed = 0; seed < 40; seed++) {
            Outcome o = SimRunner.run(new SimConfig(seed, SimConfig.Strategy.PCT, 1, 100_000, false, SimConfig.DEFAULT_EPOCH), () -> {
                java.util.concurrent.atomic.AtomicBoolean done = new java.util.concurrent.atomic.AtomicBoolean();
                Thread setter = new Thread(() -> done.set(true));
                setter.start();
                while (!done.getPlain()) {
                    Thread.yield();
                }
            }, System.err);
            assertEquals(Outcome.Kind.PASSED, o.kind(), "seed " + seed + ": " + o.reason());
        }
    }

    /**
     * A spinner's mark lasts only until another strand does more than spin: here the worker sets the
     * flag and then sleeps for an hour, and the spinner must see the flag before the clock moves
     * (it used to jump the hour at once, the spinner still marked from before the worker ran).
     */
    @Test
    void aSpinnerLooksAgainBeforeTheClockMovesForIt() {
        long[] seenAfter = new long[1];
        for (long seed = 20; seed < 30; seed++) {
            Outcome o = SimRunner.run(seed(seed), () -> {
                java.util.concurrent.atomic.AtomicInteger stage = new java.util.concurrent.atomic.AtomicInteger();
                long t0 = System.nanoTime();
                Thread worker = new Thread(() -> {
                    stage.set(1);
                    try {
                        Thread.sleep(Duration.ofHours(1));
                    } catch (InterruptedException e) {
                        throw new AssertionError(e);
                    }
                });
                worker.start();
                while (stage.getPlain() == 0) {
                    Thread.onSpinWait();
                }
                seenAfter[0] = System.nanoTime() - t0;
            }, System.err);
            assertEquals(Outcome.Kind.PASSED, o.kind(), o.reason());
            assertEquals(0, seenAfter[0], "seed " + seed);
        }
    }

    /** {@code LockSupport.parkUntil} takes its deadline on the virtual clock (it read real time: a deadline in 2000 was long past). */
    @Test
    void parkUntilWaitsUntilAVirtualDeadline() {
        long[] waited = new long[2];
        Outcome o = SimRunner.run(seed(15), () -> {
            long t0 = System.currentTimeMillis();
            java.util.concurrent.locks.LockSupport.parkUntil(t0 + TimeUnit.HOURS.toMillis(2));
            waited[0] = System.currentTimeMillis() - t0;
            java.util.concurrent.locks.LockSupport.parkUntil(new Object(), System.currentTimeMillis() + 1_000);
            waited[1] = System.currentTimeMillis() - t0;
        }, System.err);
        assertEquals(Outcome.Kind.PASSED, o.kind(), o.reason());
        assertEquals(TimeUnit.HOURS.toMillis(2), waited[0]);
        assertEquals(TimeUnit.HOURS.toMillis(2) + 1_000, waited[1]);
    }

    /** {@code Instant.now()} and {@code Clock.systemUTC()} read the run's clock, from its epoch. */
    @Test
    void instantNowAndTheSystemClockReadVirtualTime() {
        java.time.Instant[] seen = new java.time.Instant[3];
        SimConfig at = new SimConfig(16, SimConfig.Strategy.RANDOM, 3, 1_000_000, false, java.time.Instant.parse("2031-05-06T07:08:09Z"));
        Outcome o = SimRunner.run(at, () -> {
            seen[0] = java.time.Instant.now();
            Thread.sleep(Duration.ofMinutes(90));
            seen[1] = java.time.Clock.systemUTC().instant();
            seen[2] = java.time.Instant.ofEpochMilli(java.time.Clock.systemDefaultZone().millis());
        }, System.err);
        assertEquals(Outcome.Kind.PASSED, o.kind(), o.reason());
        assertEquals(java.time.Instant.parse("2031-05-06T07:08:09Z"), seen[0]);
        assertEquals(java.time.Instant.parse("2031-05-06T08:38:09Z"), seen[1]);
        assertEquals(seen[1], seen[2]);
    }
}
