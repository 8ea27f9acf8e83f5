package io.pal.compat.threadsasstrands;

import io.pal.BackendName;
import io.pal.junit.AllBackends;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.atomic.AtomicReference;
import java.util.concurrent.locks.LockSupport;

import static io.pal.compat.threadsasstrands.TasTests.awaitState;
import static io.pal.compat.threadsasstrands.TasTests.expectStrands;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The Thread API as a program uses it on the threads it starts, under {@code pal.threadsAsStrands}:
 * identity, join (with and without a timeout), interrupt of a sleeping, parked or waiting thread,
 * uncaught-exception handlers, state and liveness. Each test also checks whether the thread ran as
 * a strand (coroutines) or stayed a platform thread (threads, virtual).
 */
@AllBackends
@Timeout(value = 60)
class ThreadApiTest {

    /** Whether each thread a test started ran as a strand; every test's threads must agree with the backend. */
    private final Set<Boolean> ranAsStrand = ConcurrentHashMap.newKeySet();

    /** Called first in every thread a test starts. */
    private void note() {
        ranAsStrand.add(TasTests.runsAsStrand());
    }

    @AfterEach
    void everyThreadRanAsTheBackendRunsThem(BackendName backend) {
        assertEquals(Set.of(expectStrands(backend)), ranAsStrand, "the test's threads ran as strands");
    }

    @Test
    void theCurrentThreadIsTheThreadTheProgramStarted(BackendName backend) throws Exception {
        AtomicReference<Thread> seen = new AtomicReference<>();
        AtomicReference<Boolean> strand = new AtomicReference<>();
        Thread t = new Thread(() -> {
            seen.set(Thread.currentThread());
            strand.set(TasTests.runsAsStrand());
            note();
        }, "started");
        assertEquals(Thread.State.NEW, t.getState());
        t.start();
        t.join();
        assertSame(t, seen.get());
        assertEquals(expectStrands(backend), strand.get(), "ran as a strand");
        assertFalse(t.isAlive());
        assertEquals(Thread.State.TERMINATED, t.getState());
        assertThrows(IllegalThreadStateException.class, t::start, "a thread starts once");

        Thread built = Thread.ofPlatform().name("built").start(() -> {
            seen.set(Thread.currentThread());
            strand.set(TasTests.runsAsStrand());
        });
        built.join();
        assertSame(built, seen.get(), "Thread.ofPlatform().start");
        assertEquals(expectStrands(backend), strand.get(), "Thread.ofPlatform().start ran as a strand");
        assertFalse(built.isVirtual());
    }

    @Test
    void aStartedThreadIsAliveUntilItEndsAndJoinWithATimeoutReturnsWhileItLives() throws Exception {
        CountDownLatch gate = new CountDownLatch(1);
        Thread t = new Thread(() -> {
            note();
            try {
                gate.await();
            } catch (InterruptedException e) {
                throw new AssertionError(e);
            }
        }, "gated");
        t.start();
        assertTrue(t.isAlive());
        assertThrows(IllegalThreadStateException.class, () -> t.setDaemon(true), "alive: no daemon change");
        awaitState(t, Thread.State.WAITING);
        long before = System.nanoTime();
        t.join(50);
        assertTrue(System.nanoTime() - before >= 50_000_000L, "join(50) waited its 50 ms");
        assertTrue(t.isAlive(), "join(millis) returned while the thread lives");
        assertFalse(t.join(Duration.ofMillis(20)), "join(Duration) says it still runs");
        t.join(10, 500);
        gate.countDown();
        assertTrue(t.join(Duration.ofSeconds(20)), "join(Duration) after it ended");
        t.join();
        assertFalse(t.isAlive());
        assertEquals(Thread.State.TERMINATED, t.getState());
    }

    @Test
    void interruptEndsASleepAParkAndAnObjectWait(BackendName backend) throws Exception {
        List<String> outcomes = new ArrayList<>();
        Object lock = new Object();
        Thread sleeper = new Thread(() -> {
            note();
            try {
                Thread.sleep(Duration.ofMinutes(5));
                record(outcomes, "sleep: not interrupted");
            } catch (InterruptedException e) {
                record(outcomes, "sleep: interrupted, status " + Thread.currentThread().isInterrupted());
            }
        }, "sleeper");
        Thread parker = new Thread(() -> {
            note();
            while (!Thread.currentThread().isInterrupted()) {
                LockSupport.park();
            }
            record(outcomes, "park: interrupted, status " + Thread.interrupted());
        }, "parker");
        Thread waiter = new Thread(() -> {
            note();
            synchronized (lock) {
                try {
                    lock.wait();
                    record(outcomes, "wait: not interrupted");
                } catch (InterruptedException e) {
                    record(outcomes, "wait: interrupted, status " + Thread.currentThread().isInterrupted());
                }
            }
        }, "waiter");
        sleeper.start();
        parker.start();
        waiter.start();
        awaitState(sleeper, Thread.State.TIMED_WAITING);
        awaitState(parker, Thread.State.WAITING);
        awaitState(waiter, Thread.State.WAITING);
        for (Thread t : List.of(sleeper, parker, waiter)) {
            t.interrupt();
            t.join();
        }
        assertEquals(List.of("sleep: interrupted, status false", "park: interrupted, status true",
                "wait: interrupted, status false"), outcomes);
    }

    /** getState() tells a timed park from an untimed one, as for a platform thread (it said WAITING for both). */
    @Test
    void aTimedParkIsTimedWaitingAndAnUntimedOneWaiting() throws Exception {
        Thread timed = new Thread(() -> {
            note();
            while (!Thread.currentThread().isInterrupted()) {
                LockSupport.parkNanos(Duration.ofMinutes(5).toNanos());
            }
        }, "timed-parker");
        Thread untimed = new Thread(() -> {
            note();
            while (!Thread.currentThread().isInterrupted()) {
                LockSupport.park();
            }
        }, "untimed-parker");
        timed.start();
        untimed.start();
        awaitState(timed, Thread.State.TIMED_WAITING);
        awaitState(untimed, Thread.State.WAITING);
        for (Thread t : List.of(timed, untimed)) {
            t.interrupt();
            t.join();
        }
    }

    /**
     * The JDK's per-thread caches that end with a thread (TerminatingThreadLocals, such as NIO's cache
     * of temporary direct buffers) do not grow with the threads a program starts and ends. A thread
     * run as a strand keeps them on its carrier, as a virtual thread does (they are carrier
     * thread-locals), so 100 threads that each write a 1 MiB heap buffer to a file leave at most a
     * buffer per carrier, not one per thread.
     */
    @Test
    void perThreadDirectBufferCachesDoNotGrowWithTheThreads(@org.junit.jupiter.api.io.TempDir java.nio.file.Path dir) throws Exception {
        java.lang.management.BufferPoolMXBean direct = java.lang.management.ManagementFactory
                .getPlatformMXBeans(java.lang.management.BufferPoolMXBean.class).stream()
                .filter(b -> b.getName().equals("direct")).findFirst().orElseThrow();
        java.nio.file.Path file = dir.resolve("out");
        List<Thread> threads = new ArrayList<>(); // kept reachable, so only the JDK's own end-of-thread step frees a thread's cache
        long before = direct.getMemoryUsed();
        for (int i = 0; i < 100; i++) {
            Thread t = new Thread(() -> {
                note();
                try (java.nio.channels.FileChannel ch = java.nio.channels.FileChannel.open(file,
                        java.nio.file.StandardOpenOption.CREATE, java.nio.file.StandardOpenOption.WRITE)) {
                    ch.write(java.nio.ByteBuffer.allocate(1 << 20)); // through a temporary direct buffer the JDK caches per thread
                } catch (java.io.IOException e) {
                    throw new java.io.UncheckedIOException(e);
                }
            }, "writer-" + i);
            threads.add(t);
            t.start();
            t.join(); // one at a time: a platform thread's cache goes as it ends, a carrier's is reused
        }
        long grown = direct.getMemoryUsed() - before;
        assertTrue(grown <= 16L << 20, "direct memory grew by " + grown + " B after 100 threads that each wrote 1 MiB");
        assertEquals(100, threads.size());
    }

    private static void record(List<String> outcomes, String outcome) {
        synchronized (outcomes) {
            outcomes.add(outcome);
        }
    }

    @Test
    void anUncaughtExceptionGoesToTheThreadsHandlerThenToTheDefaultOne() throws Exception {
        AtomicReference<String> got = new AtomicReference<>();
        Thread t = new Thread(() -> {
            note();
            throw new IllegalStateException("from run");
        }, "thrower");
        t.setUncaughtExceptionHandler((th, e) -> got.set(th.getName() + ": " + e.getMessage()
                + (Thread.currentThread() == th ? " (on the thread itself)" : " (elsewhere)")));
        t.start();
        t.join();
        assertEquals("thrower: from run (on the thread itself)", got.get());
        assertEquals(null, t.getUncaughtExceptionHandler(), "a terminated thread has no handler");

        Thread.UncaughtExceptionHandler previous = Thread.getDefaultUncaughtExceptionHandler();
        Thread.setDefaultUncaughtExceptionHandler((th, e) -> got.set("default: " + th.getName() + ": " + e.getMessage()));
        try {
            Thread u = new Thread(() -> {
                note();
                throw new IllegalArgumentException("unhandled");
            }, "plain");
            u.start();
            u.join();
            assertEquals("default: plain: unhandled", got.get());
        } finally {
            Thread.setDefaultUncaughtExceptionHandler(previous);
        }
    }

    private static final InheritableThreadLocal<String> INHERITED = new InheritableThreadLocal<>();

    @Test
    void aThreadKeepsWhatItWasMadeWith() throws Exception {
        ClassLoader loader = new ClassLoader(getClass().getClassLoader()) { };
        AtomicReference<String> seen = new AtomicReference<>();
        INHERITED.set("from the maker");
        try {
            Thread t = new Thread(() -> {
                note();
                seen.set(INHERITED.get() + ", " + (Thread.currentThread().getContextClassLoader() == loader)
                        + ", daemon " + Thread.currentThread().isDaemon());
            }, "made");
            t.setContextClassLoader(loader);
            t.setDaemon(true);
            t.start();
            t.join();
        } finally {
            INHERITED.remove();
        }
        assertEquals("from the maker, true, daemon true", seen.get());
    }

    /**
     * Threads that join threads, more of them than carriers: a join that blocked its carrier would
     * leave no carrier for the children it waits for.
     */
    @Test
    void threadsJoiningTheirChildrenDoNotHoldCarriers(BackendName backend) throws Exception {
        int parents = 50;
        CountDownLatch gate = new CountDownLatch(1);
        List<Thread> children = new ArrayList<>();
        List<Thread> all = new ArrayList<>();
        for (int i = 0; i < parents; i++) {
            Thread child = new Thread(() -> {
                note();
                try {
                    gate.await();
                } catch (InterruptedException e) {
                    throw new AssertionError(e);
                }
            }, "child-" + i);
            children.add(child);
            Thread parent = new Thread(() -> {
                note();
                child.start();
                try {
                    child.join();
                } catch (InterruptedException e) {
                    throw new AssertionError(e);
                }
            }, "parent-" + i);
            all.add(parent);
            parent.start();
        }
        for (Thread p : all) {
            awaitState(p, Thread.State.WAITING);
        }
        gate.countDown();
        for (Thread p : all) {
            p.join();
        }
        for (Thread c : children) {
            assertEquals(Thread.State.TERMINATED, c.getState());
        }
    }
}
