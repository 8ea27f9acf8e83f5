package io.pal.coroutines;

import io.pal.Strand;
import io.pal.StrandState;
import org.junit.jupiter.api.Test;

import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class InterruptTest extends OnPrivateBackend {

    @Test
    void interruptWakesAParkedStrandWhichKeepsItsStatus() throws Exception {
        Strand<Boolean> s = b.spawn("parked", () -> {
            b.park(); // a single park: interrupt must end it (a spurious return would fail the check below)
            while (!Thread.currentThread().isInterrupted()) {
                b.park();
            }
            return Thread.interrupted(); // unmodified code sees the strand's status on the carrier
        });
        TestBackends.awaitState(s, StrandState.PARKED);
        s.interrupt();
        assertTrue(s.join());
    }

    @Test
    void interruptWakesASleepingStrandWhoseSleepThrowsAndClears() throws Exception {
        Strand<Boolean> s = b.spawn("sleeper", () -> {
            try {
                b.sleep(TimeUnit.HOURS.toNanos(1));
                return false;
            } catch (InterruptedException expected) {
                return !Thread.currentThread().isInterrupted() && !b.current().isInterrupted();
            }
        });
        TestBackends.awaitState(s, StrandState.PARKED);
        s.interrupt();
        assertTrue(s.join(), "sleep threw and the status was cleared");
    }

    @Test
    void anInterruptBeforeSleepMakesItThrowAtOnce() throws Exception {
        Strand<Void> s = b.spawn(() -> {
            Thread.currentThread().interrupt();
            b.sleep(TimeUnit.HOURS.toNanos(1));
            return null;
        });
        ExecutionException e = assertThrows(ExecutionException.class, s::join);
        assertInstanceOf(InterruptedException.class, e.getCause());
    }

    @Test
    void theStatusSurvivesUnmountAndIsVisibleFromOutside() throws Exception {
        Strand<Boolean> s = b.spawn(() -> {
            Thread.currentThread().interrupt();
            b.yieldNow(); // unmount saves the status, mount puts it back (maybe on another carrier)
            boolean kept = Thread.currentThread().isInterrupted();
            b.park();     // returns at once: interrupted
            return kept && b.interrupted() && !b.interrupted();
        });
        assertTrue(s.join());
    }

    @Test
    void isInterruptedOfAParkedStrandFromOutside() throws Exception {
        Strand<Void> s = b.spawn(() -> {
            while (!Thread.currentThread().isInterrupted()) {
                b.park();
            }
            b.park(); // returns at once while interrupted
            return null;
        });
        TestBackends.awaitState(s, StrandState.PARKED);
        assertFalse(s.isInterrupted());
        s.interrupt();
        assertTrue(s.isInterrupted() || s.isDone());
        s.join();
    }

    @Test
    void cancelInterruptsAndJoinReportsCancellation() throws Exception {
        Strand<Void> s = b.spawn(() -> {
            b.sleep(TimeUnit.HOURS.toNanos(1));
            return null;
        });
        TestBackends.awaitState(s, StrandState.PARKED);
        assertTrue(s.cancel());
        assertThrows(java.util.concurrent.CancellationException.class, s::join);
        assertEquals(StrandState.DONE, s.state());
    }
}
