package io.pal.shim.jdk;

import io.pal.shim.jdk.bridge.PalBridge;
import net.bytebuddy.asm.Advice;

/**
 * Advice on java.util.concurrent's two choke points. Inlined into java.base: names only JDK types
 * and the bridge.
 */
final class LockAdvice {

    private LockAdvice() {
    }

    /** {@code AbstractOwnableSynchronizer.setExclusiveOwnerThread(Thread)}: every exclusive acquire and full release. */
    static final class OwnerChange {
        @Advice.OnMethodEnter
        static void enter(@Advice.Argument(0) Thread next,
                          @Advice.FieldValue("exclusiveOwnerThread") Thread previous) throws Throwable {
            PalBridge.ownerChange(previous, next);
        }
    }

    /** Every {@code LockSupport.park*}: tell the backend the carrier blocks, and when it stops. */
    static final class Park {
        @Advice.OnMethodEnter
        static boolean enter() throws Throwable {
            return PalBridge.blockBegin();
        }

        @Advice.OnMethodExit(onThrowable = Throwable.class)
        static void exit(@Advice.Enter boolean mustEnd) throws Throwable {
            if (mustEnd) {
                PalBridge.blockEnd();
            }
        }
    }
}
