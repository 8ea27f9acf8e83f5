package io.pal.spi;

import io.pal.Strand;

/**
 * The bookkeeping of atomic regions ({@link io.pal.Pal#atomic}) that every backend shares. A strand
 * keeps a depth: how many regions it is inside. Every operation that could suspend the strand
 * (park, sleep, yield, a readiness wait, and the waits built on them: join, channel operations,
 * coroutine handoffs) checks the depth before it changes any state and throws {@link #refused}
 * instead of suspending. The depth is a plain int touched only by its own strand.
 */
public final class AtomicRegions {

    private AtomicRegions() {
    }

    /** The exception an operation throws when {@code strand} is inside an atomic region; names the operation. */
    public static IllegalStateException refused(String operation) {
        return new IllegalStateException(operation
                + " inside an atomic region (Pal.atomic) would suspend the strand; an atomic region never suspends");
    }

    /** Throws {@link #refused} if the caller, seen through {@code backend}, is inside an atomic region. */
    public static void check(Backend backend, String operation) {
        if (backend.inAtomic()) {
            throw refused(operation);
        }
    }

    /**
     * The deepest nesting of regions. A strand keeps its depth in a byte: 127 nested regions are
     * plenty, and the byte fits in padding a strand already has, where an int added 8 bytes to every
     * coroutine strand (measured: 96 -> 104 bytes).
     */
    static final int MAX_DEPTH = Byte.MAX_VALUE;

    /** The depth after entering one more region. */
    static byte deeper(byte depth) {
        if (depth >= MAX_DEPTH) {
            throw new IllegalStateException("atomic regions nested more than " + MAX_DEPTH + " deep");
        }
        return (byte) (depth + 1);
    }

    /** The depth after leaving one region. */
    static byte shallower(byte depth) {
        if (depth <= 0) {
            throw new IllegalStateException("inconsistent state: atomic depth " + depth + " when leaving a region");
        }
        return (byte) (depth - 1);
    }

    // The three below test types with instanceof, not a pattern switch: a switch on types links
    // through SwitchBootstraps, which spins a class with the class-file API at its first call, in
    // every program's first strand (ADR 0025).

    /** Enters a region on behalf of {@code strand}, the caller's own strand. The default of {@link Backend#enterAtomic}. */
    static void enter(Strand<?> strand) {
        if (strand instanceof AbstractStrand<?> s) {
            s.enterAtomic();
        } else if (strand instanceof AdoptedStrand a) {
            a.enterAtomic();
        } else {
            throw unsupported(strand);
        }
    }

    /** Leaves a region on behalf of {@code strand}. The default of {@link Backend#exitAtomic}. */
    static void exit(Strand<?> strand) {
        if (strand instanceof AbstractStrand<?> s) {
            s.exitAtomic();
        } else if (strand instanceof AdoptedStrand a) {
            a.exitAtomic();
        } else {
            throw unsupported(strand);
        }
    }

    /**
     * Whether {@code strand} is inside a region. The default of {@link Backend#inAtomic}; a caller
     * that holds its own strand already asks this instead of looking it up again.
     */
    public static boolean inside(Strand<?> strand) {
        if (strand instanceof AbstractStrand<?> s) {
            return s.inAtomic();
        }
        return strand instanceof AdoptedStrand a && a.inAtomic();
    }

    private static UnsupportedOperationException unsupported(Strand<?> strand) {
        return new UnsupportedOperationException("atomic regions need a strand built on AbstractStrand or AdoptedStrand, not "
                + strand.getClass().getName() + ": its backend must override Backend.enterAtomic/exitAtomic/inAtomic");
    }
}
