package io.pal.coroutines;

import io.pal.Strand;
import io.pal.StrandState;
import io.pal.spi.PalConfig;

import java.time.Duration;
import java.util.function.BooleanSupplier;

/** Helpers: a private backend per test, and waiting for a state rather than sleeping. */
final class TestBackends {

    private TestBackends() {
    }

    static CoroutineBackend start(int carriers) {
        return CoroutineBackend.create("test", new PalConfig(carriers, carriers));
    }

    /** What a test does with a private backend. */
    interface WithBackend {
        void run(CoroutineBackend b) throws Exception;
    }

    /** Runs {@code body} on a private backend with {@code carriers} carriers and up to {@code maxCarriers}, then stops it. */
    static void on(int carriers, int maxCarriers, WithBackend body) throws Exception {
        CoroutineBackend b = CoroutineBackend.create("test", new PalConfig(carriers, maxCarriers));
        try {
            body.run(b);
        } finally {
            stop(b);
        }
    }

    static void stop(CoroutineBackend b) throws InterruptedException {
        b.close();
        if (!b.awaitTermination(Duration.ofSeconds(10))) {
            throw new AssertionError("backend threads did not exit: " + b);
        }
    }

    /** Waits until {@code condition} holds, failing after 10 s with {@code what}. Spins politely; never guesses a duration. */
    static void await(String what, BooleanSupplier condition) {
        long deadline = System.nanoTime() + Duration.ofSeconds(10).toNanos();
        while (!condition.getAsBoolean()) {
            if (System.nanoTime() - deadline > 0) {
                throw new AssertionError("timed out waiting for: " + what);
            }
            Thread.onSpinWait();
            Thread.yield();
        }
    }

    static void awaitState(Strand<?> s, StrandState state) {
        await(s.name() + " to be " + state + " (is " + s.state() + ")", () -> s.state() == state);
    }
}
