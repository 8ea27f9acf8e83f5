package io.pal.compat.scope;

import io.pal.Pal;

import java.time.Duration;
import java.util.function.BooleanSupplier;

import static org.junit.jupiter.api.Assertions.assertTrue;

/** Waits, bounded, for a condition: polls with a short park, fails after ten seconds. */
final class Until {
    private Until() {
    }

    static void until(String what, BooleanSupplier condition) {
        long deadline = System.nanoTime() + Duration.ofSeconds(10).toNanos();
        while (!condition.getAsBoolean()) {
            assertTrue(System.nanoTime() < deadline, "timed out waiting for: " + what);
            Pal.park(Duration.ofMillis(1));
        }
    }

    /** A body that blocks until its strand is interrupted or cancelled. */
    static void blockUntilInterrupted() {
        try {
            Pal.sleep(Duration.ofDays(1));
        } catch (InterruptedException e) {
            throw new IllegalStateException("stopped", e);
        }
    }
}
