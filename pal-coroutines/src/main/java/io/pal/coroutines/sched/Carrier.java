package io.pal.coroutines.sched;

import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.ThreadLocalRandom;

/**
 * A carrier thread: runs tasks from its own {@link RunQueue}, its {@code runnext} slot and its
 * inbox (tasks bound to it, a group's members, woken elsewhere), the scheduler's global queue, and
 * tasks it steals from other carriers; spins briefly, then sleeps, when there is nothing. The loop is in
 * {@link #run()}; the order it looks for work in is {@link #nextTask()}.
 */
public final class Carrier extends Thread {

    /** After this many tasks in a row from runnext, the run queue's head goes first (fairness). */
    public static final int RUNNEXT_STREAK = 3;
    /** Every this many ticks the global queue goes first, so injected work is never starved. */
    public static final int GLOBAL_TICK = 61;
    /** Rounds of stealing a searching carrier makes at least before it goes to sleep. */
    private static final int SEARCH_ROUNDS = 4;
    /**
     * How long a searcher keeps looking before it sleeps: the bounded spin. A handoff to a strand
     * bound to an idle carrier then costs an inbox offer instead of a futex wake (measured: 12.9 us
     * per cross-carrier round trip without it). Only one carrier in two may search, so at most half
     * the carriers spin, for at most this long after they run out of work.
     */
    private static final long SPIN_NANOS = 20_000;

    private static final VarHandle RUNNEXT;
    private static final VarHandle COUNTER;

    static {
        try {
            MethodHandles.Lookup l = MethodHandles.lookup();
            RUNNEXT = l.findVarHandle(Carrier.class, "runnext", Task.class);
            COUNTER = MethodHandles.arrayElementVarHandle(long[].class);
        } catch (ReflectiveOperationException e) {
            throw new ExceptionInInitializerError(e);
        }
    }

    /** The scheduler this carrier belongs to. Immutable. */
    private final Scheduler scheduler;
    /** This carrier's position in the scheduler's array. Immutable. */
    private final int index;
    /** Local run queue: this carrier pushes and pops, others steal. */
    final RunQueue queue;
    /** Tasks bound to this carrier made runnable by other threads (or yielding here). Any thread offers; this carrier polls. */
    private final ConcurrentLinkedQueue<Task> inbox = new ConcurrentLinkedQueue<>();
    /** The task the running one just woke; runs next. Set by this carrier; taken by it, or by the monitor when it is stuck; opaque/getAndSet. */
    @SuppressWarnings("unused") // accessed through RUNNEXT
    private volatile Task runnext;
    /** The task being run now, or null. Written by this carrier only; read by it (Backend.current) and racily by diagnostics. */
    private volatile Task running;
    /** Ticks: tasks started. Carrier only. */
    private int tick;
    /** Tasks taken from runnext in a row. Carrier only. */
    private int runnextStreak;
    /** Whether this carrier counts in Idle's searching count. Carrier only. */
    private boolean searching;
    /** What a sleeping carrier waits on (see awaitWoken). */
    private final Object sleepLock = new Object();
    /** Set by Idle (under its lock) when it takes this carrier off the sleepers; read by this carrier in its wait loop. */
    private volatile boolean woken;
    /** True from just before this carrier's last look for work until it is awake again. Written under Idle's lock, read by wakers. */
    private volatile boolean sleeping;
    /** Whether this carrier sleeps blocked in the idle poller (protocol "idle poll"). Written by this carrier, read by wakers. */
    private volatile boolean pollingAsleep;
    /** Counters, indexed by {@link Stat}; written by this carrier only (opaque, no atomics), read racily by diagnostics. */
    private final long[] stats = new long[Stat.values().length];

    /** What a carrier counts. */
    public enum Stat {
        /** Tasks run: strand switches onto this carrier. */
        SWITCHES,
        /** Strands that suspended in park or sleep on this carrier (counted by the strand layer). */
        PARKS,
        /** Strands whose body ended on this carrier (counted by the strand layer). */
        ENDS,
        /** Successful steals (each moves half a queue). */
        STEALS,
        /** Times this carrier went to sleep. */
        SLEEPS,
        /** Tasks moved to the global queue because the local one was full. */
        OVERFLOWS
    }

    Carrier(Scheduler scheduler, int index, int queueCapacity) {
        super(null, null, scheduler.name() + "-carrier-" + index, 0, false);
        this.scheduler = scheduler;
        this.index = index;
        this.queue = new RunQueue(queueCapacity);
        setDaemon(true);
    }

    /** The carrier the caller runs on (whatever strand identity is mounted), if it is a carrier of {@code s}; else null. */
    static Carrier currentOf(Scheduler s) {
        return ThreadAccess.currentCarrier() instanceof Carrier c && c.scheduler == s ? c : null;
    }

    /** The task this carrier is running. Meaningful on the carrier itself (a strand asking who it is); elsewhere a snapshot. */
    public Task running() {
        return running;
    }

    public Scheduler scheduler() {
        return scheduler;
    }

    /** A racy read of one counter. */
    public long stat(Stat s) {
        return (long) COUNTER.getOpaque(stats, s.ordinal());
    }

    /** Bumps a counter. This carrier only (single writer); strands call it on the carrier that runs them. */
    public void count(Stat s) {
        assert ThreadAccess.currentCarrier() == this;
        count(s, 1);
    }

    private void count(Stat s, long n) {
        // Single writer: a plain read-modify-write is enough; opaque keeps readers from seeing a torn or stale-forever value.
        COUNTER.setOpaque(stats, s.ordinal(), (long) COUNTER.getOpaque(stats, s.ordinal()) + n);
    }

    void setWoken(boolean w) {
        woken = w;
        sleeping = !w;
    }

    boolean isSleeping() {
        return sleeping;
    }

    /** Any thread: hands this carrier a task bound to it. The caller then makes sure it is awake ({@link Idle#wake}). */
    void offerInbox(Task t) {
        inbox.offer(t);
    }

    boolean hasInboxWork() {
        return !inbox.isEmpty();
    }

    /** Racy: whether this carrier runs nothing and holds no work of any kind. */
    boolean isIdleNow() {
        return running == null && queue.isEmpty() && inbox.isEmpty() && RUNNEXT.getOpaque(this) == null;
    }

    // ---------------------------------------------------------------- pushing (this carrier only)

    /** Carrier only. Adds a new task at the tail of the local queue, overflowing half of it to the global queue if full. */
    void pushLocal(Task t) {
        assert ThreadAccess.currentCarrier() == this;
        while (!queue.push(t)) {
            Task[] half = queue.takeHalf();
            if (half != null) {
                scheduler.injectAll(half);
                count(Stat.OVERFLOWS, half.length);
            }
        }
    }

    /**
     * Carrier only. Puts a woken task in runnext; the task it displaces goes to the local queue.
     * Returns whether something was displaced (then another carrier may want to steal it).
     */
    boolean pushRunnext(Task t) {
        assert ThreadAccess.currentCarrier() == this;
        Task old = (Task) RUNNEXT.getAndSet(this, t);
        if (old != null) {
            pushLocal(old);
            return true;
        }
        return false;
    }

    /**
     * True if this carrier's queue holds work others could steal. Racy. The runnext slot is left
     * out on purpose: what it holds runs next here, a local switch (Go's runnext), unless this
     * carrier blocks ({@link #flushRunnext}) or the monitor finds it stuck ({@link #takeRunnext}).
     */
    boolean hasQueuedWork() {
        return !queue.isEmpty();
    }

    /** Carrier only, before it blocks its thread: the runnext task goes to the stealable queue. */
    void flushRunnext() {
        Task t = takeRunnext();
        if (t != null) {
            pushLocal(t);
        }
    }

    // ---------------------------------------------------------------- the loop

    @Override
    public void run() {
        Task t;
        while ((t = findTask()) != null) {
            Carrier home = t.home();
            if (home != null && home != this) {
                scheduler.forward(t, home); // stolen or injected, but bound to another carrier
                continue;
            }
            running = t;
            count(Stat.SWITCHES, 1);
            try {
                t.run();
            } catch (Throwable e) {
                // A task must not throw (strands record their own failures); never let one kill a carrier.
                try {
                    getUncaughtExceptionHandler().uncaughtException(this, e);
                } catch (Throwable ignored) {
                    // nothing more we can do
                }
            }
            running = null;
        }
        scheduler.carrierExited(this);
    }

    /** The next task to run, waiting for one if need be; null only when the scheduler shuts down and no work is left. */
    private Task findTask() {
        while (true) {
            Task t = nextTask();
            if (t != null) {
                return searching ? foundWork(t) : t; // a woken carrier is a searcher until it finds work
            }
            t = search();
            if (t != null) {
                return t;
            }
            if ((t = spinOnInbox()) != null) {
                return searching ? foundWork(t) : t;
            }
            IdlePoller net = scheduler.idlePoller();    // protocol "idle poll": ready strands land in runnext
            if (net != null && net.poll() > 0) {       // and the local queue, found by nextTask
                continue;
            }
            if (!sleep()) {
                return null;
            }
        }
    }

    /** Local work in fairness order; null if there is none. */
    private Task nextTask() {
        tick++;
        Task t;
        if (tick % GLOBAL_TICK == 0 && ((t = scheduler.pollGlobal()) != null || (t = inbox.poll()) != null)) {
            return t;
        }
        if (runnextStreak < RUNNEXT_STREAK && (t = takeRunnext()) != null) {
            runnextStreak++;
            return t;
        }
        runnextStreak = 0;
        if ((t = queue.pop()) != null || (t = inbox.poll()) != null || (t = takeRunnext()) != null) {
            return t;
        }
        return scheduler.pollGlobalBatch(this);
    }

    /** Takes the runnext task, or null. This carrier, or the monitor when this carrier is stuck (an atomic swap: nothing is taken twice). */
    Task takeRunnext() {
        return RUNNEXT.getOpaque(this) == null ? null : (Task) RUNNEXT.getAndSet(this, (Task) null);
    }

    /** Steals from other carriers and polls the global queue, a few rounds; null if nothing was found. */
    private Task search() {
        if (!searching && !scheduler.idle().tryStartSearching()) {
            return null;
        }
        searching = true;
        Carrier[] all = scheduler.carriers();
        long spinStart = System.nanoTime();
        for (int round = 0; round < SEARCH_ROUNDS || System.nanoTime() - spinStart < SPIN_NANOS; round++) {
            int start = ThreadLocalRandom.current().nextInt(all.length);
            for (int i = 0; i < all.length; i++) {
                Carrier victim = all[(start + i) % all.length];
                if (victim == this) {
                    continue;
                }
                Task t = victim.queue.stealInto(queue);
                if (t != null) {
                    count(Stat.STEALS, 1);
                    return foundWork(t);
                }
            }
            Task t = inbox.poll();
            if (t != null || (t = scheduler.pollGlobalBatch(this)) != null) {
                return foundWork(t);
            }
            Thread.onSpinWait();
        }
        return null;
    }

    /**
     * The bounded spin of a carrier that may not search (enough others do): watches only its own
     * inbox, where a strand bound here arrives when another carrier wakes it, for SPIN_NANOS. Saves a
     * futex sleep and wake per cross-carrier handoff; costs at most SPIN_NANOS of CPU per idle spell.
     */
    private Task spinOnInbox() {
        long start = System.nanoTime();
        do {
            Task t = inbox.poll();
            if (t != null) {
                return t;
            }
            Thread.onSpinWait();
        } while (System.nanoTime() - start < SPIN_NANOS && !scheduler.isShutdown());
        return null;
    }

    /** Stops searching; if this was the last searcher, wakes another so the rest of the work spreads. */
    private Task foundWork(Task t) {
        searching = false;
        if (scheduler.idle().stopSearching()) {
            scheduler.idle().notifyOne();
        }
        return t;
    }

    /**
     * Goes to sleep until notified (protocol "sleep" in the package essay). Returns false if the
     * scheduler is shutting down and this carrier should exit.
     */
    private boolean sleep() {
        Idle idle = scheduler.idle();
        idle.addSleeper(this);                         // 1. visible as a sleeper first,
        if (searching) {                               // 2. then no longer a searcher,
            searching = false;
            idle.stopSearching();
        }
        if (scheduler.anyWork() || hasInboxWork() || scheduler.isShutdown()) {  // 3. then look once more.
            if (!idle.cancelSleep(this)) {
                awaitWoken();                          // a notifier took us meanwhile: its unpark is on the way
            }
            searching = true;
            return !exitNow();
        }
        count(Stat.SLEEPS, 1);
        if (!pollUntilWoken()) {                        // 4. block in the idle poller if no other carrier does,
            awaitWoken();                               //    else sleep; the notifier counted us as searching
        }
        searching = true;
        return !exitNow();
    }

    /**
     * Sleeps on {@link #sleepLock} until {@link Idle} sets {@code woken} and notifies. A monitor, not
     * LockSupport: an unpark of this carrier is how a strand pinned here is woken, and the
     * scheduler's own wakeups must not end such a park spuriously.
     */
    private void awaitWoken() {
        synchronized (sleepLock) {
            while (!woken) {
                try {
                    sleepLock.wait();
                } catch (InterruptedException stray) {
                    // a carrier's interrupt status belongs to the strand it runs; none runs now
                }
            }
        }
    }

    /**
     * Step 4 of sleep as the one carrier blocked in the idle poller (protocol "idle poll"): returns
     * once woken, or once the poll made tasks runnable here (this carrier then takes itself off the
     * sleepers, as after a last look that found work). False if another carrier holds the role or
     * nothing waits to be polled for: sleep as usual then.
     */
    private boolean pollUntilWoken() {
        IdlePoller net = scheduler.idlePoller();
        if (net == null || !net.startBlocking()) {
            return false;
        }
        pollingAsleep = true;                           // written, then woken read: pairs with notifyWoken
        try {
            while (!woken) {
                if (net.pollBlocking() > 0) {
                    scheduler.idle().cancelSleep(this); // or a notifier took us: woken is set either way
                }
            }
        } finally {
            pollingAsleep = false;
            net.stopBlocking();
        }
        return true;
    }

    /** Idle, after setting {@code woken}: wakes this carrier if it waits in {@link #awaitWoken} or blocks in the idle poller. */
    void notifyWoken() {
        synchronized (sleepLock) {
            sleepLock.notify();
        }
        if (pollingAsleep) {                            // woken written, then pollingAsleep read
            scheduler.idlePoller().wakeBlocked();
        }
    }

    /** At shutdown, once no work is left, a carrier stops searching and exits. */
    private boolean exitNow() {
        if (scheduler.isShutdown() && !scheduler.anyWork() && !hasInboxWork()) {
            searching = false;
            scheduler.idle().stopSearching();
            return true;
        }
        return false;
    }

    int index() {
        return index;
    }
}
