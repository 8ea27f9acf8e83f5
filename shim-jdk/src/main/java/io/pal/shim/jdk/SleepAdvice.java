package io.pal.shim.jdk;

import io.pal.shim.jdk.bridge.PalBridge;
import net.bytebuddy.asm.Advice;

import java.time.Duration;
import java.util.concurrent.TimeUnit;

/**
 * Advice on the three {@code Thread.sleep} overloads: when the caller is a coroutine, sleep it
 * through pal and skip the JDK's body. Bad arguments are left to the JDK's body, which throws as
 * it always has. Inlined into java.lang.Thread, so it may name only JDK types and the bridge.
 */
final class SleepAdvice {

    private SleepAdvice() {
    }

    /** {@code sleep(long millis)}. */
    static final class Millis {
        @Advice.OnMethodEnter(skipOn = Advice.OnNonDefaultValue.class)
        static boolean enter(@Advice.Argument(0) long millis) throws Throwable {
            return millis >= 0 && PalBridge.sleep(TimeUnit.MILLISECONDS.toNanos(millis));
        }
    }

    /** {@code sleep(long millis, int nanos)}. */
    static final class MillisNanos {
        @Advice.OnMethodEnter(skipOn = Advice.OnNonDefaultValue.class)
        static boolean enter(@Advice.Argument(0) long millis, @Advice.Argument(1) int nanos) throws Throwable {
            if (millis < 0 || nanos < 0 || nanos > 999_999) {
                return false;
            }
            long total = TimeUnit.MILLISECONDS.toNanos(millis);
            return PalBridge.sleep(total > Long.MAX_VALUE - nanos ? Long.MAX_VALUE : total + nanos);
        }
    }

    /** {@code sleep(Duration duration)}. */
    static final class OfDuration {
        @Advice.OnMethodEnter(skipOn = Advice.OnNonDefaultValue.class)
        static boolean enter(@Advice.Argument(0) Duration duration) throws Throwable {
            if (duration == null || duration.isNegative()) {
                return false;
            }
            long nanos = duration.getSeconds() >= Long.MAX_VALUE / 1_000_000_000L ? Long.MAX_VALUE : duration.toNanos();
            return PalBridge.sleep(nanos);
        }
    }

    /** {@code yield()}. */
    static final class Yield {
        @Advice.OnMethodEnter(skipOn = Advice.OnNonDefaultValue.class)
        static boolean enter() throws Throwable {
            return PalBridge.yieldNow();
        }
    }
}
