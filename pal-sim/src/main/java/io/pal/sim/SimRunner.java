package io.pal.sim;

import io.pal.BackendName;
import io.pal.spi.Backends;
import io.pal.spi.SimConfig;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;

/**
 * Runs a body as the root of a closed simulated run and returns how the run ended: the entry
 * point of the explorer ({@code bin/pal sim}) and of pal-junit's {@code @Simulate}. The sim
 * backend is created first (once per JVM), so that its shims are in place. Runs of different
 * seeds may go on at once on different threads: each has its own carrier, clock and PRNGs.
 */
public final class SimRunner {

    /** A root body: the program's main, a test method. */
    @FunctionalInterface
    public interface Body {
        void run() throws Throwable;
    }

    private SimRunner() {
    }

    /**
     * Runs {@code root} in a thread named {@code main} of a new run with {@code config} and waits for
     * the run to end. An exception the root throws fails the run and is printed to {@code err} as the
     * JVM prints one that ends main.
     */
    public static Outcome run(SimConfig config, Body root, PrintStream err) {
        return run(config, root, err, null);
    }

    /**
     * As {@link #run(SimConfig, Body, PrintStream)}, but the caller's wait can end: if the caller is
     * interrupted (a test's timeout), the run is ended where it stands (nothing of it runs again) and
     * InterruptedException is thrown.
     */
    public static Outcome runInterruptibly(SimConfig config, Body root, PrintStream err) throws InterruptedException {
        SimRun run = start(config, root, err, null);
        try {
            return run.outcome.get();
        } catch (InterruptedException e) {
            run.scheduler.end();
            throw e;
        } catch (java.util.concurrent.ExecutionException e) {
            throw new IllegalStateException("inconsistent state: a run's outcome failed", e.getCause());
        }
    }

    /** As {@link #run(SimConfig, Body, PrintStream)}, the run's output captured in {@code output} when the explorer's streams are in place. */
    static Outcome run(SimConfig config, Body root, PrintStream err, ByteArrayOutputStream output) {
        return start(config, root, err, output).await();
    }

    private static SimRun start(SimConfig config, Body root, PrintStream err, ByteArrayOutputStream output) {
        Backends.get(BackendName.SIM);
        SimRun run = new SimRun(config, false, output);
        run.start("main", false, () -> {
            try {
                root.run();
            } catch (RunExit exit) {
                // the run has ended with its status
            } catch (Throwable e) {
                Throwable cause = e instanceof java.lang.reflect.InvocationTargetException ite ? ite.getCause() : e;
                if (cause instanceof RunExit) {
                    return;
                }
                run.failed("main ended with " + cause);
                err.print("Exception in thread \"main\" ");
                cause.printStackTrace(err);
            }
        });
        return run;
    }
}
