package io.pal.spi;

/** Why a strand could not be unmounted, or had to block its carrier thread. Counted per reason. */
public enum PinReason {
    /** A native frame is on its stack, so its continuation cannot yield. */
    NATIVE_FRAME,
    /** It is inside a critical section (Continuation.pin): the yield failed. */
    CRITICAL_SECTION,
    /** It holds or waits for a monitor (synchronized, Object.wait). */
    MONITOR,
    /**
     * Its carrier stayed inside it too long without saying why (file I/O, a native call, a CPU-bound
     * loop): seen by a backend's monitor, not announced by the strand.
     */
    STUCK,
    /** The continuation refused to yield for another reason (an exception being raised, say). */
    OTHER
}
