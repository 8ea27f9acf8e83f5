package io.pal.compat;

import io.pal.BackendName;
import io.pal.Pal;
import io.pal.Strand;
import io.pal.StrandState;
import io.pal.junit.AllBackends;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

import java.time.Duration;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeoutException;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Spawn, join and the outcome a join reports: a result, null, or the body's failure. */
@AllBackends
@Timeout(value = 30, threadMode = Timeout.ThreadMode.SEPARATE_THREAD)
class SpawnJoinTest {

    @Test
    void runsOnTheBackendTheKitChose(BackendName backend) {
        assertEquals(backend, Pal.backend());
    }

    @Test
    void joinReturnsTheResult() throws Exception {
        Strand<Integer> s = Pal.spawn("adder", () -> 40 + 2);
        assertEquals(42, s.join());
        assertEquals("adder", s.name());
        assertEquals(StrandState.DONE, s.state());
        assertEquals(42, s.resultNow());
        assertTrue(s.isDone());
        assertFalse(s.isCancelled());
        assertThrows(IllegalStateException.class, s::exceptionNow);
    }

    @Test
    void joinReturnsNullForANullResultAndForARunnable() throws Exception {
        Strand<String> callable = Pal.spawn(() -> (String) null);
        Strand<Void> runnable = Pal.spawn(() -> { });
        assertNull(callable.join());
        assertNull(callable.resultNow());
        assertNull(runnable.join());
        assertNull(runnable.resultNow());
    }

    @Test
    void joinPropagatesTheFailure() throws Exception {
        IllegalStateException boom = new IllegalStateException("boom");
        Strand<Object> s = Pal.spawn(() -> {
            throw boom;
        });
        ExecutionException e = assertThrows(ExecutionException.class, s::join);
        assertSame(boom, e.getCause());
        assertSame(boom, s.exceptionNow());
        assertThrows(IllegalStateException.class, s::resultNow);
        assertEquals(StrandState.DONE, s.state());
        assertFalse(s.isCancelled());
    }

    /** A body spawned as a Runnable fails as a Callable does (on coroutines it is its thread's own task). */
    @Test
    void joinPropagatesTheFailureOfARunnable() throws Exception {
        IllegalStateException boom = new IllegalStateException("boom");
        Strand<Void> s = Pal.spawn((Runnable) () -> {
            throw boom;
        });
        ExecutionException e = assertThrows(ExecutionException.class, s::join);
        assertSame(boom, e.getCause());
        assertSame(boom, s.exceptionNow());
        assertEquals(StrandState.DONE, s.state());
        assertFalse(s.isCancelled());
        assertNull(Pal.spawn((Runnable) () -> { }).join(), "and the next one returns");
    }

    @Test
    void joinPropagatesACheckedException() {
        Exception checked = new java.io.IOException("disk on fire");
        Strand<Object> s = Pal.spawn(() -> {
            throw checked;
        });
        ExecutionException e = assertThrows(ExecutionException.class, s::join);
        assertSame(checked, e.getCause());
    }

    /** Errors are the strand's failure too: nothing a body throws escapes to a carrier or kills the JVM. */
    @Test
    void joinPropagatesErrorsIncludingStackOverflow() throws Exception {
        AssertionError error = new AssertionError("an Error, not an Exception");
        Strand<Object> s = Pal.spawn(() -> {
            throw error;
        });
        assertSame(error, assertThrows(ExecutionException.class, s::join).getCause());

        Strand<Integer> deep = Pal.spawn("deep", () -> recurse(0));
        Throwable cause = assertThrows(ExecutionException.class, deep::join).getCause();
        assertTrue(cause instanceof StackOverflowError, "expected StackOverflowError, got " + cause);

        // The backend is still usable afterwards.
        assertEquals(7, Pal.spawn(() -> 7).join());
    }

    private static int recurse(int depth) {
        return recurse(depth + 1) + 1;
    }

    @Test
    void joinOfAFinishedStrandReturnsAtOnceAndAgain() throws Exception {
        Strand<String> s = Pal.spawn(() -> "done");
        assertEquals("done", s.join());
        assertEquals("done", s.join());
        assertEquals("done", s.join(Duration.ZERO));
        assertEquals("done", s.join(Duration.ofNanos(-1)));
        assertEquals("done", s.join(Duration.ofSeconds(1)));
    }

    @Test
    void joinTimesOutOnAStrandThatDoesNotFinish() throws Exception {
        Strand<Void> s = Pal.spawn(() -> {
            while (!Pal.interrupted()) {
                Pal.park();
            }
        });
        long t0 = System.nanoTime();
        assertThrows(TimeoutException.class, () -> s.join(Duration.ofMillis(50)));
        long waited = System.nanoTime() - t0;
        assertTrue(waited >= Duration.ofMillis(50).toNanos(), "a positive join timeout returned early: " + waited + " ns");
        assertThrows(TimeoutException.class, () -> s.join(Duration.ZERO));
        assertThrows(TimeoutException.class, () -> s.join(Duration.ofMillis(-5)));
        assertThrows(TimeoutException.class, () -> s.join(Duration.ofSeconds(Long.MIN_VALUE / 2)));
        assertFalse(s.isDone());
        s.interrupt();
        assertNull(s.join(Await.LIMIT));
        assertTrue(s.isDone());
    }

    /** A join that is woken by the outcome, not by its timeout, returns the result well before the timeout. */
    @Test
    void joinWithATimeoutReturnsWhenTheStrandFinishes() throws Exception {
        Strand<?> me = Pal.current();
        java.util.concurrent.atomic.AtomicBoolean open = new java.util.concurrent.atomic.AtomicBoolean();
        Strand<String> s = Pal.spawn(() -> {
            while (!open.get()) {
                Pal.park();
            }
            return "late";
        });
        Strand<String> joiner = Pal.spawn(() -> s.join(Duration.ofMinutes(5)));
        Await.state(joiner, StrandState.PARKED);
        open.set(true);
        Pal.unpark(s);
        assertEquals("late", joiner.join(Await.LIMIT));
        assertSame(me, Pal.current());
    }

    /** A strand whose body joins another: the joined outcome flows through. */
    @Test
    void strandsJoinStrands() throws Exception {
        Strand<Integer> inner = Pal.spawn(() -> 20);
        Strand<Integer> outer = Pal.spawn(() -> inner.join() + 22);
        assertEquals(42, outer.join());
    }
}
