package io.pal.coroutines.sched;

import io.pal.coroutines.timer.Timer;
import io.pal.coroutines.timer.Timers;

import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;
import java.time.Duration;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.Executor;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * A work-stealing scheduler: a fixed set of {@link Carrier}s, each with a local run queue and a
 * runnext slot, plus a global injection queue. Build one with {@link #start}, pass it to whoever
 * schedules on it, and {@link #shutdown} it when done; nothing here is static, so a test can run
 * its own scheduler beside the backend's default one. The protocols are in the package essay.
 */
public final class Scheduler implements Executor {

    /** Default capacity of each carrier's local run queue. */
    public static final int QUEUE_CAPACITY = 256;
    /** Most tasks a carrier moves from the global queue to its own in one go. */
    private static final int GLOBAL_BATCH = 32;
    /** A spare carrier that has slept this long with nothing to do exits (the JDK's carrier pool keeps them 30 s). */
    static final long KEEP_ALIVE_NANOS = 10_000_000_000L;

    /** Timers the watchdog leaves to the carriers until they are this overdue: a carrier busy computing looks at them every 61st tick only. */
    static final long OVERDUE_NANOS = 2_000_000;

    private static final VarHandle DRIVER;

    static {
        try {
            DRIVER = MethodHandles.lookup().findVarHandle(Scheduler.class, "driver", Carrier.class);
        } catch (ReflectiveOperationException e) {
            throw new ExceptionInInitializerError(e);
        }
    }

    /** Lifecycle. Moves forward only. */
    private enum RunState { RUNNING, SHUTDOWN, TERMINATED }

    /** Prefix of the carriers' names. Immutable. */
    private final String name;
    /**
     * The carriers: the first {@code carriers} from the start, spares appended by the watchdog.
     * Copy-on-write under {@code this}' monitor; an array once published never changes.
     */
    private volatile Carrier[] carriers;
    /** The most carriers there may be, spares included ({@code pal.maxCarriers}). Immutable. */
    private final int maxCarriers;
    /**
     * How many carriers run tasks at once, when none blocks: the carriers there are from the start
     * ({@code pal.carriers}), which never exit before shutdown. Spares stand in for blocked ones
     * and sleep (then exit) once more than this many are active again. Immutable.
     */
    private final int parallelism;
    /**
     * Carriers whose thread is blocked inside a task: a strand's blocking section
     * ({@link #blockingBegins}) or a carrier the watchdog saw waiting in the JVM. They do not count
     * toward {@link #parallelism}.
     */
    private final AtomicInteger blocked = new AtomicInteger();
    /** How long a spare sleeps with nothing to do before it exits ({@link #KEEP_ALIVE_NANOS}; tests shorten it). Immutable. */
    private final long keepAliveNanos;
    /** Names the next spare (carriers are numbered in the order they were made, never reused). */
    private final AtomicInteger nextIndex;
    /** The watchdog, or null for a scheduler started without one. Immutable. */
    private final Watchdog watchdog;
    /** Queue capacity of each carrier, spares included. Immutable. */
    private final int queueCapacity;
    /** Work from non-carrier threads, yielded tasks and local overflow. Any thread; lock-free. */
    private final ConcurrentLinkedQueue<Runnable> global = new ConcurrentLinkedQueue<>();
    /**
     * Started tasks woken by threads that are not carriers (the poller, timers, plain threads) and
     * the work the watchdog moved off stuck carriers: taken before {@link #global}, so that a strand
     * whose socket became ready is not queued behind a flood of new strands, each of which may
     * block a carrier (a pool whose borrowers all wait in Object.wait for the strands that connect).
     * Every {@link Carrier#GLOBAL_TICK} ticks the global queue goes first instead, so neither starves.
     */
    private final ConcurrentLinkedQueue<Runnable> readied = new ConcurrentLinkedQueue<>();
    /** Searching and sleeping carriers. */
    private final Idle idle;
    /** Where the lifecycle is; written under {@code this}' monitor, read racily. */
    private volatile RunState runState = RunState.RUNNING;
    /** Carriers that have not exited yet. */
    private final AtomicInteger live;
    /** What idle carriers poll before and instead of sleeping (the network), or null. Set once. */
    private volatile IdlePoller idlePoller;
    /** Sleep, timed park and every timeout of the tasks run here; expired by the carriers (protocol "drive"). */
    private final Timers timers = new Timers();
    /** The carrier that drives (protocol "drive"): asleep, waiting for the earliest timer and the network. CAS; null if none. */
    @SuppressWarnings("unused") // accessed through DRIVER
    private volatile Carrier driver;

    private Scheduler(String name, int carriers, int maxCarriers, int queueCapacity, Watchdog.Listener listener,
                      long keepAliveNanos) {
        if (carriers < 1 || maxCarriers < carriers) {
            throw new IllegalArgumentException("expected 1 <= carriers <= maxCarriers: " + carriers + ", " + maxCarriers);
        }
        this.name = name;
        this.maxCarriers = maxCarriers;
        this.parallelism = carriers;
        this.keepAliveNanos = keepAliveNanos;
        this.nextIndex = new AtomicInteger(carriers);
        this.queueCapacity = queueCapacity;
        Carrier[] cs = new Carrier[carriers];
        this.idle = new Idle(carriers);
        this.live = new AtomicInteger(carriers);
        for (int i = 0; i < carriers; i++) {
            cs[i] = new Carrier(this, i, queueCapacity, false);
        }
        this.carriers = cs;
        this.watchdog = listener == null ? null : new Watchdog(this, listener);
    }

    /** Creates and starts a scheduler with {@code carriers} daemon carrier threads named {@code name-carrier-N}, no watchdog and no spares. */
    public static Scheduler start(String name, int carriers) {
        return start(name, carriers, QUEUE_CAPACITY);
    }

    /** As {@link #start(String, int)} with a given local queue capacity (a power of two; tests shrink it to explore wrap-around). */
    public static Scheduler start(String name, int carriers, int queueCapacity) {
        return start(name, carriers, carriers, queueCapacity, null, KEEP_ALIVE_NANOS);
    }

    /**
     * Creates and starts a scheduler with {@code carriers} carriers and a watchdog ({@code name-watchdog})
     * that may add spare carriers, up to {@code maxCarriers} in all, when carriers are stuck; the
     * watchdog reports to {@code listener}. A null listener means no watchdog (and so no spares).
     */
    public static Scheduler start(String name, int carriers, int maxCarriers, int queueCapacity, Watchdog.Listener listener) {
        return start(name, carriers, maxCarriers, queueCapacity, listener, KEEP_ALIVE_NANOS);
    }

    /** As above, with spares that exit after {@code keepAliveNanos} asleep (tests shorten it). */
    static Scheduler start(String name, int carriers, int maxCarriers, int queueCapacity, Watchdog.Listener listener,
                           long keepAliveNanos) {
        Scheduler s = new Scheduler(name, carriers, maxCarriers, queueCapacity, listener, keepAliveNanos);
        for (Carrier c : s.carriers) {
            c.start();
        }
        if (s.watchdog != null) {
            s.watchdog.start();
        }
        return s;
    }

    public String name() {
        return name;
    }

    long keepAliveNanos() {
        return keepAliveNanos;
    }

    /** Carriers now, spares included. */
    public int carrierCount() {
        return carriers.length;
    }

    /** The carriers now, spares included: a snapshot (spares come and go). */
    public java.util.List<Carrier> carrierList() {
        return java.util.List.of(carriers);
    }

    /** How many carriers run tasks at once when none is blocked ({@code pal.carriers}); the first this many never exit. */
    public int parallelism() {
        return parallelism;
    }

    /** The most carriers this scheduler may run. */
    public int maxCarriers() {
        return maxCarriers;
    }

    // ---------------------------------------------------------------- making tasks runnable

    /**
     * A virtual thread's continuation became runnable (protocol "virtual threads" in the package
     * essay): the thread was started, unparked, unblocked, or it yielded. The JDK calls this with
     * the thread's {@code runContinuation}, pinned (it cannot unmount meanwhile). Where it goes:
     * <ul>
     *   <li>from a strand running on one of these carriers (it woke or started another): the
     *       carrier's runnext slot, as {@link #wake} (a hand-off stays a local switch);</li>
     *   <li>from the carrier's own code, after an unmount (a {@code Thread.yield}, or a park that an
     *       unpark overtook): the tail of the carrier's local queue, behind its other work;</li>
     *   <li>from any other thread: the readied queue, and a carrier comes for it.</li>
     * </ul>
     * Never blocks. After shutdown the task is still queued, as for {@link #wake}.
     */
    @Override
    public void execute(Runnable continuation) {
        Carrier c = Carrier.currentOf(this);
        if (c == null) {
            readied.offer(continuation);
            signalWork();
        } else if (Thread.currentThread() == c) {
            c.pushLocal(continuation);
            signalWork();
        } else if (c.pushRunnext(continuation)) {
            signalWork(); // something was displaced into the stealable queue
        }
    }

    /**
     * Schedules a new task: at the tail of the caller's local queue if the caller is one of this
     * scheduler's carriers, else on the global queue. Never blocks.
     *
     * @throws RejectedExecutionException after {@link #shutdown}
     */
    public void submit(Runnable t) {
        if (runState != RunState.RUNNING) {
            throw new RejectedExecutionException("scheduler " + name + " is shut down");
        }
        Carrier c = Carrier.currentOf(this);
        if (c != null) {
            c.pushLocal(t);
        } else {
            global.offer(t);
        }
        signalWork();
    }

    /**
     * Schedules a task that was just woken: into the caller's runnext slot if the caller is a
     * carrier that may run it (it runs next, on a warm cache: a hand-off between two strands of one
     * carrier stays a local switch); into the inbox of the carrier it is bound to (a group member's)
     * otherwise, waking that carrier if it sleeps; else on the readied queue. Never blocks. After shutdown the task is still queued (so no wakeup is dropped silently
     * while carriers drain), but nothing guarantees it runs.
     */
    public void wake(Runnable t) {
        Carrier c = Carrier.currentOf(this);
        Carrier home = Task.homeOf(t);
        if (c != null && (home == null || home == c)) {
            if (c.pushRunnext(t)) {
                signalWork(); // something was displaced into the stealable queue
            }
        } else if (home != null) {
            forward(t, home);
        } else {
            readied.offer(t);
            signalWork();
        }
    }

    /** Schedules a task that yielded (on its own carrier): behind the carrier's local work, in its inbox. */
    public void requeue(Runnable t) {
        Carrier home = Task.homeOf(t);
        if (home != null) {
            forward(t, home);
        } else {
            global.offer(t);
            signalWork();
        }
    }

    /** The carrier the caller runs on (whatever thread is mounted), if it is one of this scheduler's; else null. */
    public Carrier currentCarrier() {
        return Carrier.currentOf(this);
    }

    /** An executor that runs everything it is given on {@code home} only (a group's carrier): its inbox, which nobody steals from. */
    public Executor boundTo(Carrier home) {
        assert home.scheduler() == this;
        return task -> forward(task, home);
    }

    /** Hands a task to the carrier it is bound to and makes sure that carrier is awake. */
    void forward(Runnable t, Carrier home) {
        home.offerInbox(t);
        idle.wake(home);
    }

    /**
     * The task running on carrier {@code c} (the caller) is about to block the thread in a call
     * that cannot unmount ({@code why}: a pinned park, {@code Object.wait}, file I/O, a process
     * wait; protocol "blocking" in the package essay). Sections nest; the outermost returns true,
     * and then the carrier stops counting toward the parallelism, its runnext and run queue go
     * where other carriers take them, and if work is waiting a carrier comes for it at once: a
     * searcher, a sleeper, or a new spare when fewer than {@code pal.carriers} are active. Pair
     * each with {@link #blockingEnds}.
     */
    public boolean blockingBegins(Carrier c, Object why) {
        assert Carrier.currentOf(this) == c;
        if (!c.enterBlocking(why)) {
            return false;
        }
        blocked.incrementAndGet();
        moveQueued(c);
        if (!readied.isEmpty() || !global.isEmpty()) {
            comeForWork(true);
        }
        return true;
    }

    /**
     * Ends the innermost blocking section on {@code c} (the caller). When the outermost ends, the
     * carrier counts toward the parallelism again (if that makes one too many, the first carrier
     * to look for work then sleeps: {@link #surplus}) and what it began with is returned; else null.
     */
    public Object blockingEnds(Carrier c) {
        assert Carrier.currentOf(this) == c;
        Object why = c.exitBlocking();
        if (why != null) {
            blocked.decrementAndGet();
        }
        return why;
    }

    /** Carriers that run or look for tasks now: neither asleep nor blocked (racy). */
    int active() {
        return live.get() - idle.sleeperCount() - blocked.get();
    }

    /** Whether more carriers are active than the parallelism (a blocked one came back while a spare stood in). Racy. */
    boolean surplus() {
        return carriers.length > parallelism && active() > parallelism;
    }

    /** {@link #surplus()} with an exact count of sleepers (Idle's, under its lock). */
    boolean surplus(int sleepers) {
        return live.get() - sleepers - blocked.get() > parallelism;
    }

    /**
     * Moves what waits on {@code c} (its runnext to the readied queue, its run queue to the global one)
     * where any carrier takes it. Returns whether there was anything.
     */
    private boolean moveQueued(Carrier c) {
        Runnable next = c.takeRunnext(); // just woken: ahead of new work
        if (next != null) {
            readied.offer(next);
        }
        if (c.hasQueuedWork()) {
            injectAll(c.queue.drain());
            return true;
        }
        return next != null;
    }

    /**
     * New work was queued: a searcher will find it, else a sleeper is woken; else, when carriers
     * are blocked in calls (so fewer than the parallelism may be active), a spare comes for it.
     * Without that last step, work submitted after every carrier blocked would wait for the
     * watchdog's next look, or forever without one.
     */
    private void signalWork() {
        comeForWork(blocked.get() > 0);
    }

    /**
     * Work is queued and may have no carrier: a searcher will find it; else a sleeper is woken;
     * else, if fewer carriers are active than the parallelism and {@code spareAllowed}, a spare is
     * started (up to {@code maxCarriers}). Returns whether a spare was started.
     */
    private boolean comeForWork(boolean spareAllowed) {
        if (idle.notifyOne()) {
            return false; // a searcher finds it before it sleeps (protocol "sleep"), or a sleeper was woken
        }
        return spareAllowed && active() < parallelism && addSpare() != null;
    }

    // ---------------------------------------------------------------- for the watchdog

    /**
     * Watchdog: {@code c} is stuck inside one task. Moves every task queued on it (its run queue to
     * the global queue, its runnext slot to the readied one; started strands as well as new ones), and makes sure a
     * carrier comes for them: a sleeping or searching one if there is one, else (if
     * {@code spareAllowed}: {@code c} waits rather than computes) a new spare, if fewer carriers
     * are active than the parallelism and the maximum allows. Only tasks bound to {@code c} (a
     * group's members, in its inbox) stay. Returns whether a spare was started.
     *
     * <p>When {@code c} is the only carrier and no spare may come, nothing moves: no other carrier
     * could run the work, and in the global queue it would only wait behind what is queued there
     * later, one task per {@link Carrier#GLOBAL_TICK} once {@code c} runs again (a carrier that
     * the OS deschedules for 20 ms looks like a hog).
     */
    boolean handOff(Carrier c, boolean spareAllowed) {
        if (!spareAllowed && live.get() == 1) {
            return false;
        }
        moveQueued(c);
        if (readied.isEmpty() && global.isEmpty()) {
            return false;
        }
        return comeForWork(spareAllowed);
    }

    /** How many looks of the watchdog have finished, hand-offs included (0 without one). */
    public long watchdogLooks() {
        return watchdog == null ? 0 : watchdog.looks();
    }

    /** Watchdog: work is queued, nobody looks for it and too few carriers are active (a wake-up raced a sleeper away): one more comes. */
    void ensureParallelism() {
        if (active() < parallelism && anyWork()) {
            comeForWork(true);
        }
    }

    /** Watchdog, or a carrier: counts {@code c} as blocked ({@code true}) or no longer ({@code false}) after a change of its mark. */
    void countBlocked(boolean now) {
        if (now) {
            blocked.incrementAndGet();
        } else {
            blocked.decrementAndGet();
        }
    }

    /**
     * Starts one more carrier unless the maximum is reached, the scheduler is shutting down, or
     * there are as many spares as carriers blocked in calls already (a sleeping spare is woken for
     * the work instead); returns it, or null.
     */
    synchronized Carrier addSpare() {
        Carrier[] cs = carriers;
        if (cs.length >= maxCarriers || runState != RunState.RUNNING || cs.length - parallelism >= blocked.get()) {
            return null; // spares never outnumber the carriers blocked in calls (protocol "blocking")
        }
        Carrier spare = new Carrier(this, nextIndex.getAndIncrement(), queueCapacity, true);
        Carrier[] grown = java.util.Arrays.copyOf(cs, cs.length + 1);
        grown[cs.length] = spare;
        live.incrementAndGet();
        carriers = grown;
        spare.start();
        return spare;
    }

    /**
     * A spare that slept {@link #KEEP_ALIVE_NANOS} leaves (it was taken off the sleepers already):
     * off the array, its queue (work it held when it went to sleep as a surplus) to the global one.
     */
    synchronized void retire(Carrier spare) {
        Carrier[] cs = carriers;
        Carrier[] shrunk = new Carrier[cs.length - 1];
        int j = 0;
        for (Carrier c : cs) {
            if (c != spare) {
                shrunk[j++] = c;
            }
        }
        assert j == shrunk.length : "retiring a carrier that is not listed: " + spare;
        carriers = shrunk;
        if (moveQueued(spare)) {
            idle.notifyOne();
        }
    }

    /**
     * Sets what idle carriers poll (protocol "drive" in the package essay). Once; any thread. A
     * driver waiting without it (for a timer) is nudged, so that it waits in the poller from now on.
     */
    public void setIdlePoller(IdlePoller p) {
        synchronized (this) {
            if (idlePoller != null) {
                throw new IllegalStateException("an idle poller is set already: " + idlePoller);
            }
            idlePoller = p;
        }
        Carrier d = driver;
        if (d != null) {
            d.nudge();
        }
    }

    // ---------------------------------------------------------------- timers (protocol "drive")

    /** The timers of this scheduler. */
    public Timers timers() {
        return timers;
    }

    /**
     * Arms {@code t} (protocol "drive", step 4): queued; if it became the earliest, the driver
     * is nudged when it waits for a later deadline, or, with no driver, a sleeping carrier is woken
     * to become one. Any thread; never blocks beyond the timers' short lock.
     */
    public void arm(Timer t) {
        if (!timers.arm(t)) {
            return;
        }
        Carrier d = driver;                          // read after the heap was written: pairs with the driver's re-check
        if (d != null) {
            if (t.deadline() - d.drivingUntil() < 0) {
                d.nudge();
            }
        } else {
            idle.notifyOne();
        }
    }

    /** Cancels {@code t}, armed or not yet armed. */
    public void cancel(Timer t) {
        timers.cancel(t);
    }

    /** Expires what is due now on the calling thread (a carrier looking for work); returns how many expired. */
    int expireTimers() {
        return timers.expireDue(System.nanoTime());
    }

    /**
     * Protocol "drive": {@code c} takes the driver role if nobody holds it and anything waits (a
     * timer, or a wait in the idle poller). Returns whether it holds it now.
     */
    boolean takeDriver(Carrier c) {
        IdlePoller p = idlePoller;
        if (timers.size() == 0 && (p == null || !p.hasWaiters())) {
            return false;
        }
        return DRIVER.compareAndSet(this, (Carrier) null, c);
    }

    /** The driver gives the role back. */
    void releaseDriver(Carrier c) {
        DRIVER.compareAndSet(this, c, (Carrier) null);
    }

    /** The carrier that drives now, or null. Racy. */
    Carrier driver() {
        return driver;
    }

    /**
     * The watchdog's look at the timers (Go's sysmon): what every carrier left more than
     * {@link #OVERDUE_NANOS} overdue (all of them busy running tasks) expires on the watchdog's
     * thread; the strands it wakes go to the readied queue. Returns how many expired.
     */
    int expireOverdueTimers(long now) {
        return timers.isDue(now - OVERDUE_NANOS) ? timers.expireDue(now) : 0;
    }

    // ---------------------------------------------------------------- for carriers

    /** What idle carriers poll, or null. */
    IdlePoller idlePoller() {
        return idlePoller;
    }

    Idle idle() {
        return idle;
    }

    Carrier[] carriers() {
        return carriers;
    }

    /** The fairness tick's look: the global queue first, then the readied one. */
    Runnable pollGlobal() {
        Runnable t = global.poll();
        return t != null ? t : readied.poll();
    }

    /** The next injected task: a woken one first, else a new one. */
    private Runnable pollInjected() {
        Runnable t = readied.poll();
        return t != null ? t : global.poll();
    }

    /**
     * Takes one injected task to run (readied ones first) and moves up to a batch more readied ones into
     * {@code c}'s local queue. New tasks are never batched: queued locally they would run ahead of
     * strands woken later, and when each new task blocks its carrier (a pool's borrowers in
     * Object.wait) the strands that would release them must come first.
     */
    Runnable pollGlobalBatch(Carrier c) {
        Runnable first = pollInjected();
        if (first == null) {
            return null;
        }
        int room = Math.min(GLOBAL_BATCH, c.queue.capacity() / 2 - c.queue.size());
        for (int i = 0; i < room; i++) {
            Runnable t = readied.poll();
            if (t == null) {
                break;
            }
            c.queue.push(t); // cannot fail: room was computed from the owner's own view
        }
        return first;
    }

    void injectAll(Runnable[] tasks) {
        for (Runnable t : tasks) {
            global.offer(t);
        }
    }

    /** Racy: whether no carrier runs anything and no queue holds work (the deadlock watch's look). */
    public boolean isQuiescent() {
        for (Carrier c : carriers) {
            if (!c.isIdleNow()) {
                return false;
            }
        }
        return global.isEmpty() && readied.isEmpty();
    }

    /** Whether any queue holds work (a racy scan, used as the last look before sleeping). */
    boolean anyWork() {
        if (!global.isEmpty() || !readied.isEmpty()) {
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
        for (Carrier c : carriers) { // no spare is added after shutdown, so this array is final by now
            long left = deadline - System.nanoTime();
            if (left <= 0 || !c.join(Duration.ofNanos(left))) {
                return false;
            }
        }
        if (watchdog != null) {
            long left = deadline - System.nanoTime();
            return left > 0 && watchdog.join(Duration.ofNanos(left));
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

    /** A one-line summary: carriers, searching and sleeping ones, queue lengths, counters. */
    @Override
    public String toString() {
        StringBuilder sb = new StringBuilder("Scheduler[").append(name).append(' ').append(runState)
                .append(" carriers=").append(carriers.length)
                .append(" blocked=").append(blocked.get())
                .append(" searching=").append(idle.searching())
                .append(" sleeping=").append(idle.sleeperCount())
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

    // ---------------------------------------------------------------- bound tasks (groups, coroutine hosts)

    /** The carrier at {@code index}, 0 <= index < {@link #parallelism()} (one that never exits): a home to bind tasks to. */
    public Carrier carrier(int index) {
        if (index < 0 || index >= parallelism) {
            throw new IndexOutOfBoundsException("carrier " + index + " of " + parallelism);
        }
        return carriers[index];
    }

    /**
     * Schedules a new task that is bound from the start ({@code t.home()} is not null): into its
     * home's inbox, waking that carrier if it sleeps. Never blocks.
     *
     * @throws RejectedExecutionException after {@link #shutdown}
     */
    public void submitBound(Runnable t) {
        Carrier home = Task.homeOf(t);
        assert home != null && home.scheduler() == this : "not bound to a carrier of " + name + ": " + t;
        if (runState != RunState.RUNNING) {
            throw new RejectedExecutionException("scheduler " + name + " is shut down");
        }
        forward(t, home);
    }

}
