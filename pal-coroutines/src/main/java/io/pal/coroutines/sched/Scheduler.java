package io.pal.coroutines.sched;

import java.time.Duration;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * A work-stealing scheduler: a fixed set of {@link Carrier}s, each with a local run queue and a
 * runnext slot, plus a global injection queue. Build one with {@link #start}, pass it to whoever
 * schedules on it, and {@link #shutdown} it when done; nothing here is static, so a test can run
 * its own scheduler beside the backend's default one. The protocols are in the package essay.
 */
public final class Scheduler {

    /** Default capacity of each carrier's local run queue. */
    public static final int QUEUE_CAPACITY = 256;
    /** Most tasks a carrier moves from the global queue to its own in one go. */
    private static final int GLOBAL_BATCH = 32;

    /** Lifecycle. Moves forward only. */
    private enum RunState { RUNNING, SHUTDOWN, TERMINATED }

    /** Prefix of the carriers' names. Immutable. */
    private final String name;
    /** The carriers; the array is immutable once started. */
    private final Carrier[] carriers;
    /** Work from non-carrier threads, yielded tasks and local overflow. Any thread; lock-free. */
    private final ConcurrentLinkedQueue<Task> global = new ConcurrentLinkedQueue<>();
    /** Searching and sleeping carriers. */
    private final Idle idle;
    /** Where the lifecycle is; written under {@code this}' monitor, read racily. */
    private volatile RunState runState = RunState.RUNNING;
    /** Carriers that have not exited yet. */
    private final AtomicInteger live;

    private Scheduler(String name, int carriers, int queueCapacity) {
        if (carriers < 1) {
            throw new IllegalArgumentException("carriers must be >= 1: " + carriers);
        }
        this.name = name;
        this.carriers = new Carrier[carriers];
        this.idle = new Idle(carriers);
        this.live = new AtomicInteger(carriers);
        for (int i = 0; i < carriers; i++) {
            this.carriers[i] = new Carrier(this, i, queueCapacity);
        }
    }

    /** Creates and starts a scheduler with {@code carriers} daemon carrier threads named {@code name-carrier-N}. */
    public static Scheduler start(String name, int carriers) {
        return start(name, carriers, QUEUE_CAPACITY);
    }

    /** As {@link #start(String, int)} with a given local queue capacity (a power of two; tests shrink it to explore wrap-around). */
    public static Scheduler start(String name, int carriers, int queueCapacity) {
        Scheduler s = new Scheduler(name, carriers, queueCapacity);
        for (Carrier c : s.carriers) {
            c.start();
        }
        return s;
    }

    public String name() {
        return name;
    }

    public int carrierCount() {
        return carriers.length;
    }

    // ---------------------------------------------------------------- making tasks runnable

    /**
     * Schedules a new task: at the tail of the caller's local queue if the caller is one of this
     * scheduler's carriers, else on the global queue. Never blocks.
     *
     * @throws RejectedExecutionException after {@link #shutdown}
     */
    public void submit(Task t) {
        if (runState != RunState.RUNNING) {
            throw new RejectedExecutionException("scheduler " + name + " is shut down");
        }
        Carrier c = Carrier.currentOf(this);
        if (c != null) {
            c.pushLocal(t);
        } else {
            global.offer(t);
        }
        idle.notifyOne();
    }

    /**
     * Schedules a task that was just woken: into the caller's runnext slot if the caller is the
     * carrier the task is bound to (it runs next, on a warm cache); into the inbox of the carrier it
     * is bound to otherwise (waking that carrier if it sleeps); on the global queue if it is bound to
     * none. Never blocks. After shutdown the task is still queued (so no wakeup is dropped silently
     * while carriers drain), but nothing guarantees it runs.
     */
    public void wake(Task t) {
        Carrier c = Carrier.currentOf(this);
        Carrier home = t.home();
        if (c != null && (home == null || home == c)) {
            if (c.pushRunnext(t)) {
                idle.notifyOne(); // something was displaced into the stealable queue
            }
        } else if (home != null) {
            forward(t, home);
        } else {
            global.offer(t);
            idle.notifyOne();
        }
    }

    /** Schedules a task that yielded (on its own carrier): behind the carrier's local work, in its inbox. */
    public void requeue(Task t) {
        Carrier home = t.home();
        if (home != null) {
            forward(t, home);
        } else {
            global.offer(t);
            idle.notifyOne();
        }
    }

    /** Hands a task to the carrier it is bound to and makes sure that carrier is awake. */
    void forward(Task t, Carrier home) {
        home.offerInbox(t);
        idle.wake(home);
    }

    /**
     * The calling carrier is about to block its thread (a pinned park or sleep): if it holds work
     * others could run, make sure a carrier comes for it. A no-op on any other thread.
     */
    public void beforeBlocking() {
        Carrier c = Carrier.currentOf(this);
        if (c != null && c.hasQueuedWork()) { // new tasks others may steal; bound ones must wait for this carrier
            idle.notifyOne();
        }
    }

    // ---------------------------------------------------------------- for carriers

    Idle idle() {
        return idle;
    }

    Carrier[] carriers() {
        return carriers;
    }

    Task pollGlobal() {
        return global.poll();
    }

    /** Takes one task from the global queue to run and moves up to a batch more into {@code c}'s local queue. */
    Task pollGlobalBatch(Carrier c) {
        Task first = global.poll();
        if (first == null) {
            return null;
        }
        int room = Math.min(GLOBAL_BATCH, c.queue.capacity() / 2 - c.queue.size());
        for (int i = 0; i < room; i++) {
            Task t = global.poll();
            if (t == null) {
                break;
            }
            c.queue.push(t); // cannot fail: room was computed from the owner's own view
        }
        return first;
    }

    void injectAll(Task[] tasks) {
        for (Task t : tasks) {
            global.offer(t);
        }
    }

    /** Whether any queue holds work (a racy scan, used as the last look before sleeping). */
    boolean anyWork() {
        if (!global.isEmpty()) {
            return true;
        }
        for (Carrier c : carriers) {
            if (c.hasQueuedWork()) {
                return true;
            }
        }
        return false;
    }

    // ---------------------------------------------------------------- lifecycle

    /**
     * Starts an orderly shutdown (protocol "shutdown" in the package essay): new submissions are
     * rejected, carriers run what is already runnable, then exit once no work is left. Strands that
     * are parked and never woken are abandoned with their carriers. Idempotent; returns at once.
     */
    public void shutdown() {
        synchronized (this) {
            if (runState != RunState.RUNNING) {
                return;
            }
            runState = RunState.SHUTDOWN;
        }
        idle.notifyAllForShutdown();
    }

    public boolean isShutdown() {
        return runState != RunState.RUNNING;
    }

    public boolean isTerminated() {
        return runState == RunState.TERMINATED;
    }

    /** Waits until every carrier has exited after {@link #shutdown}; returns whether they have. */
    public boolean awaitTermination(Duration timeout) throws InterruptedException {
        long deadline = System.nanoTime() + timeout.toNanos();
        for (Carrier c : carriers) {
            long left = deadline - System.nanoTime();
            if (left <= 0 || !c.join(Duration.ofNanos(left))) {
                return false;
            }
        }
        return true;
    }

    void carrierExited(Carrier c) {
        if (live.decrementAndGet() == 0) {
            synchronized (this) {
                runState = RunState.TERMINATED;
            }
        }
    }

    // ---------------------------------------------------------------- diagnostics

    /** Sum of one counter over all carriers (racy). */
    public long total(Carrier.Stat stat) {
        long n = 0;
        for (Carrier c : carriers) {
            n += c.stat(stat);
        }
        return n;
    }

    /** Tasks in the global queue (O(n): diagnostics only). */
    public int globalQueueSize() {
        return global.size();
    }

    /** A one-line summary: carriers, searching and sleeping ones, queue lengths, counters. */
    @Override
    public String toString() {
        StringBuilder sb = new StringBuilder("Scheduler[").append(name).append(' ').append(runState)
                .append(" carriers=").append(carriers.length)
                .append(" searching=").append(idle.searching())
                .append(" sleeping=").append(idle.sleeping())
                .append(" local=[");
        for (int i = 0; i < carriers.length; i++) {
            sb.append(i == 0 ? "" : ",").append(carriers[i].queue.size());
        }
        sb.append("]");
        for (Carrier.Stat s : Carrier.Stat.values()) {
            sb.append(' ').append(s.name().toLowerCase(java.util.Locale.ROOT)).append('=').append(total(s));
        }
        return sb.append(']').toString();
    }

    /** For tests: whether a carrier thread of this scheduler is the caller. */
    public boolean isCarrierThread() {
        return Carrier.currentOf(this) != null;
    }

    // ---------------------------------------------------------------- bound tasks (groups, coroutine hosts)

    /** The carrier at {@code index}, 0 <= index < {@link #carrierCount()}: a home to bind tasks to. */
    public Carrier carrier(int index) {
        return carriers[index];
    }

    /**
     * Schedules a new task that is bound from the start ({@code t.home()} is not null): into its
     * home's inbox, waking that carrier if it sleeps. Never blocks.
     *
     * @throws RejectedExecutionException after {@link #shutdown}
     */
    public void submitBound(Task t) {
        Carrier home = t.home();
        assert home != null && home.scheduler() == this : "not bound to a carrier of " + name + ": " + t;
        if (runState != RunState.RUNNING) {
            throw new RejectedExecutionException("scheduler " + name + " is shut down");
        }
        forward(t, home);
    }

}
