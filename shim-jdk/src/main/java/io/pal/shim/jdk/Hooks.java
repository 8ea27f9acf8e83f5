package io.pal.shim.jdk;

import io.pal.spi.Backend;
import io.pal.spi.PinReason;

/**
 * What the bridge's method handles point at: pal's side of each intercepted call. Every hook
 * first asks the installing backend whether the caller is a strand that shares its carrier, and
 * does nothing otherwise, so threads that are not strands keep the JDK's behaviour exactly.
 */
final class Hooks {

    /** The carrier-sharing backend that installed the shim; null before. */
    static volatile Backend target;

    private Hooks() {
    }

    private static Backend sharing() {
        Backend b = target;
        return b != null && b.currentSharesCarrier() ? b : null;
    }

    /** Thread.sleep: handled when the caller is a strand that shares its carrier. */
    static boolean sleep(long nanos) throws InterruptedException {
        Backend b = sharing();
        if (b == null) {
            return false;
        }
        b.sleep(nanos);
        return true;
    }

    /** Thread.yield: likewise. */
    static boolean yieldNow() {
        Backend b = sharing();
        if (b == null) {
            return false;
        }
        b.yieldNow();
        return true;
    }

    /**
     * An AQS exclusive owner change. The owner recorded is the carrier (Thread.currentThread() in
     * a strand), so a strand that becomes owner is pinned until it stops being owner: unmounted,
     * another strand on the same carrier would pass the lock's owner check.
     */
    static void ownerChange(Thread previous, Thread next) {
        Backend b = sharing();
        if (b == null) {
            return;
        }
        Thread me = Thread.currentThread();
        if (next == me) {
            b.pin(PinReason.LOCK_OWNER);
        } else if (previous == me && next == null) {
            b.unpin(PinReason.LOCK_OWNER);
        }
    }

    /** LockSupport.park*: handled when the caller is a strand that shares its carrier. */
    static boolean park(long nanos) {
        Backend b = sharing();
        return b != null && b.parkThread(nanos);
    }

    /** AQS's Thread.currentThread() where it records a waiter: the backend's identity for a strand, the thread otherwise. */
    static Thread currentWaiter() {
        Backend b = sharing();
        return b != null ? b.waiterIdentity() : Thread.currentThread();
    }

    /** LockSupport.unpark: any caller; the backend wakes the strands parked under {@code thread}, if any. */
    static void unpark(Thread thread) {
        Backend b = target;
        if (b != null) {
            b.unparkThread(thread);
        }
    }
}
