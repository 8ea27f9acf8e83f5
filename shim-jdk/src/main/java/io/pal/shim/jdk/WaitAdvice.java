package io.pal.shim.jdk;

import io.pal.shim.jdk.bridge.PalBridge;
import net.bytebuddy.asm.Advice;

/**
 * Advice on {@code Object.wait(long)}, the one wait the others call. Inside a coroutine strand the
 * wait blocks the carrier natively (a strand cannot suspend while it holds the monitor), so it is a
 * blocking section: the carrier's other work is handed away as the wait begins. The JVM ends the wait and the JVM ends it on the carrier's interrupt flag, which
 * pal sets as a mirror of the strand's own status (its identity's). The JVM clears the carrier's
 * flag as it throws, so the strand's status must be cleared too, as the JDK does for a virtual
 * thread in the same place. The current thread is a strand's identity exactly when it is a Thread
 * that was never started: nothing else can be the current thread in state NEW. Inlined into
 * java.lang.Object, so it may name only JDK types and the bridge.
 */
final class WaitAdvice {

    private WaitAdvice() {
    }

    @Advice.OnMethodEnter
    static boolean enter() throws Throwable {
        return PalBridge.beginBlocking(BlockingAdvice.OBJECT_WAIT);
    }

    @Advice.OnMethodExit(onThrowable = Throwable.class)
    static void exit(@Advice.Enter boolean began, @Advice.Thrown Throwable thrown) throws Throwable {
        if (began) {
            PalBridge.endBlocking();
        }
        if (thrown instanceof InterruptedException) {
            Thread t = Thread.currentThread();
            if (t.getState() == Thread.State.NEW) {
                Thread.interrupted();
            }
        }
    }
}
