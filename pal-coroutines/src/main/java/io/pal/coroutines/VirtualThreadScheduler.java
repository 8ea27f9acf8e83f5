package io.pal.coroutines;

import io.pal.coroutines.sched.Scheduler;
import io.pal.coroutines.timer.Timer;

import java.util.List;
import java.util.concurrent.AbstractExecutorService;
import java.util.concurrent.Callable;
import java.util.concurrent.Delayed;
import java.util.concurrent.Executor;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;

/**
 * What a {@link VirtualStrand}'s virtual thread is given as its scheduler: where its continuation
 * goes whenever it becomes runnable ({@link #execute}: pal's scheduler, or a group's carrier), and
 * where the timer of its timed park, sleep or timed {@code Object.wait} goes ({@link #schedule}:
 * the timers of pal's {@link Scheduler}, which its carriers expire, so no timer thread runs beside them; shim-jdk's
 * {@code VirtualThreadTimerAdvice} hands {@code VirtualThread.schedule} here because this is a
 * {@link ScheduledExecutorService}).
 *
 * <p>Only the JDK's VirtualThread calls it, and only {@code execute} and
 * {@code schedule(Runnable, long, TimeUnit)}, whose future it only cancels. The rest of the
 * interface is refused: this is a port, not an executor service for programs.
 */
final class VirtualThreadScheduler extends AbstractExecutorService implements ScheduledExecutorService {

    /** The backend whose strands' threads this schedules (a strand's backend, without a field of its own). Immutable. */
    private final CoroutineBackend backend;
    /** Runs continuations. Immutable. */
    private final Executor runs;
    /** Holds timers. Immutable. */
    private final Scheduler timers;
    /** The group whose members' threads this schedules, or null for unbound strands. Immutable. */
    private final CarrierGroup group;

    VirtualThreadScheduler(CoroutineBackend backend, Executor runs, Scheduler timers, CarrierGroup group) {
        this.backend = backend;
        this.runs = runs;
        this.timers = timers;
        this.group = group;
    }

    /** The backend whose strands' threads this schedules. */
    CoroutineBackend backend() {
        return backend;
    }

    /** The group whose members' threads this schedules, or null: how a strand knows its group without a field of its own. */
    CarrierGroup group() {
        return group;
    }

    @Override
    public void execute(Runnable continuation) {
        runs.execute(continuation);
    }

    /** A virtual thread's timeout: {@code command} runs on a carrier (or the watchdog) once {@code delay} has passed. */
    @Override
    public ScheduledFuture<?> schedule(Runnable command, long delay, TimeUnit unit) {
        long nanos = Math.min(unit.toNanos(delay), CoroutineStrand.FOREVER_NANOS); // deadlines never overflow
        Timeout t = new Timeout(timers, command, System.nanoTime() + nanos);
        timers.arm(t);
        return t;
    }

    /** A timer that is its own future: cancel takes it out of the heap. */
    private static final class Timeout extends Timer implements ScheduledFuture<Object> {
        /** Where it is armed. Immutable. */
        private final Scheduler timers;
        /** What the JDK asked to run. Immutable. */
        private final Runnable command;

        Timeout(Scheduler timers, Runnable command, long deadline) {
            super(deadline);
            this.timers = timers;
            this.command = command;
        }

        @Override
        protected void expire() {
            command.run();
        }

        @Override
        public boolean cancel(boolean mayInterruptIfRunning) {
            timers.cancel(this);
            return true;
        }

        @Override
        public long getDelay(TimeUnit unit) {
            return unit.convert(deadline() - System.nanoTime(), TimeUnit.NANOSECONDS);
        }

        @Override
        public int compareTo(Delayed o) {
            return Long.compare(getDelay(TimeUnit.NANOSECONDS), o.getDelay(TimeUnit.NANOSECONDS));
        }

        @Override
        public boolean isCancelled() {
            throw refused("isCancelled");
        }

        @Override
        public boolean isDone() {
            throw refused("isDone");
        }

        @Override
        public Object get() {
            throw refused("get");
        }

        @Override
        public Object get(long timeout, TimeUnit unit) {
            throw refused("get");
        }
    }

    private static UnsupportedOperationException refused(String what) {
        return new UnsupportedOperationException(what + ": a virtual thread's scheduler port serves only the JDK's execute and schedule");
    }

    @Override
    public <V> ScheduledFuture<V> schedule(Callable<V> callable, long delay, TimeUnit unit) {
        throw refused("schedule(Callable)");
    }

    @Override
    public ScheduledFuture<?> scheduleAtFixedRate(Runnable command, long initialDelay, long period, TimeUnit unit) {
        throw refused("scheduleAtFixedRate");
    }

    @Override
    public ScheduledFuture<?> scheduleWithFixedDelay(Runnable command, long initialDelay, long delay, TimeUnit unit) {
        throw refused("scheduleWithFixedDelay");
    }

    @Override
    public void shutdown() {
        throw refused("shutdown");
    }

    @Override
    public List<Runnable> shutdownNow() {
        throw refused("shutdownNow");
    }

    @Override
    public boolean isShutdown() {
        return false;
    }

    @Override
    public boolean isTerminated() {
        return false;
    }

    @Override
    public boolean awaitTermination(long timeout, TimeUnit unit) {
        throw refused("awaitTermination");
    }
}
