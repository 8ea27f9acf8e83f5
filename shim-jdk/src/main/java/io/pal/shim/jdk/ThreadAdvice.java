package io.pal.shim.jdk;

import io.pal.shim.jdk.bridge.PalBridge;
import net.bytebuddy.asm.Advice;

/**
 * Advice on {@code java.lang.Thread} for {@code pal.threadsAsStrands} ({@link ThreadsAsStrands}):
 * {@code start()} may start a strand instead, and {@code isAlive()}, {@code join(long)},
 * {@code interrupt()} and {@code getState()} answer for a Thread that runs as one. Applied whatever
 * the property says (the rewritten classes are cached, ADR 0011); the bridge's handles are set only
 * when it is true, so otherwise each entry point is a null check. Inlined into java.base: names
 * only JDK types and the bridge.
 */
final class ThreadAdvice {

    private ThreadAdvice() {
    }

    /** {@code start()}: skipped when pal started a strand for this thread. */
    static final class Start {
        @Advice.OnMethodEnter(skipOn = Advice.OnNonDefaultValue.class)
        static boolean enter(@Advice.This Thread self) throws Throwable {
            return PalBridge.startThread(self);
        }
    }

    /**
     * {@code start(ThreadContainer)}, the JDK's own start for the threads its executors make
     * ({@code ThreadPoolExecutor}, and so {@code Executors}' pools, start their workers through a
     * {@code SharedThreadContainer}, which only lists them for thread dumps): as {@link Start} for
     * that container; a thread started into any other container (a structured scope's, a
     * thread-per-task executor's, which wait for their threads through it) stays a platform thread.
     */
    static final class StartInContainer {
        @Advice.OnMethodEnter(skipOn = Advice.OnNonDefaultValue.class)
        static boolean enter(@Advice.This Thread self, @Advice.Argument(0) Object container) throws Throwable {
            return container != null && container.getClass().getName().equals("jdk.internal.vm.SharedThreadContainer")
                    && PalBridge.startThread(self);
        }
    }

    /** {@code isAlive()}: a thread running as a strand has no native thread, yet is alive. */
    static final class IsAlive {
        @Advice.OnMethodExit
        static void exit(@Advice.This Thread self, @Advice.Return(readOnly = false) boolean alive) throws Throwable {
            if (!alive) {
                alive = PalBridge.isAlive(self);
            }
        }
    }

    /** {@code join(long millis)}, which every join overload reaches: pal waits for a strand; bad arguments are the JDK's. */
    static final class Join {
        @Advice.OnMethodEnter(skipOn = Advice.OnNonDefaultValue.class)
        static boolean enter(@Advice.This Thread self, @Advice.Argument(0) long millis) throws Throwable {
            return millis >= 0 && PalBridge.join(self, millis);
        }
    }

    /** {@code interrupt()}, after the JDK set the status: wakes the strand the thread runs as. */
    static final class Interrupt {
        @Advice.OnMethodExit
        static void exit(@Advice.This Thread self) throws Throwable {
            PalBridge.interrupted(self);
        }
    }

    /** {@code getState()}: for a thread running as a strand, what its strand is doing instead of RUNNABLE. */
    static final class GetState {
        @Advice.OnMethodExit
        static void exit(@Advice.This Thread self, @Advice.Return(readOnly = false) Thread.State state) throws Throwable {
            if (state == Thread.State.RUNNABLE) {
                Thread.State s = PalBridge.threadState(self);
                if (s != null) {
                    state = s;
                }
            }
        }
    }

    /**
     * {@code Object.wait(long)} threw InterruptedException in a Thread running as a strand: the JVM
     * cleared the carrier's flag (the mirror), so clear the thread's own status too, as
     * {@link WaitAdvice} does for a strand's own identity.
     */
    static final class WaitInterrupted {
        @Advice.OnMethodExit(onThrowable = InterruptedException.class)
        static void exit(@Advice.Thrown Throwable thrown) throws Throwable {
            if (thrown instanceof InterruptedException && PalBridge.isAlive(Thread.currentThread())) {
                Thread.interrupted();
            }
        }
    }
}
