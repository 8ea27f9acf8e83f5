package io.pal.shim.jdk;

import io.pal.spi.ShimHooks;

import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/**
 * {@code pal.threadsAsStrands}: {@code Thread.start()} starts a strand whose current thread is the
 * program's own Thread object, and the Thread methods that ask about the running thread answer for
 * the strand. Reached from the advice on {@code java.lang.Thread} ({@link ThreadAdvice}) through the
 * bootstrap bridge; installed by {@link ThreadShim} only when the property is true.
 *
 * <pre>
 * A Thread started as a strand        its JDK state word     in LIVE
 *   before start                      0 (NEW)                no
 *   start -> its body ends            RUNNABLE               yes     // getState() asks the backend
 *   after its body (and the handler)  TERMINATED             no
 * </pre>
 *
 * Protocol "start" (under the Thread's monitor, as {@code Thread.start} takes it):
 * <ol>
 *   <li>{@link ThreadStartPolicy} says whether it stays a platform thread; a state word other than
 *       0 means it was started before: the JDK's own body runs and throws.</li>
 *   <li>The state word becomes RUNNABLE, the thread enters LIVE, a non-daemon one is counted by the
 *       {@link NonDaemonKeeper}; then the backend starts the strand ({@link ShimHooks#startThread}).</li>
 * </ol>
 * Protocol "exit", the strand's last steps, in the JDK's order for a thread's exit:
 * <ol>
 *   <li>An exception {@code run()} threw goes to {@code getUncaughtExceptionHandler()} (the
 *       thread's, else its group's, which asks the default handler).</li>
 *   <li>The state word becomes TERMINATED, the thread leaves LIVE, its references are cleared, its
 *       monitor is notified (what the JVM does for {@code wait}-based joins).</li>
 *   <li>Joiners are released; the keeper's count drops.</li>
 * </ol>
 */
final class ThreadsAsStrands {

    /** Threads started as strands whose exit has not finished: their completion. Any thread. */
    private static final Map<Thread, CompletableFuture<Void>> LIVE = new ConcurrentHashMap<>();
    /** Keeps the JVM alive for non-daemon ones. Immutable. */
    private static final NonDaemonKeeper KEEPER = new NonDaemonKeeper();
    /** Which threads stay platform threads; set once by {@link #install}. */
    private static volatile ThreadStartPolicy policy;

    private ThreadsAsStrands() {
    }

    /** Reads the policy's properties; the shim sets the bridge's handles only after this. */
    static void install() {
        if (policy == null) {
            policy = ThreadStartPolicy.fromSystemProperties();
        }
    }

    /** {@code t.start()}: true if a strand was started for it (the JDK's body is then skipped). */
    static boolean start(Thread t) {
        ShimHooks b = Hooks.target;
        ThreadStartPolicy p = policy;
        if (b == null || p == null || p.staysPlatform(t)) {
            return false;
        }
        synchronized (t) {
            if (ThreadInternals.status(t) != 0) {
                return false; // started before: the JDK's body throws IllegalThreadStateException
            }
            CompletableFuture<Void> done = new CompletableFuture<>();
            boolean keepsAlive = !t.isDaemon();
            ThreadInternals.setStatus(t, ThreadInternals.RUNNABLE);
            LIVE.put(t, done);
            if (keepsAlive) {
                KEEPER.started();
            }
            boolean started = false;
            try {
                started = b.startThread(t, () -> run(t, done, keepsAlive));
            } finally {
                if (!started) {
                    LIVE.remove(t, done);
                    ThreadInternals.setStatus(t, 0);
                    if (keepsAlive) {
                        KEEPER.ended();
                    }
                }
            }
            return started;
        }
    }

    /** The strand's body: the thread's run(), then protocol "exit". */
    private static void run(Thread t, CompletableFuture<Void> done, boolean keepsAlive) {
        try {
            t.run();
        } catch (Throwable e) {
            dispatchUncaught(t, e);
        } finally {
            ThreadInternals.setStatus(t, ThreadInternals.TERMINATED);
            LIVE.remove(t, done);
            ThreadInternals.clearReferences(t);
            synchronized (t) {
                t.notifyAll();
            }
            done.complete(null);
            if (keepsAlive) {
                KEEPER.ended();
            }
        }
    }

    /** As the JVM does for a thread that ends with an exception; a handler's own failure is reported, not thrown. */
    private static void dispatchUncaught(Thread t, Throwable e) {
        try {
            Thread.UncaughtExceptionHandler h = t.getUncaughtExceptionHandler();
            if (h != null) {
                h.uncaughtException(t, e);
            }
        } catch (Throwable handlerFailure) {
            System.err.println("Exception: " + handlerFailure.getClass().getName()
                    + " thrown from the UncaughtExceptionHandler in thread \"" + t.getName() + "\"");
        }
    }

    /** {@code t.isAlive()} when the JDK says false: true while {@code t} runs as a strand. */
    static boolean isAlive(Thread t) {
        return LIVE.containsKey(t);
    }

    /**
     * {@code t.join(millis)} ({@code join()}, {@code join(millis, nanos)} and {@code join(Duration)}
     * come here too): if {@code t} runs as a strand, waits for its exit (0: without limit) and returns
     * true; a strand caller parks, any other caller blocks. False for any other thread (the JDK's
     * body runs, and returns at once for a strand that has ended).
     */
    static boolean join(Thread t, long millis) throws InterruptedException {
        CompletableFuture<Void> done = LIVE.get(t);
        if (done == null) {
            return false;
        }
        try {
            if (millis == 0) {
                done.get();
            } else {
                done.get(millis, TimeUnit.MILLISECONDS);
            }
        } catch (TimeoutException | ExecutionException e) {
            // timed out: the thread is still alive, as Thread.join(millis) returns; never completed exceptionally
        }
        return true;
    }

    /** {@code t.interrupt()} has set its status: wake its strand if it runs as one. */
    static void interrupted(Thread t) {
        ShimHooks b = Hooks.target;
        if (b != null && LIVE.containsKey(t)) {
            b.interruptThread(t);
        }
    }

    /** {@code t.getState()} when the JDK's state word says RUNNABLE: the strand's, or null for a platform thread. */
    static Thread.State state(Thread t) {
        ShimHooks b = Hooks.target;
        return b != null && LIVE.containsKey(t) ? b.stateOfThread(t) : null;
    }

    /** Non-daemon threads running as strands now. */
    static int nonDaemonLive() {
        return KEEPER.live();
    }
}
