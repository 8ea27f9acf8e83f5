package io.pal.shim.jdk.bridge;

import java.lang.invoke.MethodHandle;

/**
 * The one class advice inlined into java.base may call. It is injected into the bootstrap class
 * loader before any advice is applied (so that {@code java.lang.Thread} can see it) and holds
 * method handles into pal, set once at installation. It names no pal class: only JDK types cross.
 */
public final class PalBridge {

    /** {@code (long nanos) -> boolean handled}, may throw InterruptedException; null until installed. */
    public static volatile MethodHandle sleepHook;
    /** {@code () -> boolean handled}; null until installed. */
    public static volatile MethodHandle yieldHook;

    private PalBridge() {
    }

    /** Called by the advice on Thread.sleep: true if pal slept the calling strand. */
    public static boolean sleep(long nanos) throws Throwable {
        MethodHandle h = sleepHook;
        return h != null && (boolean) h.invokeExact(nanos);
    }

    /** Called by the advice on Thread.yield: true if pal yielded the calling strand. */
    public static boolean yieldNow() throws Throwable {
        MethodHandle h = yieldHook;
        return h != null && (boolean) h.invokeExact();
    }
}
