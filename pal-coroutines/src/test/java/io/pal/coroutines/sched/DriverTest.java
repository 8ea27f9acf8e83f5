package io.pal.coroutines.sched;

import io.pal.coroutines.timer.Timer;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.Set;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;
import java.util.stream.Collectors;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Protocol "drive": the carriers expire the scheduler's timers (no thread of their own), the driver
 * waits for the earliest one and is nudged by an earlier one, and the watchdog expires what a
 * carrier busy computing leaves overdue.
 */
class DriverTest {

    /** A timer that counts down a latch and records the thread it expired on and whether it was early. */
    private static final class Probe extends Timer {
        final CountDownLatch expired = new CountDownLatch(1);
        final AtomicReference<Thread> on = new AtomicReference<>();
        final AtomicBoolean early = new AtomicBoolean();

        Probe(long deadline) {
            super(deadline);
        }

        @Override
        protected void expire() {
            early.set(System.nanoTime() - deadline() < 0);
            on.set(Thread.currentThread());
            expired.countDown();
        }
    }

    private static final Watchdog.Listener QUIET = new Watchdog.Listener() {
        @Override
        public void stuck(Carrier c, Runnable t, boolean announced, long nanos) {
        }

        @Override
        public void tick(long now) {
        }
    };

    @Test
    void timersExpireOnTheCarriersNeverEarlyAndNoOtherThreadIsStarted() throws Exception {
        Set<String> before = Thread.getAllStackTraces().keySet().stream().map(Thread::getName).collect(Collectors.toSet());
        Scheduler s = Scheduler.start("drive-carriers", 2);
        try {
            int n = 200;
            Probe[] probes = new Probe[n];
            long base = System.nanoTime();
            for (int i = 0; i < n; i++) {
                probes[i] = new Probe(base + TimeUnit.MILLISECONDS.toNanos(1 + i % 20));
                s.arm(probes[i]);
            }
            for (Probe p : probes) {
                assertTrue(p.expired.await(10, TimeUnit.SECONDS), "a timer expired");
                assertFalse(p.early.get(), "a timer expired early");
                assertTrue(p.on.get() instanceof Carrier c && c.scheduler() == s, "expired on " + p.on.get());
            }
            Set<String> started = Thread.getAllStackTraces().keySet().stream().map(Thread::getName)
                    .filter(name -> !before.contains(name)).collect(Collectors.toSet());
            assertEquals(Set.of("drive-carriers-carrier-0", "drive-carriers-carrier-1"), started);
        } finally {
            s.shutdown();
            assertTrue(s.awaitTermination(Duration.ofSeconds(10)));
        }
    }

    @Test
    void aTimerArmedEarlierThanTheDriverWaitsForEndsItsWait() throws Exception {
        Scheduler s = Scheduler.start("drive-nudge", 1);
        try {
            for (int round = 0; round < 50; round++) {
                Probe late = new Probe(System.nanoTime() + TimeUnit.SECONDS.toNanos(60));
                s.arm(late);
                long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
                // the driver waits for a deadline seconds away (this round's, or the one cancelled last round)
                while (s.driver() == null || s.driver().drivingUntil() - System.nanoTime() < TimeUnit.SECONDS.toNanos(30)) {
                    assertTrue(System.nanoTime() - deadline < 0, "the carrier drives for the late timer");
                    Thread.onSpinWait();
                }
                Probe soon = new Probe(System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(1));
                s.arm(soon);
                assertTrue(soon.expired.await(10, TimeUnit.SECONDS), "round " + round + ": the earlier timer expired");
                assertFalse(soon.early.get());
                assertEquals(1, late.expired.getCount(), "the late timer is still queued");
                s.cancel(late);
            }
            assertEquals(0, s.timers().size());
        } finally {
            s.shutdown();
            assertTrue(s.awaitTermination(Duration.ofSeconds(10)));
        }
    }

    @Test
    void theWatchdogExpiresTimersOfCarriersBusyComputing() throws Exception {
        Scheduler s = Scheduler.start("drive-hog", 1, 1, Scheduler.QUEUE_CAPACITY, QUIET);
        try {
            CountDownLatch hogRuns = new CountDownLatch(1);
            AtomicBoolean stop = new AtomicBoolean();
            AtomicInteger spins = new AtomicInteger();
            s.submit(() -> {
                hogRuns.countDown();
                while (!stop.get()) {
                    spins.incrementAndGet(); // the only carrier computes: it looks for no work meanwhile
                }
            });
            assertTrue(hogRuns.await(10, TimeUnit.SECONDS));
            Probe p = new Probe(System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(5));
            s.arm(p);
            assertTrue(p.expired.await(10, TimeUnit.SECONDS), "the timer expired while the only carrier computes");
            assertFalse(stop.get());
            assertFalse(p.on.get() instanceof Carrier, "expired by the watchdog, not a carrier: " + p.on.get());
            stop.set(true);
        } finally {
            s.shutdown();
            assertTrue(s.awaitTermination(Duration.ofSeconds(10)));
        }
    }
}
