package io.pal.coroutines.sched;

import java.lang.invoke.MethodHandle;
import java.lang.invoke.MethodHandles;
import java.lang.invoke.MethodType;

/**
 * The three private steps of {@code java.lang.Thread} that mounting a strand's identity needs,
 * reached once through {@code MethodHandles.privateLookupIn} (the JVM flag
 * {@code --add-opens java.base/java.lang=ALL-UNNAMED}, which pal's launcher passes). They are the
 * JDK's own mount steps for virtual threads (ADR 0010):
 * <ul>
 *   <li>{@link #setCurrentThread}: what {@code Thread.currentThread()} returns on this carrier from
 *       now on; it also moves the JVM's monitor-owner id, so {@code synchronized} records the strand;</li>
 *   <li>{@link #currentCarrier}: the platform thread underneath, whatever identity is mounted;</li>
 *   <li>{@link #clearInterrupt}: clears a thread's interrupt flag from any thread (the carrier's
 *       mirror of its strand's status, which {@code Thread.interrupted()} in the strand cannot reach).</li>
 * </ul>
 */
public final class ThreadAccess {

    private static final MethodHandle SET_CURRENT_THREAD;
    private static final MethodHandle CURRENT_CARRIER;
    private static final MethodHandle CLEAR_INTERRUPT;

    static {
        try {
            MethodHandles.Lookup l = MethodHandles.privateLookupIn(Thread.class, MethodHandles.lookup());
            SET_CURRENT_THREAD = l.findVirtual(Thread.class, "setCurrentThread",
                    MethodType.methodType(void.class, Thread.class));
            CURRENT_CARRIER = l.findStatic(Thread.class, "currentCarrierThread", MethodType.methodType(Thread.class));
            CLEAR_INTERRUPT = l.findVirtual(Thread.class, "clearInterrupt", MethodType.methodType(void.class));
        } catch (ReflectiveOperationException | IllegalAccessError e) {
            throw new ExceptionInInitializerError(new IllegalStateException(
                    "pal's coroutines need --add-opens java.base/java.lang=ALL-UNNAMED (bin/pal run passes it)", e));
        }
    }

    private ThreadAccess() {
    }

    /**
     * Makes {@code identity} what {@code Thread.currentThread()} returns on the calling platform
     * thread {@code carrier} (pass the carrier itself to restore it). The caller must be that carrier.
     */
    public static void setCurrentThread(Thread carrier, Thread identity) {
        try {
            SET_CURRENT_THREAD.invokeExact(carrier, identity);
        } catch (Throwable e) {
            throw new AssertionError("Thread.setCurrentThread failed", e);
        }
    }

    /** The platform thread the caller runs on, whatever identity is mounted on it. */
    public static Thread currentCarrier() {
        try {
            return (Thread) CURRENT_CARRIER.invokeExact();
        } catch (Throwable e) {
            throw new AssertionError("Thread.currentCarrierThread failed", e);
        }
    }

    /** Clears {@code t}'s interrupt flag (and nothing else). */
    public static void clearInterrupt(Thread t) {
        try {
            CLEAR_INTERRUPT.invokeExact(t);
        } catch (Throwable e) {
            throw new AssertionError("Thread.clearInterrupt failed", e);
        }
    }
}
