package io.pal.coroutines.sched;

import io.pal.coroutines.timer.Timer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

import java.time.Duration;
import java.util.Arrays;
import java.util.EnumSet;
import java.util.Set;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.BiConsumer;
import java.util.function.BooleanSupplier;
import java.util.stream.Collectors;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static io.pal.coroutines.sched.CarrierState.*;

/**
 * A carrier's one state ({@link CarrierState}): the table allows exactly the transitions its class
 * comment lists, and real carriers pass through the states the protocols say they do.
 */
@Timeout(60)
class CarrierStateTest {

    /** The transitions, written out again here as the class comment has them: the table must match. */
    private static final Set<String> LEGAL = Set.of(
            "NEW->ACTIVE",
            "ACTIVE->BLOCKED", "BLOCKED->ACTIVE",
            "ACTIVE->SEARCHING", "SEARCHING->ACTIVE",
            "ACTIVE->SLEEPING", "SEARCHING->SLEEPING",
            "SLEEPING->DRIVING", "DRIVING->SLEEPING",
            "SLEEPING->SEARCHING", "DRIVING->SEARCHING",
            "SLEEPING->EXITED", "ACTIVE->EXITED");

    @Test
    void everyLegalTransitionIsAllowedAndEveryOtherRefused() {
        int legal = 0;
        for (CarrierState from : CarrierState.values()) {
            for (CarrierState to : CarrierState.values()) {
                boolean expected = LEGAL.contains(from + "->" + to);
                assertEquals(expected, CarrierState.legal(from, to), from + " -> " + to);
                legal += expected ? 1 : 0;
            }
        }
        assertEquals(LEGAL.size(), legal, "every listed transition names real states");
    }

    @Test
    void exitedIsFinalAndNothingReturnsToNew() {
        for (CarrierState s : CarrierState.values()) {
            assertTrue(!CarrierState.legal(EXITED, s), "EXITED -> " + s);
            assertTrue(!CarrierState.legal(s, NEW), s + " -> NEW");
        }
    }

    @Test
    void listedIsSleepingOrDriving() {
        Set<CarrierState> listed = Arrays.stream(CarrierState.values()).filter(CarrierState::listed)
                .collect(Collectors.toCollection(() -> EnumSet.noneOf(CarrierState.class)));
        assertEquals(EnumSet.of(SLEEPING, DRIVING), listed);
    }

    /** Only a listed carrier can be woken: waking a carrier that runs is a broken protocol, and says so. */
    @Test
    void wakingACarrierThatIsNotListedThrows() throws Exception {
        AtomicReference<Throwable> thrown = new AtomicReference<>();
        onTheOnlyCarrier("state-refuse", (s, c) -> {
            try {
                c.wokenAsSearcher();
            } catch (Throwable t) {
                thrown.set(t);
            }
        });
        assertTrue(thrown.get() instanceof IllegalStateException, "threw " + thrown.get());
        assertTrue(thrown.get().getMessage().contains("ACTIVE"), thrown.get().getMessage());
    }

    /** A carrier is ACTIVE while it runs a task, BLOCKED inside a blocking section, and ACTIVE again after it. */
    @Test
    void aBlockingSectionIsTheBlockedState() throws Exception {
        CarrierState[] seen = new CarrierState[3];
        onTheOnlyCarrier("state-blocked", (s, c) -> {
            seen[0] = c.state();
            s.blockingBegins(c, "call");
            seen[1] = c.state();
            s.blockingEnds(c);
            seen[2] = c.state();
        });
        assertEquals(Arrays.asList(ACTIVE, BLOCKED, ACTIVE), Arrays.asList(seen));
    }

    /** Runs {@code task} on the one carrier of a new scheduler, waits for it, and shuts the scheduler down. */
    private static void onTheOnlyCarrier(String name, BiConsumer<Scheduler, Carrier> task) throws Exception {
        Scheduler s = Scheduler.start(name, 1, 1, Scheduler.QUEUE_CAPACITY, null, TimeUnit.SECONDS.toNanos(30));
        try {
            CountDownLatch done = new CountDownLatch(1);
            s.submit(() -> {
                task.accept(s, Carrier.currentOf(s));
                done.countDown();
            });
            assertTrue(done.await(20, TimeUnit.SECONDS));
        } finally {
            s.shutdown();
        }
        assertTrue(s.awaitTermination(Duration.ofSeconds(10)));
    }

    /** Idle carriers end up listed (one of them driving while a timer waits), and every carrier ends EXITED. */
    @Test
    void idleCarriersAreListedAndExitAtShutdown() throws Exception {
        Scheduler s = Scheduler.start("state-idle", 2, 2, Scheduler.QUEUE_CAPACITY, null, TimeUnit.SECONDS.toNanos(30));
        Carrier[] carriers = s.carriers();
        try {
            awaitTrue("both carriers asleep: " + s, () -> Arrays.stream(carriers).allMatch(c -> c.state() == SLEEPING));
            CountDownLatch ran = new CountDownLatch(1);
            s.submit(ran::countDown);
            assertTrue(ran.await(20, TimeUnit.SECONDS));
            awaitTrue("both carriers asleep again: " + s, () -> Arrays.stream(carriers).allMatch(c -> c.state() == SLEEPING));
        } finally {
            s.shutdown();
        }
        assertTrue(s.awaitTermination(Duration.ofSeconds(10)));
        for (Carrier c : carriers) {
            assertSame(EXITED, c.state(), c.getName());
        }
    }

    /** While a timer waits and nothing runs, one carrier drives and the other sleeps; once it expired, both sleep. */
    @Test
    void aWaitingTimerMakesOneCarrierTheDriver() throws Exception {
        Scheduler s = Scheduler.start("state-drive", 2, 2, Scheduler.QUEUE_CAPACITY, null, TimeUnit.SECONDS.toNanos(30));
        Carrier[] carriers = s.carriers();
        try {
            awaitTrue("both carriers asleep: " + s, () -> Arrays.stream(carriers).allMatch(c -> c.state() == SLEEPING));
            CountDownLatch expired = new CountDownLatch(1);
            s.arm(new Timer(System.nanoTime() + TimeUnit.SECONDS.toNanos(2)) {
                @Override
                protected void expire() {
                    expired.countDown();
                }
            });
            awaitTrue("one driver and one sleeper: " + s, () -> Arrays.stream(carriers).map(Carrier::state)
                    .collect(Collectors.toSet()).equals(EnumSet.of(DRIVING, SLEEPING)));
            assertSame(s.driver().state(), DRIVING, "the driver role and the DRIVING state go together");
            assertTrue(expired.await(20, TimeUnit.SECONDS));
            awaitTrue("both carriers asleep again: " + s, () -> Arrays.stream(carriers).allMatch(c -> c.state() == SLEEPING));
        } finally {
            s.shutdown();
        }
        assertTrue(s.awaitTermination(Duration.ofSeconds(10)));
    }

    private static void awaitTrue(String what, BooleanSupplier cond) throws InterruptedException {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(20);
        while (!cond.getAsBoolean()) {
            assertTrue(System.nanoTime() < deadline, "timed out waiting for " + what);
            Thread.sleep(5);
        }
    }
}
