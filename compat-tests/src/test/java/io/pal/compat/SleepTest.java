package io.pal.compat;

import io.pal.Pal;
import io.pal.Strand;
import io.pal.junit.AllBackends;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

import java.time.Duration;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * {@link Pal#sleep}: never returns early; zero and negative return at once after checking for an
 * interrupt; an interrupt before or during the sleep throws and clears the status. Checked in a
 * strand and on the adopted test thread, since the contract holds for both.
 */
@AllBackends
@Timeout(value = 30, threadMode = Timeout.ThreadMode.SEPARATE_THREAD)
class SleepTest {

    private static final List<Duration> DURATIONS = List.of(
            Duration.ofNanos(1), Duration.ofNanos(999_999), Duration.ofMillis(1), Duration.ofMillis(3),
            Duration.ofMillis(10), Duration.ofMillis(25), Duration.ofMillis(50));
    /** "At once" on a shared 2-core box: far below any duration a broken sleep would wait. */
    private static final Duration AT_ONCE = Duration.ofMillis(500);

    @Test
    void sleepInAStrandNeverReturnsEarly() throws Exception {
        Strand<String> s = Pal.spawn(SleepTest::checkNeverEarly);
        assertEquals("", s.join());
    }

    @Test
    void sleepOnTheTestThreadNeverReturnsEarly() throws Exception {
        assertEquals("", checkNeverEarly());
    }

    /** Sleeps each duration a few times; returns a description of every early return, or "". */
    private static String checkNeverEarly() throws InterruptedException {
        StringBuilder early = new StringBuilder();
        for (int round = 0; round < 3; round++) {
            for (Duration d : DURATIONS) {
                long t0 = System.nanoTime();
                Pal.sleep(d);
                long slept = System.nanoTime() - t0;
                if (slept < d.toNanos()) {
                    early.append(d).append(" returned after ").append(slept).append(" ns; ");
                }
            }
        }
        return early.toString();
    }

    @Test
    void zeroAndNegativeSleepsReturnAtOnce() throws Exception {
        Strand<Long> s = Pal.spawn(SleepTest::zeroAndNegative);
        assertTrue(s.join() < AT_ONCE.toNanos(), "zero/negative sleeps in a strand took " + s.resultNow() + " ns");
        long onTestThread = zeroAndNegative();
        assertTrue(onTestThread < AT_ONCE.toNanos(), "zero/negative sleeps on the test thread took " + onTestThread + " ns");
    }

    private static long zeroAndNegative() throws InterruptedException {
        long t0 = System.nanoTime();
        for (int i = 0; i < 100; i++) {
            Pal.sleep(Duration.ZERO);
            Pal.sleep(Duration.ofNanos(-1));
            Pal.sleep(Duration.ofDays(-1));
            Pal.sleep(Duration.ofSeconds(Long.MIN_VALUE)); // overflows toNanos: saturates, still negative
        }
        return System.nanoTime() - t0;
    }

    @Test
    void interruptedBeforeSleepThrowsAndClearsTheStatus() throws Exception {
        Strand<String> s = Pal.spawn(SleepTest::interruptedBeforeSleep);
        assertEquals("ok", s.join());
        assertEquals("ok", interruptedBeforeSleep());
    }

    private static String interruptedBeforeSleep() {
        for (Duration d : List.of(Duration.ofMinutes(10), Duration.ofMillis(1), Duration.ZERO, Duration.ofMillis(-1))) {
            Pal.current().interrupt();
            long t0 = System.nanoTime();
            try {
                Pal.sleep(d);
                return "sleep(" + d + ") with the interrupt status set did not throw";
            } catch (InterruptedException expected) {
                if (Pal.current().isInterrupted()) {
                    return "sleep(" + d + ") threw but left the status set";
                }
            }
            if (System.nanoTime() - t0 > AT_ONCE.toNanos()) {
                return "sleep(" + d + ") with the interrupt status set waited before throwing";
            }
        }
        return "ok";
    }

    /** A huge duration means "a very long time", not an overflow into the past. */
    @Test
    void hugeSleepIsInterruptibleNotOverflowed() throws Exception {
        Strand<String> s = Pal.spawn(() -> {
            try {
                Pal.sleep(Duration.ofSeconds(Long.MAX_VALUE));
                return "returned";
            } catch (InterruptedException e) {
                return "interrupted";
            }
        });
        assertThrows(java.util.concurrent.TimeoutException.class, () -> s.join(Duration.ofMillis(100)));
        assertFalse(s.isDone(), "a sleep of Long.MAX_VALUE seconds returned at once");
        s.interrupt();
        assertEquals("interrupted", s.join(Await.LIMIT));
    }
}
