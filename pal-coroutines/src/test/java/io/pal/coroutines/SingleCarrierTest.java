package io.pal.coroutines;

import io.pal.Strand;
import io.pal.StrandState;
import org.junit.jupiter.api.Test;

import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * With one carrier, a strand that waits must give the carrier up: each test only finishes if
 * another strand runs while the first one waits.
 */
class SingleCarrierTest extends OnPrivateBackend {

    @Override
    protected int carriers() {
        return 1;
    }

    @Test
    void parkReleasesTheCarrier() throws Exception {
        Strand<String> parker = b.spawn("parker", () -> {
            b.park();
            return "woken";
        });
        TestBackends.awaitState(parker, StrandState.PARKED);
        Strand<Void> waker = b.spawn("waker", () -> {
            b.unpark(parker);
            return null;
        });
        waker.join();
        assertEquals("woken", parker.join());
    }

    @Test
    void sleepReleasesTheCarrier() throws Exception {
        Strand<Void> sleeper = b.spawn("sleeper", () -> {
            b.sleep(TimeUnit.HOURS.toNanos(1));
            return null;
        });
        TestBackends.awaitState(sleeper, StrandState.PARKED);
        assertEquals(42, b.spawn("other", () -> 42).join()); // ran while the sleeper holds no carrier
        assertEquals(StrandState.PARKED, sleeper.state());
        sleeper.interrupt();
        ExecutionException e = assertThrows(ExecutionException.class, sleeper::join);
        assertInstanceOf(InterruptedException.class, e.getCause());
    }

    @Test
    void yieldReleasesTheCarrier() throws Exception {
        AtomicBoolean flag = new AtomicBoolean();
        Strand<Long> spinner = b.spawn("spinner", () -> {
            long yields = 0;
            while (!flag.get()) {
                b.yieldNow();
                yields++;
            }
            return yields;
        });
        Strand<Void> setter = b.spawn("setter", () -> {
            flag.set(true);
            return null;
        });
        setter.join();
        assertTrue(spinner.join() >= 0);
    }

    @Test
    void joinReleasesTheCarrier() throws Exception {
        Strand<Integer> slow = b.spawn("slow", () -> {
            b.park(); // until the joiner has parked in join
            return 5;
        });
        Strand<Integer> joiner = b.spawn("joiner", () -> slow.join() + 1);
        TestBackends.awaitState(joiner, StrandState.PARKED);
        TestBackends.awaitState(slow, StrandState.PARKED);
        b.unpark(slow);
        assertEquals(6, joiner.join());
    }

    @Test
    void aStrandLeavesNoInterruptOnTheCarrier() throws Exception {
        b.spawn(() -> {
            Thread.currentThread().interrupt(); // the strand's own status, carried by the carrier while mounted
            return null;
        }).join();
        assertFalse(b.spawn(Thread::interrupted).join(), "the next strand on the same carrier is not interrupted");
    }
}
