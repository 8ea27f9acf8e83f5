package io.pal.coroutines;

import jdk.internal.vm.Continuation;

/** Why a strand could not yield and blocked its carrier instead. */
public enum PinReason {
    /** A native frame is on the strand's stack (JNI, or a JDK method implemented natively). */
    NATIVE_FRAME,
    /** The JVM would not yield while a monitor is held in this context. */
    MONITOR,
    /** Inside a {@code Continuation.pin()} critical section, such as one a shim opens while a j.u.c. lock is owned. */
    CRITICAL_SECTION,
    /** The JVM refused for another reason (an exception being raised, say). */
    OTHER;

    static PinReason of(Continuation.Pinned p) {
        return switch (p) {
            case NATIVE -> NATIVE_FRAME;
            case MONITOR -> MONITOR;
            case CRITICAL_SECTION -> CRITICAL_SECTION;
            default -> OTHER;
        };
    }
}
