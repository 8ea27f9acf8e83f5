package io.pal.shim.jdk;

import net.bytebuddy.asm.Advice;

import java.util.concurrent.Executor;
import java.util.concurrent.ForkJoinPool;
import java.util.concurrent.Future;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;

/**
 * Advice on the private {@code java.lang.VirtualThread.schedule(Runnable, long, TimeUnit)}, through
 * which a virtual thread arms the timer of a timed park, a sleep or a timed {@code Object.wait}.
 * The JDK sends it to the ForkJoinPool's own {@code schedule} for the default scheduler and to a
 * real-time {@code DelayedTaskSchedulers} thread for any other. When the thread's scheduler is a
 * {@link ScheduledExecutorService} that is not a ForkJoinPool, this advice hands the timer to the
 * scheduler's own {@code schedule} instead, so that a runtime that builds virtual threads on a
 * scheduler of its own also owns their timers (its own clock, its own timer queue, one driver).
 *
 * <p>Inlined into java.lang.VirtualThread, so it names only java.base types and needs no bridge.
 * Applied whatever the backend: a virtual thread whose scheduler is not such a service (every one
 * pal does not build) takes the JDK's path unchanged.
 */
final class VirtualThreadTimerAdvice {

    private VirtualThreadTimerAdvice() {
    }

    /** The scheduler's own timer, or null for the JDK's body. */
    @Advice.OnMethodEnter(skipOn = Advice.OnNonDefaultValue.class)
    static Future<?> enter(@Advice.FieldValue("scheduler") Executor scheduler, @Advice.Argument(0) Runnable command,
                           @Advice.Argument(1) long delay, @Advice.Argument(2) TimeUnit unit) {
        if (scheduler instanceof ScheduledExecutorService service && !(scheduler instanceof ForkJoinPool)) {
            return service.schedule(command, delay, unit);
        }
        return null;
    }

    /** Returns the scheduler's future when the JDK's body was skipped. */
    @Advice.OnMethodExit
    static void exit(@Advice.Enter Future<?> scheduled, @Advice.Return(readOnly = false) Future<?> result) {
        if (scheduled != null) {
            result = scheduled;
        }
    }
}
