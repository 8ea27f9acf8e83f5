package io.pal.compat.vthreads;

import io.pal.Pal;
import io.pal.Strand;
import io.pal.junit.AllBackends;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

import java.time.Duration;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicInteger;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Races between an interrupt and what the strand is doing at that moment (starting, parking,
 * sleeping, entering Object.wait), each small and exact and run many times: every interrupt is
 * seen. A lost one leaves a strand waiting forever, which the bounded join reports with the round.
 * On coroutines an interrupt was once hand-made (a status mirrored onto the carrier); it is the
 * JDK's own now that strands are virtual threads.
 */
@AllBackends
@Timeout(value = 120, threadMode = Timeout.ThreadMode.SEPARATE_THREAD)
class InterruptRaceTest {

    private static final int ROUNDS = 2_000;
    private static final Duration BOUND = Duration.ofSeconds(10);

    @Test
    void anInterruptRacingAParkIsNeverLost() throws Exception {
        for (int round = 0; round < ROUNDS; round++) {
            int spins = ThreadLocalRandom.current().nextInt(2_000);
            Strand<Boolean> s = Pal.spawn(() -> {
                while (!Pal.interrupted()) {
                    Pal.park();
                }
                return true;
            });
            for (int i = 0; i < spins; i++) {
                Thread.onSpinWait(); // the interrupt lands before the start, during the body, or in the park
            }
            s.interrupt();
            assertEquals(true, joined(s, "round " + round));
        }
    }

    @Test
    void anInterruptRacingASleepOrAWaitIsNeverLost() throws Exception {
        Object monitor = new Object();
        for (int round = 0; round < ROUNDS; round++) {
            boolean sleep = round % 2 == 0;
            int spins = ThreadLocalRandom.current().nextInt(2_000);
            Strand<String> s = Pal.spawn(() -> {
                try {
                    if (sleep) {
                        Thread.sleep(TimeUnit.HOURS.toMillis(1));
                    } else {
                        synchronized (monitor) {
                            monitor.wait();
                        }
                    }
                    return "woke without the interrupt";
                } catch (InterruptedException e) {
                    return Thread.currentThread().isInterrupted() ? "status still set" : "interrupted";
                }
            });
            for (int i = 0; i < spins; i++) {
                Thread.onSpinWait();
            }
            s.interrupt();
            String what = "round " + round + (sleep ? " (sleep)" : " (wait)");
            assertEquals("interrupted", joined(s, what), what);
        }
    }

    /** The race that once failed on a fresh clone: shutdownNow right after submit, three tasks a round. */
    @Test
    void shutdownNowRightAfterSubmitInterruptsEveryTask() throws Exception {
        for (int round = 0; round < ROUNDS; round++) {
            ExecutorService ex = Pal.executor();
            AtomicInteger started = new AtomicInteger();
            AtomicInteger interrupted = new AtomicInteger();
            for (int i = 0; i < 3; i++) {
                ex.submit(() -> {
                    started.incrementAndGet();
                    while (!Pal.interrupted()) {
                        Pal.park();
                    }
                    interrupted.incrementAndGet();
                    return null;
                });
            }
            ex.shutdownNow();
            assertTrue(ex.awaitTermination(BOUND.toMillis(), TimeUnit.MILLISECONDS),
                    "round " + round + ": started " + started.get() + ", interrupted " + interrupted.get());
            assertEquals(started.get(), interrupted.get(), "round " + round);
        }
    }

    /** The strand's result, or a failure naming {@code what} if it did not end within the bound (an interrupt was lost). */
    private static <T> T joined(Strand<T> s, String what) throws Exception {
        try {
            return s.join(BOUND);
        } catch (TimeoutException lost) {
            throw new AssertionError(what + ": the strand never saw its interrupt (" + s + ")", lost);
        }
    }
}
