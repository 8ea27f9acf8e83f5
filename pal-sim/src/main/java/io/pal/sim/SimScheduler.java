package io.pal.sim;

import java.util.ArrayList;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Map;
import java.util.PriorityQueue;
import java.util.concurrent.AbstractExecutorService;
import java.util.concurrent.Callable;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;

/**
 * The executor a run's virtual threads are built on, and its clock: what can run now (the runnable
 * set) and what will be able to run later (the timers). It decides nothing: {@link SimCarrier}
 * takes from it, in the order the run's {@link Picker} chooses.
 *
 * <p>{@code execute} is the JDK's hand-over of a virtual thread that can run (started, unparked,
 * unblocked); {@code schedule} is its timer for a timed park, sleep or wait (pal's shim sends
 * {@code VirtualThread.schedule} here). Both come from the carrier itself, except a start or an
 * unpark from a thread outside the run and the JDK's unblocker thread, so the sets are guarded
 * by this object's monitor, which the carrier also waits on.
 */
final class SimScheduler extends AbstractExecutorService implements ScheduledExecutorService {

    /** A task that can run, with the thread it continues (null for a task of unknown origin). */
    record Task(Runnable task, SimThread thread) {
        /** By thread number; tasks of no known thread last, in arrival order (the sort is stable). */
        static final java.util.Comparator<Task> ORDER = java.util.Comparator.comparingInt(
                t -> t.thread() == null ? Integer.MAX_VALUE : t.thread().number);
    }

    /**
     * The end of virtual time, about 146 years: a timer due then or later never fires, and the clock
     * never gets there, so {@code System.nanoTime()} (one second plus the clock) cannot overflow.
     * The JDK turns a sleep or park of {@code Long.MAX_VALUE} into repeated timed waits, each armed
     * from the clock of the last; adding them up used to overflow the clock.
     */
    static final long NEVER = Long.MAX_VALUE / 2;

    /** The run it schedules. Immutable. */
    private final SimRun run;
    /** The tasks that can run now, in the order they arrived. Guarded by this. */
    private final List<Task> runnable = new ArrayList<>();
    /** Timers not yet fired, earliest first (cancelled ones are dropped when they reach the head). Guarded by this. */
    private final PriorityQueue<Timer> timers = new PriorityQueue<>();
    /** The run's threads by the task their virtual thread hands over. Guarded by this. */
    private final Map<Runnable, SimThread> byContinuation = new IdentityHashMap<>();
    /** Numbers timers in the order they are armed. Guarded by this. */
    private long armed;
    /** Virtual nanoseconds since the run began. Written by the carrier only (under this), read by anyone. */
    private volatile long elapsed;
    /** Set when the run has ended: later submissions are dropped. Guarded by this. */
    private boolean closed;

    SimScheduler(SimRun run) {
        this.run = run;
    }

    SimRun run() {
        return run;
    }

    /** Registers a thread before it starts, so that its hand-overs are known as its own. */
    synchronized void register(SimThread t) {
        byContinuation.put(t.continuation, t);
    }

    @Override
    public synchronized void execute(Runnable task) {
        if (closed) {
            return; // the run is over: its remaining threads never run again
        }
        runnable.add(new Task(task, byContinuation.get(task)));
        notifyAll();
    }

    @Override
    public synchronized ScheduledFuture<?> schedule(Runnable command, long delay, TimeUnit unit) {
        long nanos = Math.max(0, unit.toNanos(delay));
        if (nanos >= NEVER - elapsed) {
            // past the end of virtual time: a wait that never times out, so it is not armed (a run
            // whose strands wait only for such timers is deadlocked, as it would wait for ever)
            return new Timer(NEVER, armed++, command, this);
        }
        Timer t = new Timer(elapsed + nanos, armed++, command, this);
        timers.add(t);
        return t;
    }

    long elapsedNanos() {
        return elapsed;
    }

    /** The carrier: the runnable tasks, to pick from. Caller holds this. */
    List<Task> runnable() {
        assert Thread.holdsLock(this);
        return runnable;
    }

    /** The carrier: whether {@code t}'s hand-over is already in the runnable set. Caller holds this. */
    boolean queued(SimThread t) {
        for (Task task : runnable) {
            if (task.thread() == t) {
                return true;
            }
        }
        return false;
    }

    /**
     * The carrier, when nothing can run: moves the clock to the earliest timer that is not
     * cancelled and fires every timer due by then, in order. False if there was none. Caller holds this.
     */
    boolean advance() {
        assert Thread.holdsLock(this);
        dropCancelled();
        Timer first = timers.peek();
        if (first == null) {
            return false;
        }
        elapsed = Math.max(elapsed, first.due);
        while (!timers.isEmpty() && timers.peek().due <= elapsed) {
            Timer t = timers.poll();
            if (!t.isCancelled0()) {
                t.fire();
            }
        }
        return true;
    }

    private void dropCancelled() {
        while (!timers.isEmpty() && timers.peek().isCancelled0()) {
            timers.poll();
        }
    }

    /** The carrier, at the end: nothing runs or fires after this. */
    synchronized void end() {
        closed = true;
        runnable.clear();
        timers.clear();
    }

    // ---------------------------------------------------------------- the rest of ScheduledExecutorService

    @Override
    public <V> ScheduledFuture<V> schedule(Callable<V> callable, long delay, TimeUnit unit) {
        throw new UnsupportedOperationException("a simulation scheduler arms only the timers of its virtual threads");
    }

    @Override
    public ScheduledFuture<?> scheduleAtFixedRate(Runnable command, long initialDelay, long period, TimeUnit unit) {
        throw new UnsupportedOperationException("a simulation scheduler arms only the timers of its virtual threads");
    }

    @Override
    public ScheduledFuture<?> scheduleWithFixedDelay(Runnable command, long initialDelay, long delay, TimeUnit unit) {
        throw new UnsupportedOperationException("a simulation scheduler arms only the timers of its virtual threads");
    }

    @Override
    public void shutdown() {
        end();
    }

    @Override
    public List<Runnable> shutdownNow() {
        end();
        return List.of();
    }

    @Override
    public synchronized boolean isShutdown() {
        return closed;
    }

    @Override
    public boolean isTerminated() {
        return isShutdown();
    }

    @Override
    public boolean awaitTermination(long timeout, TimeUnit unit) {
        return isShutdown();
    }
}
