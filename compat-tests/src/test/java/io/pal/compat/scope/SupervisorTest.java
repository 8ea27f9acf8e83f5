package io.pal.compat.scope;

import io.pal.junit.AllBackends;
import io.pal.scope.Supervisor;
import io.pal.scope.Supervisor.Restart;
import io.pal.scope.Supervisor.Strategy;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

import java.time.Duration;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicIntegerArray;

import static io.pal.compat.scope.Until.blockUntilInterrupted;
import static io.pal.compat.scope.Until.until;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** OTP supervision semantics: strategies, restart types, intensity; the same on every backend. */
@AllBackends
@Timeout(60)
class SupervisorTest {

    /** Three children; child {@code failing} fails on its first incarnation only. Counts starts and live children. */
    private static final class Family {
        final AtomicIntegerArray starts = new AtomicIntegerArray(3);
        final AtomicInteger live = new AtomicInteger();

        Supervisor start(Strategy strategy, int failing) {
            Supervisor.Builder b = Supervisor.builder().strategy(strategy).intensity(5, Duration.ofSeconds(5));
            for (int i = 0; i < 3; i++) {
                int me = i;
                b.child("c" + i, Restart.PERMANENT, () -> {
                    int n = starts.incrementAndGet(me);
                    live.incrementAndGet();
                    try {
                        if (me == failing && n == 1) {
                            until("all three started", () -> starts.get(2) >= 1);
                            throw new IllegalStateException("c" + me + " fails once");
                        }
                        blockUntilInterrupted();
                    } finally {
                        live.decrementAndGet();
                    }
                });
            }
            return b.start();
        }

        int[] starts() {
            return new int[] {starts.get(0), starts.get(1), starts.get(2)};
        }
    }

    private static void assertStarts(Family f, int[] expected) {
        until("starts " + java.util.Arrays.toString(expected), () -> java.util.Arrays.equals(f.starts(), expected)
                && f.live.get() == 3);
    }

    @Test
    void oneForOneRestartsOnlyTheFailedChild() throws Exception {
        Family f = new Family();
        Supervisor sup = f.start(Strategy.ONE_FOR_ONE, 1);
        assertStarts(f, new int[] {1, 2, 1});
        assertEquals(1, sup.restarts());
        sup.stop();
        until("children stopped", () -> f.live.get() == 0);
        sup.join(); // a stopped supervisor ended normally
    }

    @Test
    void oneForAllRestartsEveryChild() throws Exception {
        Family f = new Family();
        Supervisor sup = f.start(Strategy.ONE_FOR_ALL, 1);
        assertStarts(f, new int[] {2, 2, 2});
        sup.stop();
        assertEquals(0, f.live.get());
    }

    @Test
    void restForOneRestartsTheFailedChildAndThoseStartedAfterIt() throws Exception {
        Family f = new Family();
        Supervisor sup = f.start(Strategy.REST_FOR_ONE, 1);
        assertStarts(f, new int[] {1, 2, 2});
        sup.stop();
        assertEquals(0, f.live.get());
    }

    @Test
    void restartTypesDecideWhichExitsRestart() throws Exception {
        AtomicInteger transientOk = new AtomicInteger();
        AtomicInteger transientFails = new AtomicInteger();
        AtomicInteger temporary = new AtomicInteger();
        Supervisor sup = Supervisor.builder().intensity(10, Duration.ofSeconds(5))
                .child("transient-ok", Restart.TRANSIENT, transientOk::incrementAndGet)
                .child("transient-fails-twice", Restart.TRANSIENT, () -> {
                    if (transientFails.incrementAndGet() <= 2) {
                        throw new IllegalStateException("again");
                    }
                })
                .child("temporary", Restart.TEMPORARY, () -> {
                    temporary.incrementAndGet();
                    throw new IllegalStateException("never restarted");
                })
                .start();
        until("transient child restarted until it returned", () -> transientFails.get() == 3);
        until("two restarts counted", () -> sup.restarts() == 2);
        sup.stop();
        assertEquals(1, transientOk.get());
        assertEquals(3, transientFails.get());
        assertEquals(1, temporary.get());
        assertEquals(2, sup.restarts());
    }

    @Test
    void pastTheIntensityTheSupervisorStopsItsChildrenAndFails() throws Exception {
        AtomicInteger sibling = new AtomicInteger();
        AtomicInteger siblingLive = new AtomicInteger();
        Supervisor sup = Supervisor.builder().intensity(3, Duration.ofSeconds(30))
                .child("sibling", Restart.PERMANENT, () -> {
                    sibling.incrementAndGet();
                    siblingLive.incrementAndGet();
                    try {
                        blockUntilInterrupted();
                    } finally {
                        siblingLive.decrementAndGet();
                    }
                })
                .child("crasher", Restart.PERMANENT, () -> {
                    until("sibling started", () -> sibling.get() == 1);
                    throw new IllegalStateException("crash");
                })
                .start();
        ExecutionException e = assertThrows(ExecutionException.class, sup::join);
        Supervisor.SupervisorGaveUpException gaveUp =
                assertInstanceOf(Supervisor.SupervisorGaveUpException.class, e.getCause());
        assertInstanceOf(IllegalStateException.class, gaveUp.getCause());
        assertTrue(gaveUp.getMessage().contains("'crasher'"), gaveUp.getMessage());
        assertEquals(3, sup.restarts());
        assertEquals(0, siblingLive.get(), "the supervisor left a child running");
    }

    @Test
    void aChildThatOverflowsItsStackIsRestarted() throws Exception {
        AtomicInteger runs = new AtomicInteger();
        Supervisor sup = Supervisor.builder()
                .child("deep", Restart.TRANSIENT, () -> {
                    if (runs.incrementAndGet() == 1) {
                        recurse(0);
                    }
                })
                .start();
        until("restarted after the StackOverflowError", () -> runs.get() == 2);
        sup.stop();
        assertEquals(1, sup.restarts());
    }

    private static int recurse(int depth) {
        return recurse(depth + 1) + 1;
    }

    @Test
    void badConfigurationIsRejectedClearly() {
        assertThrows(IllegalArgumentException.class, () -> Supervisor.builder().intensity(-1, Duration.ofSeconds(1)));
        assertThrows(IllegalArgumentException.class, () -> Supervisor.builder().intensity(1, Duration.ZERO));
        IllegalArgumentException dup = assertThrows(IllegalArgumentException.class,
                () -> Supervisor.builder().child("a", Restart.PERMANENT, () -> { }).child("a", Restart.PERMANENT, () -> { }));
        assertTrue(dup.getMessage().contains("'a'"));
    }
}
