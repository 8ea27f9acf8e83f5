package io.pal.compat;

import io.pal.Pal;
import io.pal.Strand;
import io.pal.StrandState;

import java.time.Duration;
import java.util.function.BooleanSupplier;

import static org.junit.jupiter.api.Assertions.fail;

/**
 * Waiting for a state instead of sleeping for a guessed time. Each wait polls its condition with a
 * short {@link Pal#park(Duration)} in between (park may return early, which only costs a poll) and
 * fails after a bound, naming what it waited for and what it saw last.
 */
public final class Await {

    /** How long any single wait may take before the test fails. Generous: the machine is shared. */
    public static final Duration LIMIT = Duration.ofSeconds(20);
    /** The pause between polls. */
    private static final Duration POLL = Duration.ofMillis(1);

    private Await() {
    }

    /** Waits until {@code strand} reports {@code wanted}. */
    public static void state(Strand<?> strand, StrandState wanted) {
        long deadline = System.nanoTime() + LIMIT.toNanos();
        for (StrandState seen = strand.state(); seen != wanted; seen = strand.state()) {
            StrandState last = seen;
            check(deadline, () -> strand + " did not reach " + wanted + " within " + LIMIT + "; last seen " + last);
            Pal.park(POLL);
        }
    }

    /** Waits until {@code condition} holds. */
    public static void until(String what, BooleanSupplier condition) {
        long deadline = System.nanoTime() + LIMIT.toNanos();
        while (!condition.getAsBoolean()) {
            check(deadline, () -> "not true within " + LIMIT + ": " + what);
            Pal.park(POLL);
        }
    }

    private static void check(long deadline, java.util.function.Supplier<String> message) {
        if (Pal.current().isInterrupted()) {
            fail("interrupted while waiting (test timeout?): " + message.get());
        }
        if (System.nanoTime() - deadline > 0) {
            fail(message.get());
        }
    }
}
