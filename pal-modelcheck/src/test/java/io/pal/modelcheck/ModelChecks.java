package io.pal.modelcheck;

import io.pal.Pal;
import org.jetbrains.lincheck.Lincheck;

import java.util.concurrent.atomic.AtomicReference;

/**
 * What the model checks share: Lincheck's bounds (a quick configuration for the default build, a
 * thorough one with {@code -Dpal.modelcheck=thorough}), and running a scenario's threads.
 *
 * <p>Each check is a fixed scenario of two or three threads; Lincheck's model checker runs it many
 * times, each time switching threads at different points (every shared read or write, lock and
 * park), and fails with the interleaving when an assertion fails, a thread throws, or a thread waits
 * for good for something that never happens (see the package essay for what that cannot catch).
 */
final class ModelChecks {

    /** The property that asks for the thorough configuration. */
    static final String PROPERTY = "pal.modelcheck";

    private ModelChecks() {
    }

    /** One thread's part of a scenario. */
    interface Part {
        void run() throws Exception;
    }

    /** Model-checks {@code scenario}: as many interleavings as the configuration allows. */
    static void check(Runnable scenario) {
        // The backend is chosen once, outside the checked code: its choice is not what is checked,
        // and Lincheck's managed monitors would trip its lock assertion.
        Pal.backend();
        boolean thorough = "thorough".equals(System.getProperty(PROPERTY));
        Lincheck.runConcurrentTest(thorough ? 20_000 : 100, scenario);
    }

    /** Runs each part in a thread of its own and waits for all; rethrows the first failure. */
    static void inParallel(Part... parts) {
        AtomicReference<Throwable> failed = new AtomicReference<>();
        Thread[] threads = new Thread[parts.length];
        for (int i = 0; i < parts.length; i++) {
            Part p = parts[i];
            threads[i] = new Thread(() -> {
                try {
                    p.run();
                } catch (Throwable e) {
                    failed.compareAndSet(null, e);
                }
            });
            threads[i].start();
        }
        for (Thread t : threads) {
            try {
                t.join();
            } catch (InterruptedException e) {
                throw new AssertionError(e);
            }
        }
        if (failed.get() != null) {
            throw new AssertionError("a thread of the scenario failed: " + failed.get(), failed.get());
        }
    }
}
