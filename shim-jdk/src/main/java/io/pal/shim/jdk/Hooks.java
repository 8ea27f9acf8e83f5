package io.pal.shim.jdk;

import io.pal.spi.BlockingCall;
import io.pal.spi.ShimHooks;

/**
 * What the bridge's method handles point at: pal's side of each intercepted call. Every hook
 * first asks the installing backend whether the caller is a strand that shares its carrier, and
 * does nothing otherwise, so threads that are not strands keep the JDK's behaviour exactly.
 */
final class Hooks {

    /** The carrier-sharing backend that installed the shim; null before. */
    static volatile ShimHooks target;

    private Hooks() {
    }

    private static ShimHooks sharing() {
        ShimHooks b = target;
        return b != null && b.currentSharesCarrier() ? b : null;
    }

    /** Thread.sleep: handled when the caller is a strand that shares its carrier. */
    static boolean sleep(long nanos) throws InterruptedException {
        ShimHooks b = sharing();
        if (b == null) {
            return false;
        }
        b.sleep(nanos);
        return true;
    }

    /** Thread.yield: likewise. */
    static boolean yieldNow() {
        ShimHooks b = sharing();
        if (b == null) {
            return false;
        }
        b.yieldNow();
        return true;
    }

    /** LockSupport.park*: handled when the caller is a strand that shares its carrier. */
    static boolean park(long nanos) {
        ShimHooks b = sharing();
        return b != null && b.parkThread(nanos);
    }

    /** A blocking call (its BlockingCall's ordinal) begins: the backend hands the calling strand's carrier off, if it is one of its strands. */
    static boolean beginBlocking(int call) {
        ShimHooks b = target;
        return b != null && b.beginBlocking(BlockingCall.of(call));
    }

    /** The blocking call returned: the backend ends the calling strand's section, if it opened one. */
    static boolean endBlocking() {
        ShimHooks b = target;
        return b != null && b.endBlocking();
    }

    /** LockSupport.unpark: any caller; the backend wakes the strand whose identity {@code thread} is, if it is one. */
    static void unpark(Thread thread) {
        ShimHooks b = target;
        if (b != null) {
            b.unparkThread(thread);
        }
    }

    /** Thread.start under pal.threadsAsStrands: see {@link ThreadsAsStrands#start}. */
    static boolean startThread(Thread thread) {
        return ThreadsAsStrands.start(thread);
    }

    /** Thread.isAlive: see {@link ThreadsAsStrands#isAlive}. */
    static boolean isAlive(Thread thread) {
        return ThreadsAsStrands.isAlive(thread);
    }

    /** Thread.join(millis): see {@link ThreadsAsStrands#join}. */
    static boolean join(Thread thread, long millis) throws InterruptedException {
        return ThreadsAsStrands.join(thread, millis);
    }

    /** Thread.interrupt: see {@link ThreadsAsStrands#interrupted}. */
    static void interrupted(Thread thread) {
        ThreadsAsStrands.interrupted(thread);
    }

    /** Thread.getState: see {@link ThreadsAsStrands#state}. */
    static Thread.State threadState(Thread thread) {
        return ThreadsAsStrands.state(thread);
    }
}
