package io.pal.shim.net;

import java.util.concurrent.Callable;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;

/** A task on a thread of its own, whose Thread a test can inspect and whose outcome it can await. */
final class Forked<T> {

    /** The thread running the task. */
    final Thread thread;
    /** Completed with the task's result or failure. */
    private final CompletableFuture<T> outcome = new CompletableFuture<>();

    private Forked(Thread.Builder builder, String name, Callable<T> task) {
        thread = builder.name(name).unstarted(() -> {
            try {
                outcome.complete(task.call());
            } catch (Throwable t) {
                outcome.completeExceptionally(t);
            }
        });
        thread.start();
    }

    /** On a daemon platform thread. */
    static <T> Forked<T> platform(String name, Callable<T> task) {
        return new Forked<>(Thread.ofPlatform().daemon(), name, task);
    }

    /** On a virtual thread. */
    static <T> Forked<T> virtual(String name, Callable<T> task) {
        return new Forked<>(Thread.ofVirtual(), name, task);
    }

    /** The task's result; its exception if it failed. Waits at most 20 s. */
    T join() throws Exception {
        try {
            return outcome.get(20, TimeUnit.SECONDS);
        } catch (ExecutionException e) {
            if (e.getCause() instanceof Exception x) {
                throw x;
            }
            throw e;
        }
    }

    /** The exception the task ended with; fails if it ended normally. */
    Throwable failure() throws Exception {
        try {
            T r = outcome.get(20, TimeUnit.SECONDS);
            throw new AssertionError("expected a failure, got " + r);
        } catch (ExecutionException e) {
            return e.getCause();
        }
    }
}
