package io.pal.compat.hunt;

import io.pal.Pal;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Future;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * A sim program (run it with {@code bin/pal sim}): pal's {@code StrandExecutorService} raced against
 * its own shutdown.
 * <ol>
 *   <li>Two submitters submit tasks while the main strand calls shutdown or shutdownNow at a seeded
 *       time: every accepted task ran or was returned by shutdownNow or was cancelled, never two of
 *       those; awaitTermination(true) means every task ended; a task submitted after shutdown is
 *       rejected.</li>
 *   <li>invokeAny over tasks that fail or succeed at seeded times returns a successful task's
 *       value, and when it returns the others have been cancelled or have ended.</li>
 * </ol>
 */
public final class ExecutorHunt {

    private ExecutorHunt() {
    }

    public static void main(String[] args) throws Exception {
        Random random = new Random();
        shutdownRace(random, random.nextBoolean());
        invokeAny(random);
    }

    private static void shutdownRace(Random random, boolean now) throws Exception {
        ExecutorService ex = Pal.executor();
        AtomicInteger ran = new AtomicInteger();
        AtomicInteger accepted = new AtomicInteger();
        AtomicInteger rejected = new AtomicInteger();
        AtomicInteger running = new AtomicInteger();
        List<Future<?>> futures = java.util.Collections.synchronizedList(new ArrayList<>());
        List<Thread> submitters = new ArrayList<>();
        for (int s = 0; s < 2; s++) {
            int pause = random.nextInt(3);
            Thread t = new Thread(() -> {
                for (int i = 0; i < 5; i++) {
                    try {
                        futures.add(ex.submit(() -> {
                            running.incrementAndGet();
                            try {
                                ran.incrementAndGet();
                                Pal.sleep(Duration.ofMillis(pause + 1));
                            } finally {
                                running.decrementAndGet();
                            }
                            return null;
                        }));
                        accepted.incrementAndGet();
                    } catch (RejectedExecutionException e) {
                        rejected.incrementAndGet();
                    }
                    Pal.yieldNow();
                }
            });
            t.start();
            submitters.add(t);
        }
        Pal.sleep(Duration.ofMillis(random.nextInt(4)));
        List<Runnable> notRun = List.of();
        if (now) {
            notRun = ex.shutdownNow();
        } else {
            ex.shutdown();
        }
        if (!ex.isShutdown()) {
            throw new AssertionError("not shut down after shutdown");
        }
        boolean terminated = ex.awaitTermination(1, TimeUnit.HOURS);
        for (Thread t : submitters) {
            t.join();
        }
        if (!terminated || !ex.isTerminated()) {
            throw new AssertionError("not terminated within an hour: terminated=" + terminated);
        }
        if (running.get() != 0) {
            throw new AssertionError(running.get() + " tasks still ran after awaitTermination returned true");
        }
        for (Future<?> f : futures) {
            if (!f.isDone()) {
                throw new AssertionError("a future not done after termination: " + f);
            }
        }
        if (accepted.get() + rejected.get() != 10) {
            throw new AssertionError("accepted " + accepted + " + rejected " + rejected + " != 10");
        }
        if (!now && ran.get() != accepted.get()) {
            throw new AssertionError("shutdown (not now): accepted " + accepted + " but ran " + ran);
        }
        if (now && ran.get() + notRun.size() > accepted.get()) {
            throw new AssertionError("shutdownNow: ran " + ran + " and returned " + notRun.size() + " of " + accepted + " accepted");
        }
    }

    private static void invokeAny(Random random) throws Exception {
        ExecutorService ex = Pal.executor();
        AtomicInteger running = new AtomicInteger();
        List<Callable<Integer>> tasks = new ArrayList<>();
        for (int i = 0; i < 4; i++) {
            int me = i;
            int millis = random.nextInt(5);
            boolean fails = random.nextInt(3) == 0 && i > 0;
            tasks.add(() -> {
                running.incrementAndGet();
                try {
                    Pal.sleep(Duration.ofMillis(millis));
                    if (fails) {
                        throw new IllegalStateException("fails " + me);
                    }
                    return me;
                } finally {
                    running.decrementAndGet();
                }
            });
        }
        tasks.set(0, tasks.get(0)); // task 0 never fails: invokeAny has a success to return
        int r = ex.invokeAny(tasks);
        if (r < 0 || r > 3) {
            throw new AssertionError("invokeAny returned " + r);
        }
        ex.shutdown();
        if (!ex.awaitTermination(1, TimeUnit.HOURS)) {
            throw new AssertionError("not terminated after invokeAny");
        }
        if (running.get() != 0) {
            throw new AssertionError(running.get() + " invokeAny tasks still ran after termination");
        }
    }
}
