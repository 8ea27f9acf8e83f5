package io.pal.shim.jdk;

import io.pal.shim.jdk.bridge.PalBridge;
import net.bytebuddy.asm.Advice;

/**
 * Advice on java.util.concurrent's choke point: LockSupport's park and unpark, through which every
 * j.u.c. wait goes. Inlined into java.base: names only JDK types
 * and the bridge. A park advice that returns true skips the JDK's park (pal parked the strand).
 */
final class LockAdvice {

    private LockAdvice() {
    }

    /** {@code LockSupport.park()} and {@code park(Object blocker)}: no limit. */
    static final class ParkForever {
        @Advice.OnMethodEnter(skipOn = Advice.OnNonDefaultValue.class)
        static boolean enter() throws Throwable {
            return PalBridge.park(Long.MAX_VALUE);
        }
    }

    /** {@code LockSupport.parkNanos(long)}. Zero or negative: the JDK returns at once, untouched. */
    static final class ParkNanos {
        @Advice.OnMethodEnter(skipOn = Advice.OnNonDefaultValue.class)
        static boolean enter(@Advice.Argument(0) long nanos) throws Throwable {
            return nanos > 0 && PalBridge.park(nanos);
        }
    }

    /** {@code LockSupport.parkNanos(Object blocker, long)}. */
    static final class ParkNanosBlocker {
        @Advice.OnMethodEnter(skipOn = Advice.OnNonDefaultValue.class)
        static boolean enter(@Advice.Argument(1) long nanos) throws Throwable {
            return nanos > 0 && PalBridge.park(nanos);
        }
    }

    /** {@code LockSupport.parkUntil(long deadlineMillis)}. */
    static final class ParkUntil {
        @Advice.OnMethodEnter(skipOn = Advice.OnNonDefaultValue.class)
        static boolean enter(@Advice.Argument(0) long deadline) throws Throwable {
            long ms = deadline - System.currentTimeMillis();
            return ms > 0 && PalBridge.park(ms * 1_000_000L);
        }
    }

    /** {@code LockSupport.parkUntil(Object blocker, long deadlineMillis)}. */
    static final class ParkUntilBlocker {
        @Advice.OnMethodEnter(skipOn = Advice.OnNonDefaultValue.class)
        static boolean enter(@Advice.Argument(1) long deadline) throws Throwable {
            long ms = deadline - System.currentTimeMillis();
            return ms > 0 && PalBridge.park(ms * 1_000_000L);
        }
    }

    /** {@code LockSupport.unpark(Thread)}: wake the strand that thread is the identity of; the JDK's unpark runs too. */
    static final class Unpark {
        @Advice.OnMethodEnter
        static void enter(@Advice.Argument(0) Thread thread) throws Throwable {
            PalBridge.unpark(thread);
        }
    }
}
