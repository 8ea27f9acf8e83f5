package io.pal.coroutines.poll;

import org.junit.jupiter.api.Test;

import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Consumer;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The slot protocol of {@link PollDescriptor} on its own: each readiness is taken exactly once,
 * by the waiter or by the next wait, and a waiter is woken at most once.
 */
class PollDescriptorRaceTest {

    private static final int ROUNDS = 200_000;
    private static final int R = PollDescriptor.READ;

    @Test
    void readinessBeforeTheWaitIsTakenByIt() {
        PollDescriptor pd = new PollDescriptor(7);
        AtomicInteger woken = new AtomicInteger();
        assertEquals(0, pd.ready(R, w -> woken.incrementAndGet()));
        assertEquals(0, pd.ready(R, w -> woken.incrementAndGet()), "a second event before the wait is one readiness");
        assertTrue(pd.takeReady(R));
        assertFalse(pd.takeReady(R), "taken once");
        assertEquals(0, woken.get());
        assertNull(pd.slot(PollDescriptor.WRITE), "the other direction is untouched");
    }

    @Test
    void anEventWakesTheWaiterOnceAndTheWaiterTakesIt() {
        PollDescriptor pd = new PollDescriptor(7);
        Object me = new Object();
        AtomicInteger woken = new AtomicInteger();
        assertTrue(pd.install(R, me));
        assertEquals(1, pd.ready(R, w -> {
            assertSame(me, w);
            woken.incrementAndGet();
        }));
        assertEquals(0, pd.ready(R, w -> woken.incrementAndGet()));
        assertTrue(pd.leave(R, me), "leaves with the readiness");
        assertNull(pd.slot(R));
        assertEquals(1, woken.get());
    }

    @Test
    void closingAndReleaseWakeWaitersOfBothDirectionsAndReleaseEmptiesTheSlots() {
        PollDescriptor pd = new PollDescriptor(7);
        Object reader = new Object(), writer = new Object();
        AtomicInteger woken = new AtomicInteger();
        Consumer<Object> waker = w -> woken.incrementAndGet();
        assertTrue(pd.install(R, reader));
        assertTrue(pd.install(PollDescriptor.WRITE, writer));
        pd.closing(R, waker);
        pd.closing(PollDescriptor.WRITE, waker);
        assertEquals(2, woken.get());
        assertFalse(pd.leave(R, reader));
        assertSame(PollDescriptor.CLOSING, pd.slot(R), "closing is sticky: later waits return at once");
        assertFalse(pd.install(R, reader));
        assertEquals(0, pd.ready(R, waker), "an event does not undo a close");
        pd.clear(waker);
        assertNull(pd.slot(R));
        assertNull(pd.slot(PollDescriptor.WRITE));
        assertEquals(2, woken.get());
    }

    /**
     * A waiter that gives up (its time is up) races the event: exactly one of them takes the waiter
     * out of the slot. If the event does, the waiter is woken once and leaves with the readiness; if
     * the waiter does, nobody is woken and the readiness stays for the next wait. Never both, never
     * neither.
     */
    @Test
    void aTimeoutRacingTheEventNeitherLosesNorDoublesIt() throws Exception {
        PollDescriptor pd = new PollDescriptor(7);
        Object me = new Object();
        AtomicInteger woken = new AtomicInteger();
        Consumer<Object> waker = w -> woken.incrementAndGet();
        AtomicInteger round = new AtomicInteger(-1);
        AtomicInteger eventsDone = new AtomicInteger();
        Thread events = new Thread(() -> {
            for (int i = 0; i < ROUNDS; i++) {
                while (round.get() < i) {
                    Thread.onSpinWait();
                }
                pd.ready(R, waker);
                eventsDone.set(i + 1);
            }
        });
        events.start();
        int tookIt = 0, leftReady = 0;
        for (int i = 0; i < ROUNDS; i++) {
            assertTrue(pd.install(R, me));
            int wokenBefore = woken.get();
            round.set(i);                         // the event goes now, racing the give-up below
            boolean took = pd.leave(R, me);
            while (eventsDone.get() <= i) {
                Thread.onSpinWait();
            }
            int wakes = woken.get() - wokenBefore;
            if (took) {
                tookIt++;
                assertEquals(1, wakes, "round " + i + ": the event that won woke the waiter once");
                assertNull(pd.slot(R));
            } else {
                leftReady++;
                assertEquals(0, wakes, "round " + i + ": the waiter left first, nobody was woken");
                assertTrue(pd.takeReady(R), "round " + i + ": the readiness waits for the next wait");
            }
        }
        events.join();
        assertEquals(ROUNDS, tookIt + leftReady);
        assertEquals(tookIt, woken.get());
    }
}
