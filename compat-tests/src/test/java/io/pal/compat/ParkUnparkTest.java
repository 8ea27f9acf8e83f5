package io.pal.compat;

import io.pal.Pal;
import io.pal.Strand;
import io.pal.StrandState;
import io.pal.junit.AllBackends;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

import java.time.Duration;
import java.util.concurrent.atomic.AtomicBoolean;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Permit semantics of {@link Pal#park()} and {@link Pal#unpark}: at most one permit, which may
 * come before the park it is meant for, and a no-op on a finished strand.
 *
 * <p>Park may return spuriously, so a test never asserts that one particular park blocked; where a
 * test needs "this park waited" it asks for it in one of a few attempts, which a leftover permit
 * would defeat every time but a rare spurious wakeup cannot.
 */
@AllBackends
@Timeout(value = 30, threadMode = Timeout.ThreadMode.SEPARATE_THREAD)
class ParkUnparkTest {

    /** Long enough that "returned at once" and "waited for its timeout" cannot be confused. */
    private static final Duration LONG_PARK = Duration.ofSeconds(10);
    /** A timed park that must wait: short, so the tests stay fast. */
    private static final Duration SHORT_PARK = Duration.ofMillis(100);
    private static final int ATTEMPTS = 3;

    @Test
    void unparkBeforeParkMakesParkReturnAtOnce() throws Exception {
        Strand<Long> s = Pal.spawn(() -> {
            Pal.unpark(Pal.current());
            long t0 = System.nanoTime();
            Pal.park(LONG_PARK);
            return System.nanoTime() - t0;
        });
        long nanos = s.join();
        assertTrue(nanos < LONG_PARK.toNanos() / 2, "park with a permit waited " + nanos + " ns");
    }

    @Test
    void unparkFromAnotherStrandBeforeParkIsKept() throws Exception {
        Strand<?> me = Pal.current();
        AtomicBoolean unparked = new AtomicBoolean();
        Strand<Void> other = Pal.spawn(() -> {
            Pal.unpark(me);
            unparked.set(true);
        });
        // Wait for the unpark without parking: a join or a timed-park poll here would itself park
        // and could legitimately consume the permit under test.
        long deadline = System.nanoTime() + Await.LIMIT.toNanos();
        while (!unparked.get()) {
            assertTrue(System.nanoTime() - deadline < 0, "the unparking strand did not run");
            Thread.onSpinWait();
        }
        long t0 = System.nanoTime();
        Pal.park(LONG_PARK);
        long nanos = System.nanoTime() - t0;
        assertTrue(nanos < LONG_PARK.toNanos() / 2, "park after another strand's unpark waited " + nanos + " ns");
        other.join();
    }

    @Test
    void twoUnparksLeaveOnePermit() throws Exception {
        Strand<Boolean> s = Pal.spawn(() -> {
            for (int attempt = 0; attempt < ATTEMPTS; attempt++) {
                Pal.unpark(Pal.current());
                Pal.unpark(Pal.current());
                Pal.park(LONG_PARK); // consumes the one permit, at once
                long t0 = System.nanoTime();
                Pal.park(SHORT_PARK); // no permit left: waits, unless woken spuriously
                if (System.nanoTime() - t0 >= SHORT_PARK.toNanos()) {
                    return true;
                }
            }
            return false;
        });
        assertTrue(s.join(), "a second park returned early on each of " + ATTEMPTS + " attempts: permits add up");
    }

    @Test
    void timedParkWaitsForItsTimeoutWithoutAPermit() throws Exception {
        Strand<Long> s = Pal.spawn(() -> {
            long best = 0;
            for (int attempt = 0; attempt < ATTEMPTS && best < SHORT_PARK.toNanos(); attempt++) {
                long t0 = System.nanoTime();
                Pal.park(SHORT_PARK);
                best = Math.max(best, System.nanoTime() - t0);
            }
            return best;
        });
        long nanos = s.join();
        assertTrue(nanos >= SHORT_PARK.toNanos(), "every timed park returned early; longest " + nanos + " ns");
    }

    @Test
    void parkWithZeroOrNegativeTimeoutReturnsAtOnceAndKeepsThePermit() throws Exception {
        Strand<Long> s = Pal.spawn(() -> {
            long t0 = System.nanoTime();
            Pal.park(Duration.ZERO);
            Pal.park(Duration.ofMillis(-1));
            Pal.park(Duration.ofSeconds(Long.MIN_VALUE / 2));
            long spent = System.nanoTime() - t0;
            Pal.unpark(Pal.current());
            Pal.park(Duration.ZERO); // must not consume the permit (LockSupport.parkNanos(0) does not)
            long t1 = System.nanoTime();
            Pal.park(LONG_PARK);
            long withPermit = System.nanoTime() - t1;
            return Math.max(spent, withPermit);
        });
        long nanos = s.join();
        assertTrue(nanos < LONG_PARK.toNanos() / 2, "a park waited " + nanos + " ns");
    }

    @Test
    void unparkWakesAStrandParkedWithoutTimeout() throws Exception {
        AtomicBoolean go = new AtomicBoolean();
        AtomicBoolean parking = new AtomicBoolean();
        Strand<Void> s = Pal.spawn(() -> {
            parking.set(true);
            while (!go.get()) {
                Pal.park();
            }
        });
        Await.until("strand about to park", parking::get);
        Await.state(s, StrandState.PARKED);
        go.set(true);
        Pal.unpark(s);
        s.join(Await.LIMIT);
    }

    @Test
    void unparkOfAFinishedStrandIsANoOp() throws Exception {
        Strand<Integer> s = Pal.spawn(() -> 1);
        assertEquals(1, s.join());
        for (int i = 0; i < 3; i++) {
            Pal.unpark(s);
        }
        assertEquals(StrandState.DONE, s.state());
        assertEquals(1, s.join());
    }

    /**
     * An unpark right after spawn may reach the strand before it has started running at all. The
     * permit must still be there when it parks (the contract: a permit may come before the park).
     * Several rounds, so that some unparks land before the strand's thread or carrier has started it.
     */
    /** Long enough that a park that really waited for it cannot be mistaken for a slow machine. */
    private static final Duration LOST_PERMIT_PARK = Duration.ofSeconds(20);

    @Test
    void unparkRightAfterSpawnIsKeptUntilTheStrandParks() throws Exception {
        for (int round = 0; round < 20; round++) {
            AtomicBoolean go = new AtomicBoolean();
            Strand<Long> s = Pal.spawn(() -> {
                while (!go.get()) {
                    Pal.yieldNow(); // spin without parking: the permit must wait for the park below
                }
                long t0 = System.nanoTime();
                Pal.park(LOST_PERMIT_PARK);
                return System.nanoTime() - t0;
            });
            Pal.unpark(s);
            go.set(true);
            long nanos = s.join();
            // A lost permit waits the whole LOST_PERMIT_PARK; half of it is far beyond any stall a loaded machine causes.
            assertTrue(nanos < LOST_PERMIT_PARK.dividedBy(2).toNanos(),
                    "round " + round + ": the permit given right after spawn was lost; park waited " + nanos + " ns");
        }
    }
}
