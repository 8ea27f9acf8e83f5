package io.pal.compat;

import io.pal.Pal;
import io.pal.Strand;
import io.pal.junit.AllBackends;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.concurrent.Callable;
import java.util.concurrent.CancellationException;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Future;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** {@link Pal#executor()}: an ExecutorService whose every task is a strand of its own. */
@AllBackends
@Timeout(value = 30, threadMode = Timeout.ThreadMode.SEPARATE_THREAD)
class ExecutorTest {

    private static final long LIMIT_MS = Await.LIMIT.toMillis();

    /** A task that parks until it is interrupted, counting that it started and that it saw the interrupt. */
    private static Callable<String> parkUntilInterrupted(AtomicInteger started, AtomicInteger interrupted) {
        return () -> {
            started.incrementAndGet();
            while (!Pal.interrupted()) {
                Pal.park();
            }
            interrupted.incrementAndGet();
            return "interrupted";
        };
    }

    @Test
    void submitAndGet() throws Exception {
        try (ExecutorService ex = Pal.executor()) {
            Future<Integer> f = ex.submit(() -> 6 * 7);
            assertEquals(42, f.get(LIMIT_MS, TimeUnit.MILLISECONDS));
            assertEquals(Future.State.SUCCESS, f.state());
            assertEquals(42, f.resultNow());

            Future<?> r = ex.submit(() -> { });
            assertNull(r.get());
            Future<String> rv = ex.submit(() -> { }, "given");
            assertEquals("given", rv.get());

            Future<Boolean> inStrand = ex.submit(() -> Pal.current() != null && !Pal.current().isDone());
            assertTrue(inStrand.get());
        }
    }

    @Test
    void aFailingTaskReportsItsCause() throws Exception {
        try (ExecutorService ex = Pal.executor()) {
            IllegalArgumentException boom = new IllegalArgumentException("boom");
            Future<Object> f = ex.submit(() -> {
                throw boom;
            });
            ExecutionException e = assertThrows(ExecutionException.class, f::get);
            assertSame(boom, e.getCause());
            assertEquals(Future.State.FAILED, f.state());
            assertSame(boom, f.exceptionNow());
        }
    }

    @Test
    void getWithATimeoutTimesOut() throws Exception {
        try (ExecutorService ex = Pal.executor()) {
            AtomicBoolean release = new AtomicBoolean();
            Future<String> f = ex.submit(() -> {
                while (!release.get()) {
                    Pal.park(Duration.ofMillis(5)); // nobody unparks it: poll the flag
                }
                return "released";
            });
            long t0 = System.nanoTime();
            assertThrows(TimeoutException.class, () -> f.get(20, TimeUnit.MILLISECONDS));
            assertTrue(System.nanoTime() - t0 >= TimeUnit.MILLISECONDS.toNanos(20), "get(timeout) returned early");
            assertThrows(TimeoutException.class, () -> f.get(0, TimeUnit.MILLISECONDS));
            assertThrows(TimeoutException.class, () -> f.get(-1, TimeUnit.MILLISECONDS));
            assertFalse(f.isDone());
            assertEquals(Future.State.RUNNING, f.state());
            release.set(true);
            assertEquals("released", f.get(LIMIT_MS, TimeUnit.MILLISECONDS));
        }
    }

    @Test
    void invokeAllRunsEveryTaskAndKeepsTheOrder() throws Exception {
        try (ExecutorService ex = Pal.executor()) {
            List<Callable<Integer>> tasks = new ArrayList<>();
            Set<Long> strands = ConcurrentHashMap.newKeySet();
            for (int i = 0; i < 50; i++) {
                int n = i;
                tasks.add(() -> {
                    strands.add(Pal.current().id());
                    Pal.yieldNow();
                    return n * n;
                });
            }
            List<Future<Integer>> results = ex.invokeAll(tasks);
            assertEquals(50, results.size());
            for (int i = 0; i < 50; i++) {
                assertTrue(results.get(i).isDone());
                assertEquals(i * i, results.get(i).get());
            }
            assertEquals(50, strands.size(), "each task ran in a strand of its own");
        }
    }

    @Test
    void invokeAllWithATimeoutCancelsTheStragglers() throws Exception {
        try (ExecutorService ex = Pal.executor()) {
            AtomicInteger started = new AtomicInteger();
            AtomicInteger interrupted = new AtomicInteger();
            List<Callable<String>> tasks = List.of(() -> "quick", parkUntilInterrupted(started, interrupted));
            List<Future<String>> results = ex.invokeAll(tasks, 50, TimeUnit.MILLISECONDS);
            assertEquals("quick", results.get(0).get());
            assertTrue(results.get(1).isCancelled());
            assertThrows(CancellationException.class, () -> results.get(1).get());
        }
    }

    @Test
    void invokeAnyReturnsOneSuccessfulResult() throws Exception {
        try (ExecutorService ex = Pal.executor()) {
            AtomicInteger started = new AtomicInteger();
            AtomicInteger interrupted = new AtomicInteger();
            List<Callable<String>> tasks = List.of(
                    () -> {
                        throw new IllegalStateException("fails");
                    },
                    parkUntilInterrupted(started, interrupted),
                    () -> "winner",
                    parkUntilInterrupted(started, interrupted));
            assertEquals("winner", ex.invokeAny(tasks));
        }
    }

    @Test
    void invokeAnyOfOnlyFailuresThrowsExecutionException() throws Exception {
        try (ExecutorService ex = Pal.executor()) {
            List<Callable<String>> tasks = List.of(
                    () -> {
                        throw new IllegalStateException("first");
                    },
                    () -> {
                        throw new IllegalStateException("second");
                    });
            ExecutionException e = assertThrows(ExecutionException.class, () -> ex.invokeAny(tasks));
            assertTrue(e.getCause() instanceof IllegalStateException, "cause: " + e.getCause());
        }
    }

    @Test
    void shutdownLetsRunningTasksFinishThenAwaitTerminationReturnsTrue() throws Exception {
        ExecutorService ex = Pal.executor();
        AtomicBoolean release = new AtomicBoolean();
        AtomicInteger started = new AtomicInteger();
        List<Future<Integer>> futures = new ArrayList<>();
        for (int i = 0; i < 5; i++) {
            int n = i;
            futures.add(ex.submit(() -> {
                started.incrementAndGet();
                while (!release.get()) {
                    Pal.park(Duration.ofMillis(5)); // nobody unparks these: poll the flag
                }
                return n;
            }));
        }
        Await.until("all tasks started", () -> started.get() == 5);
        ex.shutdown();
        assertTrue(ex.isShutdown());
        assertFalse(ex.isTerminated());
        assertFalse(ex.awaitTermination(20, TimeUnit.MILLISECONDS), "terminated while tasks still run");
        release.set(true);
        assertTrue(ex.awaitTermination(LIMIT_MS, TimeUnit.MILLISECONDS));
        assertTrue(ex.isTerminated());
        for (int i = 0; i < 5; i++) {
            assertEquals(i, futures.get(i).get(), "a task accepted before shutdown completes normally");
        }
    }

    @Test
    void shutdownOfAnIdleExecutorTerminatesAtOnce() throws Exception {
        ExecutorService ex = Pal.executor();
        ex.shutdown();
        assertTrue(ex.awaitTermination(0, TimeUnit.MILLISECONDS) || ex.awaitTermination(LIMIT_MS, TimeUnit.MILLISECONDS));
        assertTrue(ex.isTerminated());
    }

    @Test
    void tasksAreRejectedAfterShutdown() {
        ExecutorService ex = Pal.executor();
        ex.shutdown();
        assertThrows(RejectedExecutionException.class, () -> ex.submit(() -> 1));
        assertThrows(RejectedExecutionException.class, () -> ex.execute(() -> { }));
        assertThrows(RejectedExecutionException.class, () -> ex.invokeAll(List.of(() -> 1)));
        ExecutorService now = Pal.executor();
        now.shutdownNow();
        assertThrows(RejectedExecutionException.class, () -> now.submit(() -> 1));
    }

    @Test
    void shutdownNowInterruptsRunningTasks() throws Exception {
        ExecutorService ex = Pal.executor();
        AtomicInteger started = new AtomicInteger();
        AtomicInteger interrupted = new AtomicInteger();
        List<Future<String>> futures = new ArrayList<>();
        for (int i = 0; i < 8; i++) {
            futures.add(ex.submit(parkUntilInterrupted(started, interrupted)));
        }
        Await.until("all tasks started", () -> started.get() == 8);
        assertEquals(List.of(), ex.shutdownNow(), "there is no queue: nothing is returned");
        assertTrue(ex.awaitTermination(LIMIT_MS, TimeUnit.MILLISECONDS), "tasks did not end after shutdownNow");
        assertEquals(8, interrupted.get());
        for (Future<String> f : futures) {
            assertEquals("interrupted", f.get());
        }
    }

    /**
     * Race: shutdownNow right after submit, before the tasks' strands have necessarily started.
     * Every task was accepted, so each must either not run or be interrupted: with tasks that park
     * until interrupted, termination within the bound is the proof. Many small rounds.
     */
    @Test
    void shutdownNowRightAfterSubmitInterruptsEveryAcceptedTask() throws Exception {
        for (int round = 0; round < 200; round++) {
            ExecutorService ex = Pal.executor();
            AtomicInteger started = new AtomicInteger();
            AtomicInteger interrupted = new AtomicInteger();
            for (int i = 0; i < 3; i++) {
                ex.submit(parkUntilInterrupted(started, interrupted));
            }
            ex.shutdownNow();
            assertTrue(ex.awaitTermination(5, TimeUnit.SECONDS),
                    "round " + round + ": a task accepted before shutdownNow was never interrupted (started "
                            + started.get() + ", interrupted " + interrupted.get() + ")");
            assertEquals(started.get(), interrupted.get(), "round " + round);
        }
    }

    @Test
    void closeWaitsForRunningTasks() throws Exception {
        AtomicInteger finished = new AtomicInteger();
        ExecutorService ex = Pal.executor();
        for (int i = 0; i < 10; i++) {
            ex.submit(() -> {
                Pal.sleep(Duration.ofMillis(20));
                finished.incrementAndGet();
                return null;
            });
        }
        ex.close();
        assertEquals(10, finished.get(), "close() returned before its tasks finished");
        assertTrue(ex.isShutdown());
        assertTrue(ex.isTerminated());
        ex.close(); // idempotent
    }

    @Test
    void futureCancelTrueInterruptsTheRunningTask() throws Exception {
        try (ExecutorService ex = Pal.executor()) {
            AtomicInteger started = new AtomicInteger();
            AtomicInteger interrupted = new AtomicInteger();
            Future<String> f = ex.submit(parkUntilInterrupted(started, interrupted));
            Await.until("task started", () -> started.get() == 1);
            assertTrue(f.cancel(true));
            assertTrue(f.isCancelled());
            assertTrue(f.isDone());
            assertEquals(Future.State.CANCELLED, f.state());
            assertThrows(CancellationException.class, f::get);
            Await.until("the task saw the interrupt", () -> interrupted.get() == 1);
            assertFalse(f.cancel(true), "a second cancel returns false");
        }
    }

    @Test
    void futureCancelFalseDoesNotInterrupt() throws Exception {
        try (ExecutorService ex = Pal.executor()) {
            AtomicBoolean release = new AtomicBoolean();
            AtomicBoolean sawInterrupt = new AtomicBoolean();
            AtomicInteger started = new AtomicInteger();
            Future<String> f = ex.submit(() -> {
                started.incrementAndGet();
                while (!release.get()) {
                    Pal.park(Duration.ofMillis(5));
                    if (Pal.current().isInterrupted()) {
                        sawInterrupt.set(true);
                    }
                }
                return "done";
            });
            Await.until("task started", () -> started.get() == 1);
            assertTrue(f.cancel(false));
            assertThrows(CancellationException.class, f::get);
            release.set(true);
            ex.shutdown();
            assertTrue(ex.awaitTermination(LIMIT_MS, TimeUnit.MILLISECONDS));
            assertFalse(sawInterrupt.get(), "cancel(false) interrupted the task");
        }
    }

    @Test
    void cancelOfACompletedFutureReturnsFalse() throws Exception {
        try (ExecutorService ex = Pal.executor()) {
            Future<Integer> f = ex.submit(() -> 1);
            assertEquals(1, f.get());
            assertFalse(f.cancel(true));
            assertFalse(f.isCancelled());
            assertEquals(1, f.get());
        }
    }

    /**
     * Race: cancel(true) right after submit, while the task may be about to start. A task that
     * starts despite the cancel must be interrupted, or it parks forever and the executor never
     * terminates. Many small rounds.
     */
    @Test
    void cancelRightAfterSubmitNeverLeavesTheTaskRunning() throws Exception {
        for (int round = 0; round < 300; round++) {
            ExecutorService ex = Pal.executor();
            AtomicInteger started = new AtomicInteger();
            AtomicInteger interrupted = new AtomicInteger();
            Future<String> f = ex.submit(parkUntilInterrupted(started, interrupted));
            assertTrue(f.cancel(true));
            ex.shutdown();
            assertTrue(ex.awaitTermination(5, TimeUnit.SECONDS),
                    "round " + round + ": a task that started despite cancel(true) was not interrupted (started "
                            + started.get() + ", interrupted " + interrupted.get() + ")");
        }
    }
}
