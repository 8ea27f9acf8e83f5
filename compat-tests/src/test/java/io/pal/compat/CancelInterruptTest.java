package io.pal.compat;

import io.pal.Pal;
import io.pal.Strand;
import io.pal.StrandState;
import io.pal.junit.AllBackends;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

import java.time.Duration;
import java.util.concurrent.CancellationException;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicReference;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Interrupt and cancel of strands that are sleeping or parked. Each test first waits until the
 * target reports {@link StrandState#PARKED} (after it announced that it is about to block), so the
 * interrupt really hits a suspended strand rather than one that has not got there yet.
 */
@AllBackends
@Timeout(value = 30, threadMode = Timeout.ThreadMode.SEPARATE_THREAD)
class CancelInterruptTest {

    @Test
    void interruptWakesASleepingStrandWhichThrowsInterruptedException() throws Exception {
        AtomicBoolean sleeping = new AtomicBoolean();
        Strand<String> s = Pal.spawn(() -> {
            sleeping.set(true);
            try {
                Pal.sleep(Duration.ofMinutes(10));
                return "slept through";
            } catch (InterruptedException e) {
                return Pal.current().isInterrupted() ? "status still set" : "interrupted";
            }
        });
        Await.until("strand about to sleep", sleeping::get);
        Await.state(s, StrandState.PARKED);
        s.interrupt();
        assertEquals("interrupted", s.join(Await.LIMIT), "sleep throws and clears the status");
    }

    @Test
    void interruptWakesAParkedStrandWithTheStatusStillSet() throws Exception {
        AtomicBoolean parking = new AtomicBoolean();
        Strand<Boolean> s = Pal.spawn(() -> {
            parking.set(true);
            while (!Pal.current().isInterrupted()) {
                Pal.park(); // may return spuriously: the loop re-checks
            }
            boolean stillSet = Pal.current().isInterrupted();
            boolean cleared = Pal.interrupted() && !Pal.current().isInterrupted();
            return stillSet && cleared;
        });
        Await.until("strand about to park", parking::get);
        Await.state(s, StrandState.PARKED);
        assertFalse(s.isInterrupted());
        s.interrupt();
        assertTrue(s.join(Await.LIMIT), "park returns with the status set; interrupted() clears it");
    }

    @Test
    void interruptedStrandParksNoMore() throws Exception {
        Strand<Long> s = Pal.spawn(() -> {
            Pal.current().interrupt();
            long t0 = System.nanoTime();
            for (int i = 0; i < 100; i++) {
                Pal.park(); // the status is set: each park returns at once
            }
            return System.nanoTime() - t0;
        });
        long nanos = s.join(Await.LIMIT);
        assertTrue(nanos < Duration.ofSeconds(5).toNanos(), "parks with the interrupt status set took " + nanos + " ns");
    }

    @Test
    void cancelOfASleepingStrandInterruptsItAndJoinThrowsCancellation() throws Exception {
        AtomicBoolean sleeping = new AtomicBoolean();
        AtomicReference<Throwable> sleepThrew = new AtomicReference<>();
        Strand<String> s = Pal.spawn(() -> {
            sleeping.set(true);
            try {
                Pal.sleep(Duration.ofMinutes(10));
            } catch (InterruptedException e) {
                sleepThrew.set(e);
            }
            return "finished after the interrupt";
        });
        Await.until("strand about to sleep", sleeping::get);
        Await.state(s, StrandState.PARKED);
        assertTrue(s.cancel(), "cancel of a live strand returns true");
        assertTrue(s.isCancelled());
        assertThrows(CancellationException.class, s::join);
        assertTrue(s.isDone());
        assertEquals(StrandState.DONE, s.state());
        assertTrue(sleepThrew.get() instanceof InterruptedException, "sleep saw the cancel as an interrupt");
        assertThrows(CancellationException.class, () -> s.join(Duration.ZERO));
        assertThrows(IllegalStateException.class, s::resultNow);
        assertThrows(IllegalStateException.class, s::exceptionNow);
        assertFalse(s.cancel(), "cancel of a finished strand returns false");
    }

    @Test
    void cancelOfAParkedStrandInterruptsItAndJoinThrowsCancellation() throws Exception {
        AtomicBoolean parking = new AtomicBoolean();
        Strand<Void> s = Pal.spawn(() -> {
            parking.set(true);
            while (!Pal.interrupted()) {
                Pal.park();
            }
        });
        Await.until("strand about to park", parking::get);
        Await.state(s, StrandState.PARKED);
        assertTrue(s.cancel());
        assertThrows(CancellationException.class, () -> s.join(Await.LIMIT));
        assertTrue(s.isCancelled());
        assertTrue(s.isDone());
        assertFalse(s.cancel());
    }

    /** Cancel makes a strand's join throw even if the body swallows the interrupt and returns normally. */
    @Test
    void cancelWinsOverTheBodysResult() throws Exception {
        AtomicBoolean parking = new AtomicBoolean();
        Strand<String> s = Pal.spawn(() -> {
            parking.set(true);
            while (!Pal.interrupted()) {
                Pal.park();
            }
            return "ignored the cancel";
        });
        Await.until("strand about to park", parking::get);
        Await.state(s, StrandState.PARKED);
        assertTrue(s.cancel());
        assertThrows(CancellationException.class, s::join);
    }

    @Test
    void cancelOfAFinishedStrandReturnsFalseAndKeepsItsOutcome() throws Exception {
        Strand<String> ok = Pal.spawn(() -> "fine");
        assertEquals("fine", ok.join());
        assertFalse(ok.cancel());
        assertFalse(ok.isCancelled());
        assertEquals("fine", ok.join());

        RuntimeException boom = new RuntimeException("boom");
        Strand<Object> failed = Pal.spawn(() -> {
            throw boom;
        });
        assertThrows(Exception.class, failed::join);
        assertFalse(failed.cancel());
        assertEquals(boom, failed.exceptionNow());
    }

    /** A joiner that is interrupted stops waiting with InterruptedException and its status cleared. */
    @Test
    void interruptOfAJoinerThrowsInterruptedException() throws Exception {
        Strand<Void> never = Pal.spawn(() -> {
            while (!Pal.interrupted()) {
                Pal.park();
            }
        });
        AtomicBoolean joining = new AtomicBoolean();
        Strand<String> joiner = Pal.spawn(() -> {
            joining.set(true);
            try {
                never.join();
                return "joined";
            } catch (InterruptedException e) {
                return Pal.current().isInterrupted() ? "status still set" : "interrupted";
            }
        });
        Await.until("joiner about to join", joining::get);
        Await.state(joiner, StrandState.PARKED);
        joiner.interrupt();
        assertEquals("interrupted", joiner.join(Await.LIMIT));
        assertFalse(never.isDone());
        never.interrupt();
        never.join(Await.LIMIT);
    }

    /**
     * Race: cancel right after spawn, while the strand may not have started, be starting, or be
     * running. Whatever it hits, cancel returns true (nothing had finished the body, which parks
     * until interrupted), the body ends, and join throws CancellationException. A lost interrupt
     * hangs here and fails on the timeout.
     */
    @Test
    void cancelRightAfterSpawnAlwaysEndsTheStrand() throws Exception {
        for (int i = 0; i < 500; i++) {
            Strand<Void> s = Pal.spawn(() -> {
                while (!Pal.interrupted()) {
                    Pal.park();
                }
            });
            assertTrue(s.cancel(), "iteration " + i);
            int n = i;
            assertThrows(CancellationException.class, () -> s.join(Await.LIMIT), () -> "iteration " + n);
        }
    }
}
