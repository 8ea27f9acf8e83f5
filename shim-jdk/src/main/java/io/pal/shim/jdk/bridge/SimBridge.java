package io.pal.shim.jdk.bridge;

import java.lang.invoke.MethodHandle;

/**
 * The bootstrap class that clock reads and random seeds rewritten under {@code pal.backend=sim}
 * call: in java.base (the JDK's timed waits, its random generators) and in the program's own
 * classes. Like {@link PalBridge} it names only JDK types and holds method handles into pal, set
 * once when the simulation shim is installed; until then each entry point is the JDK's own value.
 */
public final class SimBridge {

    /** {@code () -> long}: System.nanoTime as the caller should see it. */
    public static volatile MethodHandle nanoTimeHook;
    /** {@code () -> long}: System.currentTimeMillis as the caller should see it. */
    public static volatile MethodHandle millisHook;
    /** {@code () -> boolean}: whether the caller is inside a simulated run. */
    public static volatile MethodHandle inRunHook;
    /** {@code () -> void}: a scheduling point in the program's code. */
    public static volatile MethodHandle pointHook;
    /** {@code () -> void}: Thread.onSpinWait in the program's code. */
    public static volatile MethodHandle spinHook;
    /** {@code () -> void}: Thread.yield in the program's code. */
    public static volatile MethodHandle yieldHook;
    /** {@code () -> boolean}: whether a Thread the caller creates should be a non-daemon. */
    public static volatile MethodHandle nonDaemonHook;
    /** {@code (int) -> void}: Runtime.exit inside a run; may throw to unwind the caller instead. */
    public static volatile MethodHandle exitHook;
    /** {@code () -> long}: the next seed from the caller's run. */
    public static volatile MethodHandle seedHook;
    /** {@code (SelectorProvider) -> SelectorProvider}: the NIO provider the caller should see, given the JDK's. */
    public static volatile MethodHandle selectorProviderHook;

    private SimBridge() {
    }

    /** Replaces {@code System.nanoTime()} where it was rewritten. */
    public static long nanoTime() throws Throwable {
        MethodHandle h = nanoTimeHook;
        return h == null ? System.nanoTime() : (long) h.invokeExact();
    }

    /** Replaces {@code System.currentTimeMillis()} where it was rewritten. */
    public static long currentTimeMillis() throws Throwable {
        MethodHandle h = millisHook;
        return h == null ? System.currentTimeMillis() : (long) h.invokeExact();
    }

    /** Whether the caller is inside a simulated run (then its random generators draw from {@link #nextSeed}). */
    public static boolean inRun() throws Throwable {
        MethodHandle h = inRunHook;
        return h != null && (boolean) h.invokeExact();
    }

    /** The next number of the caller's run's own random stream; call only when {@link #inRun} is true. */
    public static long nextSeed() throws Throwable {
        return (long) seedHook.invokeExact();
    }

    /** SelectorProvider.provider(): inside a run, the provider of its simulated network; elsewhere {@code jdk}. */
    public static java.nio.channels.spi.SelectorProvider selectorProvider(java.nio.channels.spi.SelectorProvider jdk) throws Throwable {
        MethodHandle h = selectorProviderHook;
        return h == null ? jdk : (java.nio.channels.spi.SelectorProvider) h.invokeExact(jdk);
    }

    /** Runtime.exit: tells the simulation, which may end only the caller's run (and throw) instead of the JVM. */
    public static void exit(int status) throws Throwable {
        MethodHandle h = exitHook;
        if (h != null) {
            h.invokeExact(status);
        }
    }

    /** A scheduling point: inside a run, another strand may run before the caller goes on. */
    public static void schedulingPoint() throws Throwable {
        MethodHandle h = pointHook;
        if (h != null) {
            h.invokeExact();
        }
    }

    /** Replaces {@code Thread.onSpinWait()} in the program's code: a scheduling point of a spinning strand. */
    public static void onSpinWait() throws Throwable {
        MethodHandle h = spinHook;
        if (h == null) {
            Thread.onSpinWait();
        } else {
            h.invokeExact();
        }
    }

    /** Replaces {@code Thread.yield()} in the program's code: the simulation's yield (see {@code Simulation.yieldHint}). */
    public static void onYield() throws Throwable {
        MethodHandle h = yieldHook;
        if (h == null) {
            Thread.yield();
        } else {
            h.invokeExact();
        }
    }

    /** A platform Thread is being created: true if the simulation says it should be a non-daemon. */
    public static boolean createsNonDaemonThreads() throws Throwable {
        MethodHandle h = nonDaemonHook;
        return h != null && (boolean) h.invokeExact();
    }
}
