package io.pal.spi;

/**
 * A backend's simulated world, for the shims that make the JDK's clocks and random generators
 * deterministic ({@link ShimHooks#simulation()}). Every method answers for the calling thread: inside
 * a simulated run (a strand of it, or its carrier) it reads that run's virtual clock and seed;
 * anywhere else it answers as the JDK does. Called from code inlined into java.base on every
 * clock read, so each is a few field reads; never blocks; any thread.
 */
public interface Simulation {

    /** Whether the caller is inside a simulated run. */
    boolean inRun();

    /** {@code System.nanoTime()} as the caller should see it: the run's virtual clock inside a run. */
    long nanoTime();

    /** {@code System.currentTimeMillis()} as the caller should see it: the run's epoch plus its virtual time. */
    long currentTimeMillis();

    /**
     * A seed for a random generator the caller creates without one ({@code new Random()},
     * {@code Math.random}'s, a thread's {@code ThreadLocalRandom}): the next number of the run's own
     * seeded stream inside a run, so that the same seed draws the same numbers. Outside a run, a
     * value from the JDK's own entropy.
     */
    long nextSeed();

    /**
     * {@code System.exit(status)} (or {@code Runtime.exit}) is being called. Outside a run: does
     * nothing and the JVM exits. Inside a run whose end the JVM's end is (a program run by itself):
     * records the run as it stands for its trace line, and the JVM exits. Inside a run of an
     * explorer, which runs many in one JVM: ends that run with {@code status} and throws an Error
     * that unwinds the calling thread instead of ending the JVM; it never returns normally.
     */
    void exit(int status);

    /**
     * A scheduling point the shim added to the program's code (before a monitor enter or an atomic
     * operation, say): inside a run, the caller yields, so that the run's scheduler may choose
     * another strand before it goes on. Elsewhere, and where the caller cannot yield, nothing.
     */
    void schedulingPoint();

    /**
     * {@code Thread.onSpinWait()} in the program's code: the caller busy-waits for another strand.
     * Inside a run it is a scheduling point that also marks the caller as spinning, so that when
     * every strand that can run is spinning the run's clock moves to its next timer (a spin that
     * waits for a timed park elsewhere would otherwise hold virtual time still forever). Elsewhere,
     * the JDK's {@code Thread.onSpinWait()}.
     */
    void spinWait();

    /**
     * {@code Thread.yield()} in the program's code. Inside a run it is a scheduling point after which
     * the caller gives way: a loop of yields waits for another strand, and a strategy of strict
     * priorities (PCT) would otherwise run the yielder again at once, for ever if the one it waits
     * for has a lower priority. Unlike {@link #spinWait()} it does not let virtual time move: a yield
     * inside a computation must not make another strand's timeout fire. Elsewhere, the JDK's
     * {@code Thread.yield()}.
     */
    default void yieldHint() {
        Thread.yield();
    }

    /**
     * Whether a platform {@code Thread} the caller creates should start as a non-daemon: true when
     * the caller is a non-daemon thread of a run (its root, or a thread the program started as a
     * non-daemon). A virtual thread's children are daemons by the JDK's rule, and under sim the
     * program's main is one, so without this every thread of the program would be a daemon.
     */
    boolean createsNonDaemonThreads();

    /**
     * {@code SelectorProvider.provider()} is returning {@code jdk}, the JDK's provider: the provider
     * the caller should get instead. Inside a run whose network simulates NIO channels, that
     * network's provider (so that {@code SocketChannel.open()} and {@code Selector.open()} make
     * channels of the run's in-memory network); anywhere else {@code jdk}. Never blocks; any thread.
     */
    default java.nio.channels.spi.SelectorProvider selectorProvider(java.nio.channels.spi.SelectorProvider jdk) {
        return jdk;
    }
}
