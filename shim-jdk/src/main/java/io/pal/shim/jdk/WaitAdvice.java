package io.pal.shim.jdk;

import net.bytebuddy.asm.Advice;

/**
 * Advice on {@code Object.wait(long)}, the one wait the others call. Inside a coroutine strand the
 * wait blocks the carrier natively, and the JVM ends it on the carrier's interrupt flag, which
 * pal sets as a mirror of the strand's own status (its identity's). The JVM clears the carrier's
 * flag as it throws, so the strand's status must be cleared too, as the JDK does for a virtual
 * thread in the same place. The current thread is a strand's identity exactly when it is a Thread
 * that was never started: nothing else can be the current thread in state NEW. Inlined into
 * java.lang.Object, so it may name only JDK types.
 */
final class WaitAdvice {

    private WaitAdvice() {
    }

    @Advice.OnMethodExit(onThrowable = InterruptedException.class)
    static void exit(@Advice.Thrown Throwable thrown) {
        if (thrown instanceof InterruptedException) {
            Thread t = Thread.currentThread();
            if (t.getState() == Thread.State.NEW) {
                Thread.interrupted();
            }
        }
    }
}
