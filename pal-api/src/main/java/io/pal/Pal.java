package io.pal;

import io.pal.group.GroupSupport;
import io.pal.group.StrandGroup;
import io.pal.spi.Backend;
import io.pal.spi.Backends;
import io.pal.spi.Completion;
import io.pal.spi.RunnableTask;

import java.time.Duration;
import java.util.Objects;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutorService;

/**
 * The pal facade. Every call goes to the backend chosen by {@code -Dpal.backend} (see
 * {@link Backends}); the same code runs unchanged on threads, virtual threads and coroutines.
 *
 * <pre>{@code
 * Strand<Integer> s = Pal.spawn("worker", () -> compute());
 * int r = s.join();
 * }</pre>
 */
public final class Pal {

    private Pal() {
    }

    /** Starts a strand that runs {@code task}; its result or exception is what {@link Strand#join()} reports. */
    public static <T> Strand<T> spawn(Callable<T> task) {
        return spawn(null, task);
    }

    /** As {@link #spawn(Callable)}, with a name (null for the default {@code strand-<id>}). */
    public static <T> Strand<T> spawn(String name, Callable<T> task) {
        return active().spawn(name, Objects.requireNonNull(task, "task"));
    }

    /** Starts a strand that runs {@code task}; {@link Strand#join()} returns null. */
    public static Strand<Void> spawn(Runnable task) {
        return spawn(null, task);
    }

    /** As {@link #spawn(Runnable)}, with a name (null for the default {@code strand-<id>}). */
    public static Strand<Void> spawn(String name, Runnable task) {
        return active().spawn(name, new RunnableTask(Objects.requireNonNull(task, "task")));
    }

    /** The calling strand. A thread that pal did not spawn is adopted as a strand of its own. */
    public static Strand<?> current() {
        return active().current();
    }

    /**
     * Suspends the calling strand for at least {@code duration}; never returns early. A zero or
     * negative duration returns at once, after checking for an interrupt.
     *
     * @throws InterruptedException the strand was or became interrupted; its status is cleared
     */
    public static void sleep(Duration duration) throws InterruptedException {
        active().sleep(Completion.toNanos(duration));
    }

    /** Lets other runnable strands run before the caller continues. */
    public static void yieldNow() {
        active().yieldNow();
    }

    /**
     * Suspends the calling strand until a permit is available (see {@link #unpark}), then consumes
     * it. Returns at once if one is available; also returns when the strand is interrupted, and may
     * return for no reason at all: call it in a loop that re-checks its condition.
     */
    public static void park() {
        active().park();
    }

    /** As {@link #park()}, waiting at most {@code timeout}. Zero or negative: returns at once. */
    public static void park(Duration timeout) {
        active().parkNanos(Completion.toNanos(timeout));
    }

    /**
     * Makes a permit available to {@code strand}, waking it if it is parked. Permits do not add up:
     * two unparks before one park leave one permit. A no-op on a finished strand.
     */
    public static void unpark(Strand<?> strand) {
        active().unpark(Objects.requireNonNull(strand, "strand"));
    }

    /** Tests and clears the calling strand's interrupt status. */
    public static boolean interrupted() {
        return active().interrupted();
    }

    /**
     * A new executor in which every task runs as a strand of its own. Tasks start at once (there is
     * no queue); {@code shutdownNow} interrupts the running ones and returns an empty list.
     */
    public static ExecutorService executor() {
        return new StrandExecutorService(active());
    }

    /**
     * A new strand group: strands spawned in it never run in parallel, so state only they share
     * needs no lock (see {@link StrandGroup} and the {@code io.pal.group} package essay).
     *
     * @param name the group's name, for diagnostics
     */
    public static StrandGroup newGroup(String name) {
        Objects.requireNonNull(name, "name");
        Backend b = active();
        if (b instanceof GroupSupport groups) {
            return groups.newGroup(name);
        }
        throw new UnsupportedOperationException("the " + b.name().id() + " backend has no strand groups");
    }

    /**
     * Runs {@code body} as an atomic region of the calling strand: inside it, any attempt to park,
     * sleep, yield or wait through pal (join, channel operations, select, coroutine resume) throws
     * {@link IllegalStateException} at once, naming the operation, instead of suspending. Operations
     * that complete without waiting are allowed. Regions nest. Inside a {@link StrandGroup} this
     * makes "no other member interleaves here" a checked property.
     */
    public static void atomic(Runnable body) {
        Objects.requireNonNull(body, "body");
        Backend b = active();
        b.enterAtomic();
        try {
            body.run();
        } finally {
            b.exitAtomic();
        }
    }

    /**
     * As {@link #atomic(Runnable)}, returning the body's value. The body may throw a checked
     * exception of type {@code X}, which propagates (a body that throws none needs no handler).
     */
    public static <T, X extends Throwable> T atomic(AtomicBody<T, X> body) throws X {
        Objects.requireNonNull(body, "body");
        Backend b = active();
        b.enterAtomic();
        try {
            return body.run();
        } finally {
            b.exitAtomic();
        }
    }

    /** Whether the caller is inside an {@link #atomic} region. */
    public static boolean inAtomic() {
        return active().inAtomic();
    }

    /** The body of an {@link #atomic(AtomicBody)} region that returns a value. */
    @FunctionalInterface
    public interface AtomicBody<T, X extends Throwable> {
        T run() throws X;
    }

    /** The active backend's name. */
    public static BackendName backend() {
        return active().name();
    }

    private static Backend active() {
        return Backends.active();
    }
}
