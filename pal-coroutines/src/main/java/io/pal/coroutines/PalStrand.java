package io.pal.coroutines;

import io.pal.coroutines.sched.Carrier;
import io.pal.spi.AbstractStrand;

import java.util.concurrent.Callable;

/**
 * What the backend's registry, dumps and deadlock watches know of a strand, whichever kind it is: a
 * {@link VirtualStrand} (a JDK virtual thread run by pal's scheduler, what {@code Pal.spawn} makes)
 * or a {@link CoroutineStrand} (a continuation whose identity is a program's own Thread, for threads
 * as strands). See the package essay.
 */
abstract sealed class PalStrand<T> extends AbstractStrand<T> permits VirtualStrand, CoroutineStrand {

    /** Links in the backend's {@link StrandRegistry}. Guarded by the registry stripe the strand belongs to. */
    PalStrand<?> regPrev, regNext;

    PalStrand(Callable<T> task) {
        super(task);
    }

    /** What {@code Thread.currentThread()} is inside the strand. */
    abstract Thread thread();

    /** The carrier running the strand now, or null. A snapshot. */
    abstract Carrier carrier();

    /** The group the strand is a member of, or null. */
    abstract CarrierGroup group();

    /** The strand's own state machine's state, for dumps. A snapshot. */
    abstract String rawState();

    /** The strand's stack if it can be read now (a parked strand's), else empty. */
    abstract StackTraceElement[] stackTrace();
}
