package io.pal.shim.tls;

import io.pal.spi.StrandContext;

import java.util.concurrent.ExecutionException;
import java.util.concurrent.FutureTask;

/**
 * Stand-ins for a coroutine backend: a "carrier" is a plain platform thread, "mounting" a strand
 * is calling {@code swap} on it, and a strand's body is whatever the test runs between the two
 * swaps. Every carrier is joined before the test goes on, so the steps of a test are sequential
 * and each join is the happens-before edge a real scheduler's run queue would provide.
 */
final class Carriers {

    /** A test step that may throw anything. */
    @FunctionalInterface
    interface Body {
        void run() throws Exception;
    }

    private Carriers() {
    }

    /** Runs {@code body} on a new carrier that inherits nothing, waits for it, and rethrows what it threw. */
    static void onNewCarrier(Body body) throws Exception {
        run(Thread.ofPlatform().name("carrier").inheritInheritableThreadLocals(false), body);
    }

    /** Like {@link #onNewCarrier}, on a thread made by the JDK's default builder, which inherits. */
    static void onNewInheritingThread(Body body) throws Exception {
        run(Thread.ofPlatform().name("inheriting"), body);
    }

    /** Mounts {@code context} on the current thread, runs {@code body} and unmounts, even if it throws. */
    static void mounted(StrandContext context, Body body) throws Exception {
        Thread carrier = Thread.currentThread();
        context.swap(carrier);
        try {
            body.run();
        } finally {
            context.swap(carrier);
        }
    }

    private static void run(Thread.Builder builder, Body body) throws Exception {
        FutureTask<Void> task = new FutureTask<>(() -> {
            body.run();
            return null;
        });
        builder.start(task).join();
        try {
            task.get();
        } catch (ExecutionException e) {
            if (e.getCause() instanceof Exception cause) {
                throw cause;
            }
            throw (Error) e.getCause();
        }
    }
}
