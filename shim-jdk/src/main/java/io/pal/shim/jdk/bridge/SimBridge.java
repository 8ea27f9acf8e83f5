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
    /** {@code () -> long}: the next seed from the caller's run. */
    public static volatile MethodHandle seedHook;

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
}
