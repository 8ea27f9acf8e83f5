package io.pal.shim.jdk.bridge;

import java.lang.invoke.MethodHandle;

/**
 * The one class advice inlined into java.base may call. It is injected into the bootstrap class
 * loader before any advice is applied (so that {@code java.lang.Thread} can see it) and holds
 * method handles into pal, set once at installation. It names no pal class: only JDK types cross.
 * Each entry point is a null check and an invokeExact when installed, a null check otherwise.
 */
public final class PalBridge {

    /** {@code (long nanos) -> boolean handled}, may throw InterruptedException; null until installed. */
    public static volatile MethodHandle sleepHook;
    /** {@code () -> boolean handled}; null until installed. */
    public static volatile MethodHandle yieldHook;

    /** {@code (long nanos) -> boolean handled} (Long.MAX_VALUE: no limit); null until installed. */
    public static volatile MethodHandle parkHook;
    /** {@code (Thread) -> void}; null until installed. */
    public static volatile MethodHandle unparkHook;

    /** {@code (int call) -> boolean began}: the ordinal of a BlockingCall; null until installed. */
    public static volatile MethodHandle beginBlockingHook;
    /** {@code () -> boolean ended}; null until installed. */
    public static volatile MethodHandle endBlockingHook;
    /** {@code (Thread) -> boolean started}; null unless pal.threadsAsStrands is true. */
    public static volatile MethodHandle startThreadHook;
    /** {@code (Thread) -> boolean alive as a strand}; null unless pal.threadsAsStrands is true. */
    public static volatile MethodHandle aliveHook;
    /** {@code (Thread, long millis) -> boolean handled}, may throw InterruptedException; null unless pal.threadsAsStrands is true. */
    public static volatile MethodHandle joinHook;
    /** {@code (Thread) -> void}; null unless pal.threadsAsStrands is true. */
    public static volatile MethodHandle interruptHook;
    /** {@code (Thread) -> Thread.State or null}; null unless pal.threadsAsStrands is true. */
    public static volatile MethodHandle stateHook;

    private PalBridge() {
    }

    /** A blocking call begins: true if pal opened a section for the calling strand ({@link #endBlocking} must follow). */
    public static boolean beginBlocking(int call) throws Throwable {
        MethodHandle h = beginBlockingHook;
        return h != null && (boolean) h.invokeExact(call);
    }

    /** The blocking call returned: true if pal closed a section of the calling strand. */
    public static boolean endBlocking() throws Throwable {
        MethodHandle h = endBlockingHook;
        return h != null && (boolean) h.invokeExact();
    }

    /** Thread.sleep: true if pal slept the calling strand. */
    public static boolean sleep(long nanos) throws Throwable {
        MethodHandle h = sleepHook;
        return h != null && (boolean) h.invokeExact(nanos);
    }

    /** Thread.yield: true if pal yielded the calling strand. */
    public static boolean yieldNow() throws Throwable {
        MethodHandle h = yieldHook;
        return h != null && (boolean) h.invokeExact();
    }

    /**
     * LockSupport.park*: true if pal parked the calling strand (then the JDK's park is skipped). A
     * virtual thread (every strand {@code Pal.spawn} makes on coroutines) parks the JDK's way, without
     * a call: no frame or spilled value of the hook's is compiled into its parked stack.
     */
    public static boolean park(long nanos) throws Throwable {
        MethodHandle h = parkHook;
        return h != null && !Thread.currentThread().isVirtual() && (boolean) h.invokeExact(nanos);
    }

    /** Thread.start: true if pal started a strand whose current thread is {@code thread} (the JDK's start is skipped). */
    public static boolean startThread(Thread thread) throws Throwable {
        MethodHandle h = startThreadHook;
        return h != null && (boolean) h.invokeExact(thread);
    }

    /** Thread.isAlive, when the JDK says false: true if {@code thread} runs as a strand. */
    public static boolean isAlive(Thread thread) throws Throwable {
        MethodHandle h = aliveHook;
        return h != null && (boolean) h.invokeExact(thread);
    }

    /** Thread.join(millis): true if pal waited for {@code thread}'s strand (the JDK's join is skipped). */
    public static boolean join(Thread thread, long millis) throws Throwable {
        MethodHandle h = joinHook;
        return h != null && (boolean) h.invokeExact(thread, millis);
    }

    /** Thread.interrupt, after the JDK set the status: wakes the strand {@code thread} runs as, if it does. */
    public static void interrupted(Thread thread) throws Throwable {
        MethodHandle h = interruptHook;
        if (h != null) {
            h.invokeExact(thread);
        }
    }

    /** Thread.getState: the state of the strand {@code thread} runs as, or null. */
    public static Thread.State threadState(Thread thread) throws Throwable {
        MethodHandle h = stateHook;
        return h == null ? null : (Thread.State) h.invokeExact(thread);
    }

    /** LockSupport.unpark: wakes the strand whose identity {@code thread} is; the JDK's unpark runs too. */
    public static void unpark(Thread thread) throws Throwable {
        MethodHandle h = unparkHook;
        if (h != null && thread != null) {
            h.invokeExact(thread);
        }
    }
}
