package io.pal.coroutines.sched;

import io.pal.coroutines.timer.Timers;

import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.locks.LockSupport;

/**
 * A carrier thread: runs tasks from its own {@link RunQueue}, its {@code runnext} slot and its
 * inbox (tasks bound to it, a group's members, made runnable elsewhere), the scheduler's global queue, and
 * tasks it steals from other carriers; spins briefly, then sleeps, when there is nothing. The loop is in
 * {@link #run()}; the order it looks for work in is {@link #nextTask()}. Its life is one
 * {@link CarrierState}; the protocols ("carrier states", "sleep", "drive", "blocking") are told in
 * the package essay.
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
    private static final VarHandle STUCK_MARK;
    private static final VarHandle RUNNING;
    private static final VarHandle STATE;

    static {
        try {
            MethodHandles.Lookup l = MethodHandles.lookup();
            RUNNEXT = l.findVarHandle(Carrier.class, "runnext", Runnable.class);
            STUCK_MARK = l.findVarHandle(Carrier.class, "stuckMark", boolean.class);
            RUNNING = l.findVarHandle(Carrier.class, "running", Runnable.class);
            STATE = l.findVarHandle(Carrier.class, "state", CarrierState.class);
            COUNTER = MethodHandles.arrayElementVarHandle(long[].class);
        } catch (ReflectiveOperationException e) {
            throw new ExceptionInInitializerError(e);
        }
    }

    /** The scheduler this carrier belongs to. Immutable. */
    private final Scheduler scheduler;
    /**
     * Where this carrier is in its life ({@link CarrierState} has the table). Written by this carrier;
     * out of SLEEPING and DRIVING also by wakers (CAS, under Idle's lock); read by wakers and diagnostics.
     */
    private volatile CarrierState state = CarrierState.NEW;
    /** A spare: started by the watchdog or a blocking call, and exits after a while asleep ({@link Scheduler#KEEP_ALIVE_NANOS}). Immutable. */
    private final boolean spare;
    /**
     * Set by the watchdog when it finds this carrier waiting in the JVM inside an unannounced task
     * (a contended monitor): the carrier then counts as blocked. Cleared, by a CAS, by the watchdog
     * when the wait is over or by this carrier when the task ends, whichever comes first.
     */
    @SuppressWarnings("unused") // accessed through STUCK_MARK
    private volatile boolean stuckMark;
    /** Depth of the blocking sections of the task running here (Scheduler#blockingBegins). This carrier only. */
    private int blockingDepth;
    /** What the outermost blocking section began with, or null outside one. Written by this carrier; read racily by dumps. */
    private volatile Object blockingCall;
    /** When the outermost blocking section began (System.nanoTime). This carrier only. */
    private long blockingSince;
    /** True while the strand running here is inside pal's own blocking-section bookkeeping (see {@link #enterHook}). This carrier only. */
    private boolean inHook;
    /** The watchdog's view of this carrier, kept by the watchdog thread only (see Watchdog#look). */
    final Watchdog.View view = new Watchdog.View();
    /** Local run queue: this carrier pushes and pops, others steal. */
    final RunQueue queue;
    /** Tasks bound to this carrier made runnable by other threads (or yielding here). Any thread offers; this carrier polls. */
    private final ConcurrentLinkedQueue<Runnable> inbox = new ConcurrentLinkedQueue<>();
    /** The task the running one just woke; runs next. Set by this carrier; taken by it, or by the watchdog when it is stuck; opaque/getAndSet. */
    @SuppressWarnings("unused") // accessed through RUNNEXT
    private volatile Runnable runnext;
    /**
     * The task being run now, or null. Written by this carrier only, with release stores: no reader
     * pairs it with a write of its own (this carrier reads it in program order; the watchdog and the
     * diagnostics read it racily), so the full fence of a volatile store, twice per task, buys nothing.
     */
    private volatile Runnable running;
    /** Whether the virtual thread running here ended its body in this slice ({@link #virtualStrandEnded}). Carrier only. */
    private boolean sliceEnded;
    /** Ticks: tasks started. Carrier only. */
    private int tick;
    /** Tasks taken from runnext in a row. Carrier only. */
    private int runnextStreak;
    /** What a sleeping carrier waits on (see awaitWoken). */
    private final Object sleepLock = new Object();
    /** While this carrier drives: the deadline it waits until (System.nanoTime terms). Written by this carrier, read by armers. */
    private volatile long drivingUntil;
    /** Set by {@link #nudge} (a timer armed earlier than drivingUntil); cleared by this carrier before each look at the timers. */
    private volatile boolean nudged;
    /** Set while the driver parks for the last part of a millisecond ({@link #waitOnSleepLock}): its wakers unpark it then. */
    private volatile boolean shortPark;
    /** Counters, indexed by {@link Stat}; written by this carrier only (opaque, no atomics), read racily by diagnostics. */
    private final long[] stats = new long[Stat.values().length];

    /** What a carrier counts. */
    public enum Stat {
        /** Tasks run: strand switches onto this carrier. */
        SWITCHES,
        /** Strands that suspended on this carrier: an identity strand in park or sleep (counted by the strand layer), a virtual thread at every unmount (a slice that did not end it). */
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

    Carrier(Scheduler scheduler, int index, int queueCapacity, boolean spare) {
        super(null, null, new StringBuilder(scheduler.name()).append("-carrier-").append(index).toString(), 0, false); // no concatenation: its first use spins a class at start-up (ADR 0025)
        this.scheduler = scheduler;
        this.spare = spare;
        this.queue = new RunQueue(queueCapacity);
        setDaemon(true);
    }

    /** The carrier the caller runs on (whatever strand identity is mounted), if it is a carrier of {@code s}; else null. */
    static Carrier currentOf(Scheduler s) {
        return ThreadAccess.currentCarrier() instanceof Carrier c && c.scheduler == s ? c : null;
    }

    /** The task this carrier is running. Meaningful on the carrier itself (a strand asking who it is); elsewhere a snapshot. */
    public Runnable running() {
        return running;
    }

    public Scheduler scheduler() {
        return scheduler;
    }

    /** The virtual strand running on this carrier (the caller) ended its body: its slice counts as an end, not a park. */
    public void virtualStrandEnded() {
        assert ThreadAccess.currentCarrier() == this;
        sliceEnded = true;
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

    // ---------------------------------------------------------------- state (protocol "carrier states")

    /** Where this carrier is in its life. Racy except on the carrier itself. */
    CarrierState state() {
        return state;
    }

    /** Whether this carrier is on Idle's sleepers list (SLEEPING or DRIVING). Read by wakers and by this carrier's wait loops. */
    boolean isListed() {
        return state.listed();
    }

    private boolean isSearching() {
        return state == CarrierState.SEARCHING;
    }

    /**
     * This carrier: a transition nobody else makes or races (ACTIVE, BLOCKED, SEARCHING are its
     * own), checked against the table. Opaque is enough: no other thread acts on these states (a
     * waker acts only on a listed carrier, and listing is a volatile write); diagnostics read racily.
     */
    private void advance(CarrierState from, CarrierState to) {
        CarrierState s = state;
        if (s != from || !CarrierState.legal(from, to)) {
            throw new IllegalStateException("inconsistent carrier state: " + s + " (expected " + from + ", going to " + to + ")");
        }
        STATE.setOpaque(this, to);
    }

    /**
     * Idle, under its lock: this carrier is listed as a sleeper (from ACTIVE or SEARCHING). A
     * volatile write: the waker that writes the inbox, then reads the state, pairs with it.
     */
    void listAsSleeper() {
        CarrierState s = state;
        if (s != CarrierState.ACTIVE && s != CarrierState.SEARCHING) {
            throw new IllegalStateException("inconsistent carrier state: " + s + " (going to SLEEPING)");
        }
        state = CarrierState.SLEEPING;
    }

    /**
     * A listed carrier leaves SLEEPING or DRIVING for {@code to} by a CAS (a waker may race the
     * carrier's own SLEEPING/DRIVING changes). Returns the state it left; throws if it was not listed.
     */
    private CarrierState unlist(CarrierState to) {
        while (true) {
            CarrierState s = state;
            if (!s.listed() || !CarrierState.legal(s, to)) {
                throw new IllegalStateException("inconsistent carrier state: " + s + " (going to " + to + ")");
            }
            if (STATE.compareAndSet(this, s, to)) {
                return s;
            }
        }
    }

    /** Idle, under its lock, having taken this carrier off the sleepers: it is woken as a searcher. */
    void wokenAsSearcher() {
        unlist(CarrierState.SEARCHING);
    }

    /** Idle, under its lock, having taken this spare off the sleepers: it leaves (from SLEEPING only). */
    void retiredFromSleep() {
        CarrierState left = unlist(CarrierState.EXITED);
        assert left == CarrierState.SLEEPING : "a driving carrier retired";
    }

    /** This carrier, holding the driver role: SLEEPING to DRIVING; false if a waker took it off the sleepers first. */
    private boolean startDriving() {
        return STATE.compareAndSet(this, CarrierState.SLEEPING, CarrierState.DRIVING);
    }

    /** This carrier, having given the driver role back: DRIVING to SLEEPING, unless a waker took it off the sleepers first. */
    private void stopDriving() {
        STATE.compareAndSet(this, CarrierState.DRIVING, CarrierState.SLEEPING);
    }

    /** Any thread: hands this carrier a task bound to it. The caller then makes sure it is awake ({@link Idle#wake}). */
    void offerInbox(Runnable t) {
        inbox.offer(t);
    }

    boolean hasInboxWork() {
        return !inbox.isEmpty();
    }

    /** Racy: whether this carrier runs nothing and holds no work of any kind. */
    boolean isIdleNow() {
        return running == null && queue.isEmpty() && inbox.isEmpty() && RUNNEXT.getOpaque(this) == null;
    }

    /**
     * This carrier: pal's bookkeeping of a blocking section begins. False if it already runs: the
     * bookkeeping itself made a blocking call (it loaded a class from a jar, say), which must not
     * open a section of its own, or the class load would recurse through the same bookkeeping.
     */
    public boolean enterHook() {
        if (inHook) {
            return false;
        }
        inHook = true;
        return true;
    }

    /** This carrier: the bookkeeping {@link #enterHook} began is over. */
    public void exitHook() {
        inHook = false;
    }

    /** This carrier: one blocking section deeper; true if it is the outermost (it began with {@code why}). */
    boolean enterBlocking(Object why) {
        if (blockingDepth++ > 0) {
            return false;
        }
        advance(CarrierState.ACTIVE, CarrierState.BLOCKED);
        blockingSince = System.nanoTime();
        blockingCall = why;
        return true;
    }

    /** This carrier: one blocking section less; what the outermost began with when it ends, else null. */
    Object exitBlocking() {
        assert blockingDepth > 0 : "blocking section ended twice";
        if (--blockingDepth > 0) {
            return null;
        }
        Object why = blockingCall;
        blockingCall = null;
        advance(CarrierState.BLOCKED, CarrierState.ACTIVE);
        return why;
    }

    /** The blocking call the task running here is in (what its outermost section began with), or null. Racy. */
    public Object blockingCall() {
        return blockingCall;
    }

    /** When the outermost blocking section on this carrier began (System.nanoTime). Meaningful on this carrier, inside one. */
    public long blockingSince() {
        return blockingSince;
    }

    /** Watchdog: marks this carrier blocked (it waits in the JVM); counts it if it was not marked. */
    void markStuck() {
        if (STUCK_MARK.compareAndSet(this, false, true)) {
            scheduler.countBlocked(true);
        }
    }

    /** Watchdog or this carrier: the wait the mark was for is over; uncounts it if it was marked. */
    void unmarkStuck() {
        if (stuckMark && STUCK_MARK.compareAndSet(this, true, false)) {
            scheduler.countBlocked(false);
        }
    }

    boolean isMarkedStuck() {
        return stuckMark;
    }

    // ---------------------------------------------------------------- pushing (this carrier only)

    /** Carrier only. Adds a new task at the tail of the local queue, overflowing half of it to the global queue if full. */
    void pushLocal(Runnable t) {
        assert ThreadAccess.currentCarrier() == this;
        while (!queue.push(t)) {
            Runnable[] half = queue.takeHalf();
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
    boolean pushRunnext(Runnable t) {
        assert ThreadAccess.currentCarrier() == this;
        Runnable old = (Runnable) RUNNEXT.getAndSet(this, t);
        if (old != null) {
            pushLocal(old);
            return true;
        }
        return false;
    }

    /**
     * True if this carrier's queue holds work others could steal. Racy. The runnext slot is left
     * out on purpose: what it holds runs next here, a local switch (Go's runnext), unless this
     * carrier blocks or the watchdog finds it stuck ({@link #takeRunnext}).
     */
    boolean hasQueuedWork() {
        return !queue.isEmpty();
    }

    // ---------------------------------------------------------------- the loop

    @Override
    public void run() {
        advance(CarrierState.NEW, CarrierState.ACTIVE);
        Runnable t;
        while ((t = findTask()) != null) {
            Carrier home = Task.homeOf(t);
            if (home != null && home != this) {
                scheduler.forward(t, home); // stolen or injected, but bound to another carrier
                continue;
            }
            RUNNING.setRelease(this, t);
            count(Stat.SWITCHES, 1);
            try {
                t.run();
                if (!(t instanceof Task)) { // a virtual thread's slice: it ended, or it suspended in the JDK
                    count(sliceEnded ? Stat.ENDS : Stat.PARKS, 1);
                    sliceEnded = false;
                }
            } catch (Throwable e) {
                // A task must not throw (strands record their own failures); never let one kill a carrier.
                try {
                    getUncaughtExceptionHandler().uncaughtException(this, e);
                } catch (Throwable ignored) {
                    // nothing more we can do
                }
            }
            RUNNING.setRelease(this, (Runnable) null);
            unmarkStuck();
        }
        if (state != CarrierState.EXITED) {    // a retired spare is EXITED already
            advance(CarrierState.ACTIVE, CarrierState.EXITED);
        }
        scheduler.carrierExited(this);
    }

    /** The next task to run, waiting for one if need be; null only when the scheduler shuts down and no work is left. */
    private Runnable findTask() {
        while (true) {
            if (!isSearching() && scheduler.surplus() && !hasInboxWork()) { // a searcher was counted on to find work: it searches on
                switch (sleepAsSurplus()) {
                    case EXIT:
                        return null;
                    case SLEPT:
                        continue;
                    default: // not a surplus after all
                }
            }
            Runnable t = nextTask();
            if (t != null) {
                return isSearching() ? foundWork(t) : t; // a woken carrier is a searcher until it finds work
            }
            t = search();
            if (t != null) {
                return t;
            }
            if ((t = spinOnInbox()) != null) {
                return isSearching() ? foundWork(t) : t;
            }
            IdlePoller net = scheduler.idlePoller();    // protocol "drive": ready strands land in runnext
            if (net != null && net.poll() > 0) {       // and the local queue, found by nextTask
                continue;
            }
            if (scheduler.expireTimers() > 0) {        // so do the strands whose timers expire here
                continue;
            }
            if (!sleep()) {
                return null;
            }
        }
    }

    /** Local work in fairness order; null if there is none. */
    private Runnable nextTask() {
        tick++;
        Runnable t;
        if (tick % GLOBAL_TICK == 0) {
            scheduler.expireTimers(); // a busy carrier fires timers too (protocol "drive"); they land in runnext
            if ((t = scheduler.pollGlobal()) != null || (t = inbox.poll()) != null) {
                return t;
            }
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

    /** Takes the runnext task, or null. This carrier, or the watchdog when this carrier is stuck (an atomic swap: nothing is taken twice). */
    Runnable takeRunnext() {
        return RUNNEXT.getOpaque(this) == null ? null : (Runnable) RUNNEXT.getAndSet(this, (Runnable) null);
    }

    /** Steals from other carriers and polls the global queue, a few rounds; null if nothing was found. */
    private Runnable search() {
        if (!isSearching()) {
            if (!scheduler.idle().tryStartSearching()) {
                return null;
            }
            advance(CarrierState.ACTIVE, CarrierState.SEARCHING);
        }
        Carrier[] all = scheduler.carriers();
        long spinStart = System.nanoTime();
        for (int round = 0; round < SEARCH_ROUNDS || System.nanoTime() - spinStart < SPIN_NANOS; round++) {
            int start = ThreadLocalRandom.current().nextInt(all.length);
            for (int i = 0; i < all.length; i++) {
                Carrier victim = all[(start + i) % all.length];
                if (victim == this) {
                    continue;
                }
                Runnable t = victim.queue.stealInto(queue);
                if (t != null) {
                    count(Stat.STEALS, 1);
                    return foundWork(t);
                }
            }
            Runnable t = inbox.poll();
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
    private Runnable spinOnInbox() {
        long start = System.nanoTime();
        do {
            Runnable t = inbox.poll();
            if (t != null) {
                return t;
            }
            Thread.onSpinWait();
        } while (System.nanoTime() - start < SPIN_NANOS && !scheduler.isShutdown());
        return null;
    }

    /** Stops searching; if this was the last searcher, wakes another so the rest of the work spreads. */
    private Runnable foundWork(Runnable t) {
        advance(CarrierState.SEARCHING, CarrierState.ACTIVE);
        if (scheduler.idle().stopSearching()) {
            scheduler.idle().notifyOne();
        }
        return t;
    }

    /**
     * Goes to sleep until notified (protocol "sleep" in the package essay). Returns false if the
     * scheduler is shutting down and this carrier should exit, or if it is a spare that slept too long.
     */
    private boolean sleep() {
        Idle idle = scheduler.idle();
        boolean wasSearching = isSearching();
        idle.addSleeper(this);                         // 1. visible as a sleeper first (SLEEPING),
        if (wasSearching) {                            // 2. then no longer a searcher,
            idle.stopSearching();
        }
        if (scheduler.anyWork() || hasInboxWork() || scheduler.isShutdown()) {  // 3. then look once more.
            if (!idle.cancelSleep(this)) {
                awaitWoken(false);                     // a notifier took us meanwhile: its wake-up is on the way
            }
            return !exitNow();                         // SEARCHING, whoever took us off
        }
        count(Stat.SLEEPS, 1);
        if (!drive() && !awaitWoken(spare)) {          // 4. drive if no other carrier does and anything waits, else
            return false;                              //    sleep; the notifier counted us as searching (or, a
                                                       //    spare, we were idle too long: retired, EXITED)
        }
        return !exitNow();
    }

    /** What {@link #sleepAsSurplus} did. */
    private enum Surplus { NOT_SURPLUS, SLEPT, EXIT }

    /**
     * Protocol "blocking": more carriers are active than the parallelism, so this one, which has
     * just finished a task and is no searcher (nobody counts on it to find work), sleeps with no
     * last look (the others that stay active are enough to find any work) and without its runnext
     * (it becomes stealable). Only a spare exits after sleeping long.
     */
    private Surplus sleepAsSurplus() {
        Idle idle = scheduler.idle();
        if (!idle.addSurplusSleeper(this)) {
            return Surplus.NOT_SURPLUS;
        }
        Runnable next = takeRunnext();
        if (next != null) {
            pushLocal(next);
            idle.notifyOne(); // as a displaced runnext: another carrier may take it
        }
        count(Stat.SLEEPS, 1);
        if (!awaitWoken(spare)) {
            return Surplus.EXIT;
        }
        return exitNow() ? Surplus.EXIT : Surplus.SLEPT;
    }

    /**
     * Sleeps on {@link #sleepLock} until {@link Idle} takes it off the sleepers and notifies. A monitor, not
     * LockSupport: an unpark of this carrier is how a strand pinned here is woken, and the
     * scheduler's own wakeups must not end such a park spuriously. With {@code mayRetire}, after
     * {@link Scheduler#KEEP_ALIVE_NANOS} asleep the carrier takes itself off the sleepers and
     * leaves the scheduler: returns false, and the carrier exits.
     */
    private boolean awaitWoken(boolean mayRetire) {
        long deadline = System.nanoTime() + scheduler.keepAliveNanos();
        synchronized (sleepLock) {
            while (isListed()) {
                try {
                    if (!mayRetire) {
                        sleepLock.wait();
                        continue;
                    }
                    long left = deadline - System.nanoTime();
                    if (left > 0) {
                        sleepLock.wait(Math.max(1, left / 1_000_000));
                    } else if (scheduler.idle().retire(this)) {
                        break; // off the sleepers, EXITED: nobody wakes us now
                    } else {
                        mayRetire = false; // a notifier took it meanwhile: its wake-up is on the way
                    }
                } catch (InterruptedException stray) {
                    // a carrier's interrupt status belongs to the strand it runs; none runs now
                }
            }
        }
        if (state == CarrierState.EXITED) {
            scheduler.retire(this); // outside sleepLock: retire may wake another carrier
            return false;
        }
        assert isSearching() : "woken into " + state;
        return true;
    }

    /**
     * Step 4 of sleep as the driver (protocol "drive" in the package essay): expires the timers as
     * they come due and waits for the earliest one in the idle poller's epoll_wait (or, before the
     * network is used, on {@link #sleepLock}); returns true once woken, or once timers or the poll
     * made tasks runnable (this carrier then takes itself off the sleepers, as after a last look
     * that found work). False if another carrier drives, once nothing waits any more, or once a
     * spare has driven for its keep-alive without being woken (it gives the role back, to retire as
     * spares do): sleep as usual then. Spares drive too: while every carrier of the parallelism is
     * blocked in a call, a spare is the only carrier that can.
     */
    private boolean drive() {
        if (!scheduler.takeDriver(this)) {
            return false;
        }
        if (!startDriving()) {                                  // driver written, then the state read: pairs with notifyWoken
            scheduler.releaseDriver(this);
            return true;                                        // woken meanwhile: SEARCHING
        }
        long retireAt = spare ? System.nanoTime() + scheduler.keepAliveNanos() : Long.MAX_VALUE;
        Timers timers = scheduler.timers();
        IdlePoller net = null;
        try {
            while (state == CarrierState.DRIVING) {             // taken off the sleepers: SEARCHING
                nudged = false;
                long now = System.nanoTime();
                if (timers.expireDue(now) > 0) {
                    scheduler.idle().cancelSleep(this);         // or a notifier took us: unlisted either way
                    continue;
                }
                long wait = timers.nanosUntilNext(now);
                IdlePoller p = scheduler.idlePoller();
                if (wait == Long.MAX_VALUE && (p == null || !p.hasWaiters())) {
                    return false;                               // nothing to drive for: an arm wakes a sleeper to drive again
                }
                if (wait == 0) {
                    continue;                                   // armed due meanwhile
                }
                if (spare) {
                    if (now - retireAt >= 0) {
                        return false;                           // gives the role back (finally), then sleeps until it retires
                    }
                    wait = Math.min(wait, retireAt - now);
                }
                long until = now + Math.min(wait, Long.MAX_VALUE / 4);
                drivingUntil = until;
                if (timers.hasBefore(until)) {
                    continue;                                   // drivingUntil written, then the heap read: pairs with Scheduler.arm
                }
                if (p != null && (net != null || p.startBlocking())) {
                    net = p;
                    if (net.pollBlocking(wait) > 0) {
                        scheduler.idle().cancelSleep(this);
                    }
                } else {
                    waitOnSleepLock(wait);
                }
            }
        } finally {
            if (net != null) {
                net.stopBlocking();
            }
            scheduler.releaseDriver(this);
            stopDriving();                                      // still listed: SLEEPING again, unless woken
        }
        return true;
    }

    /**
     * The driver without a poller: waits for at most {@code nanos}, unless woken or nudged; on
     * {@link #sleepLock} for the whole milliseconds (Object.wait counts no finer; the caller's loop
     * waits out the rest), and parked for a last part under a millisecond, so that a timer is not
     * late by up to a millisecond. A waker that finds {@link #shortPark} set unparks this carrier: it
     * writes listed or nudged, then reads shortPark; this writes shortPark, then reads them.
     */
    private void waitOnSleepLock(long nanos) {
        synchronized (sleepLock) {
            if (!isListed() || nudged) {
                return;
            }
            try {
                if (nanos == Long.MAX_VALUE) {
                    sleepLock.wait();
                    return;
                }
                if (nanos >= 1_000_000) {
                    sleepLock.wait(nanos / 1_000_000);
                    return;
                }
            } catch (InterruptedException stray) {
                return; // a carrier's interrupt status belongs to the strand it runs; none runs now
            }
            shortPark = true;
            if (!isListed() || nudged) {
                shortPark = false;
                return;
            }
        }
        // A stale permit this leaves makes one later park of the carrier return early, which every park allows.
        LockSupport.parkNanos(sleepLock, nanos);
        shortPark = false;
    }

    /** Any thread: the driver's wait ends early (a timer was armed earlier than it waits for, or the poller was set). Never blocks long. */
    void nudge() {
        nudged = true;                                  // written, then the sleepLock and the eventfd: read by the driver under its lock
        synchronized (sleepLock) {
            sleepLock.notify();
        }
        if (shortPark) {
            LockSupport.unpark(this);
        }
        IdlePoller p = scheduler.idlePoller();
        if (p != null) {
            p.wakeBlocked();
        }
    }

    /** While this carrier drives: until when it waits. Racy. */
    long drivingUntil() {
        return drivingUntil;
    }

    /** Idle, after taking this carrier off the sleepers: wakes this carrier if it waits in {@link #awaitWoken} or drives. */
    void notifyWoken() {
        synchronized (sleepLock) {
            sleepLock.notify();
        }
        if (shortPark) {                               // listed written, then shortPark read: pairs with waitOnSleepLock
            LockSupport.unpark(this);
        }
        if (scheduler.driver() == this) {              // listed written, then driver read
            IdlePoller p = scheduler.idlePoller();
            if (p != null) {
                p.wakeBlocked();
            }
        }
    }

    /** At shutdown, once no work is left, a carrier stops searching and exits. */
    private boolean exitNow() {
        if (scheduler.isShutdown() && !scheduler.anyWork() && !hasInboxWork()) {
            advance(CarrierState.SEARCHING, CarrierState.ACTIVE);
            scheduler.idle().stopSearching();
            return true;
        }
        return false;
    }
}
