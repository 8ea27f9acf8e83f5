package io.pal.coroutines;

import io.pal.StrandState;
import io.pal.coroutines.sched.Carrier;
import io.pal.coroutines.sched.Task;
import io.pal.coroutines.timer.Timer;
import io.pal.spi.AbstractStrand;
import io.pal.spi.BlockingCall;
import io.pal.spi.PinReason;
import io.pal.spi.AtomicRegions;
import io.pal.coroutines.sched.ThreadAccess;
import jdk.internal.vm.Continuation;
import jdk.internal.vm.ContinuationScope;

import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;
import java.time.Duration;
import java.util.concurrent.Callable;
import java.util.concurrent.locks.LockSupport;

/**
 * A strand that is a stackful coroutine: a {@link Continuation} run by the scheduler's carriers.
 *
 * <pre>
 * State            who owns the continuation (and its stack)
 *   NEW            the spawner, until it submits the strand
 *   RUNNABLE       the run queue it sits in; the carrier that takes it
 *   RUNNING        its carrier, which has mounted it
 *   PARKING        its carrier: the strand yielded in park, the carrier publishes PARKED next
 *   PARKED         nobody: waits for a permit, an interrupt or its timer;
 *                  whoever CASes it to RUNNABLE submits it
 *   SLEEPING       its carrier: the strand yielded in sleep, the carrier publishes ASLEEP next
 *   ASLEEP         nobody: waits for its timer or an interrupt (unpark only leaves a permit)
 *   YIELDING       its carrier: the strand yielded in yieldNow, the carrier requeues it
 *   PINNED         its carrier, which the strand blocks: in park, sleep or yield because the
 *                  yield failed (a native frame on its stack)
 *   INSPECTING     a diagnostics thread reading the stack of a PARKED or ASLEEP strand
 *   DONE           nobody: the body has ended
 *
 * Transitions
 *   NEW      -> RUNNABLE   // spawn submits it (a group member to its group's carrier's inbox)
 *   RUNNABLE -> RUNNING    // a carrier takes it and mounts it
 *   RUNNING  -> PARKING    // park, just before the yield
 *   PARKING  -> PARKED     // carrier, after the yield; then arms timer/wait, then re-checks permit and interrupt
 *   PARKED   -> RUNNABLE   // CAS by unpark, interrupt, timer, poller, or the carrier's re-check
 *   RUNNING  -> SLEEPING   // sleep, just before the yield
 *   SLEEPING -> ASLEEP     // carrier, after the yield; then arms the timer, then re-checks interrupt
 *   ASLEEP   -> RUNNABLE   // CAS by timer, interrupt, or the carrier's re-check
 *   RUNNING  -> YIELDING   // yieldNow, just before the yield
 *   YIELDING -> RUNNABLE   // carrier, after the yield; requeued behind all runnable work
 *   PARKING  -> PINNED     // the yield failed: block the carrier instead (also from SLEEPING)
 *   PINNED   -> RUNNING    // the carrier's wait ended
 *   YIELDING -> PINNED     // the yield failed: Thread.yield() instead, then RUNNING
 *   RUNNING  -> DONE       // carrier, once the body has ended
 *   PARKED/ASLEEP -> INSPECTING -> PARKED/ASLEEP  // CAS by a stack dump; it then wakes the strand
 *                          // unconditionally (a spurious wakeup, which both allow), since wakers
 *                          // that came during the inspection saw neither state
 * </pre>
 *
 * Only {@link #setState} (the owner writes) and {@link #compareAndSetState} (others race) change
 * the state. The permit and the state are both volatile: a waker writes the permit then reads the
 * state, the carrier writes PARKED then reads the permit, so one of them always sees the other
 * (no lost wakeup; protocol "park" in the package essay).
 *
 * <h2>Identity (ADR 0010)</h2>
 * Inside the strand {@code Thread.currentThread()} is its {@link StrandIdentity}, mounted on the
 * carrier by {@link #mount} and replaced by the carrier in {@link #unmount}; any carrier may run
 * the strand (a group member's only its group's). While a coroutine body runs nested in the
 * strand, the mounted identity is the coroutine's ({@link #switchIdentity}).
 *
 * <p>Interrupt status is the mounted identity's own field. While mounted, it is mirrored onto the
 * carrier thread (so a wait that blocks the carrier natively, such as {@code Object.wait}, sees
 * it): mount and {@link #identityInterrupted} set the carrier's flag, unmount clears it, under
 * {@link #interruptLock} (protocol "interrupt" in the package essay).
 */
final class CoroutineStrand<T> extends PalStrand<T> implements Task {

    /** The strand's state; see the table above. */
    enum State { NEW, RUNNABLE, RUNNING, PARKING, PARKED, SLEEPING, ASLEEP, YIELDING, PINNED, INSPECTING, DONE }

    /** The scope every strand's continuation runs in. */
    static final ContinuationScope SCOPE = new ContinuationScope("pal-strand");

    /** Waits longer than this are treated as unbounded (no timer), so deadlines never overflow. */
    static final long FOREVER_NANOS = Long.MAX_VALUE >> 1;

    private static final VarHandle STATE;
    private static final VarHandle PERMIT;
    private static final VarHandle INTERRUPT_LOCK;

    static {
        try {
            MethodHandles.Lookup l = MethodHandles.lookup();
            STATE = l.findVarHandle(CoroutineStrand.class, "state", State.class);
            PERMIT = l.findVarHandle(CoroutineStrand.class, "permit", boolean.class);
            INTERRUPT_LOCK = l.findVarHandle(CoroutineStrand.class, "interruptLock", int.class);
        } catch (ReflectiveOperationException e) {
            throw new ExceptionInInitializerError(e);
        }
    }

    /** The backend: scheduler, timers, poller, counters. Immutable. */
    private final CoroutineBackend backend;
    /** The coroutine. Run only by the carrier that owns the strand (RUNNABLE -> RUNNING). Immutable. */
    private final Body cont;
    /** What Thread.currentThread() is inside the strand: a StrandIdentity, or the program's own Thread (threads as strands). Immutable. */
    private final Thread identity;
    /** The identity mounted while the strand runs: its own, or a coroutine's whose body runs nested in it. The strand (and its carrier at mount) only. */
    private Thread mounted;
    /** See the table above. Written by setState (owner) or CAS (racers). */
    private volatile State state = State.NEW;
    /** LockSupport-style permit. Set by unparkers (getAndSet), cleared by the strand itself. */
    private volatile boolean permit;
    /** The carrier while mounted, else null. Written by the carrier (mount without the lock, unmount under it). */
    private volatile Carrier carrier;
    /** The group the strand is a member of, or null; a member runs only on its group's carrier. Immutable. */
    private final CarrierGroup group;
    /** 0 free, 1 held: a spin lock over "carrier + its interrupt mirror" held for a few instructions by interrupt, unmount and identity switches. */
    @SuppressWarnings("unused") // accessed through INTERRUPT_LOCK
    private volatile int interruptLock;
    /** Timer to arm once the strand is off the carrier. Written by the strand before its yield, taken by the carrier after it. */
    private Timer pendingTimer;
    /** Whether the strand's current (or last) park has a timeout: getState() says TIMED_WAITING then. Written by the strand before PARKING is published, read racily by getState(). */
    private boolean timedPark;
    /** Why the last yield failed. Written by Body.onPinned and read right after, on the same thread. */
    private PinReason pinReason;

    /**
     * A new strand, made on the spawning thread or strand (its identity inherits from the spawner);
     * {@code group} is the group it is a member of, or null.
     */
    CoroutineStrand(CoroutineBackend backend, String name, Callable<T> task, CarrierGroup group) {
        super(task);
        this.backend = backend;
        this.cont = new Body(this);
        this.group = group;
        StrandIdentity id = new StrandIdentity(name != null ? name : "", this);
        if (name == null) {
            id.setName("strand-" + id.threadId());
        }
        this.identity = id;
        this.mounted = identity;
    }

    /**
     * A new strand whose identity is {@code thread}, a program's own unstarted Thread
     * ({@code pal.threadsAsStrands}): it already holds what a new Thread inherits from its maker.
     * Not a group member.
     */
    CoroutineStrand(CoroutineBackend backend, Thread thread, Callable<T> task) {
        super(task);
        this.backend = backend;
        this.cont = new Body(this);
        this.group = null;
        this.identity = thread;
        this.mounted = thread;
    }

    /** Its identity's id: the program's Thread's, or its own identity's. */
    @Override
    public long id() {
        return identity.threadId();
    }

    /** Its identity's name: given at spawn (or {@code "strand-" + id()}), or the program's Thread's. */
    @Override
    public String name() {
        return identity.getName();
    }

    @Override
    protected CoroutineBackend backend() {
        return backend;
    }

    /** The continuation: runs the body, and records why a yield was refused instead of throwing. */
    private static final class Body extends Continuation {
        /** Its strand. Immutable. */
        private final CoroutineStrand<?> strand;

        Body(CoroutineStrand<?> strand) {
            super(SCOPE, strand::runBodyInContinuation);
            this.strand = strand;
        }

        @Override
        protected void onPinned(Continuation.Pinned reason) {
            strand.pinReason = pinReasonOf(reason); // yield then returns false; the strand blocks its carrier
        }
    }

    static PinReason pinReasonOf(Continuation.Pinned p) {
        return switch (p) {
            case NATIVE -> PinReason.NATIVE_FRAME;
            case MONITOR -> PinReason.MONITOR;
            case CRITICAL_SECTION -> PinReason.CRITICAL_SECTION;
            default -> PinReason.OTHER;
        };
    }

    private void runBodyInContinuation() {
        runBody();
    }

    /** A group member's carrier; null for any other strand, which every carrier may run. */
    @Override
    public Carrier home() {
        return group != null ? group.carrier() : null;
    }

    /** What Thread.currentThread() is inside this strand. */
    Thread identity() {
        return identity;
    }

    @Override
    Thread thread() {
        return identity;
    }

    /** The carrier running the strand now, or null. */
    @Override
    Carrier carrier() {
        return carrier;
    }

    @Override
    CarrierGroup group() {
        return group;
    }

    /**
     * A yield of this strand's scope failed while a nested continuation (a coroutine's body) was
     * mounted on top of it, so the JVM told that continuation, not {@link Body}: record the reason
     * here as {@link Body#onPinned} would. Same discipline as pinReason.
     */
    void notePinned(PinReason reason) {
        pinReason = reason;
    }

    /** The strand running on the calling thread, or null if the caller is not a strand. */
    static CoroutineStrand<?> current() {
        // The carrier's own code runs as the carrier (unmount restores it), so it is never taken for a strand.
        Thread t = Thread.currentThread();
        if (t instanceof StrandIdentity id) {
            return id.runner();
        }
        return currentWithThreadIdentity(t);
    }

    /**
     * The strand whose identity is the program's own Thread {@code t} (threads as strands), or null:
     * only a mounted identity differs from the platform thread underneath, and then the carrier
     * knows the strand it runs. A plain thread costs one more current-thread read.
     */
    private static CoroutineStrand<?> currentWithThreadIdentity(Thread t) {
        return ThreadAccess.currentCarrier() instanceof Carrier c && c != t
                && c.running() instanceof CoroutineStrand<?> s && s.identity == t ? s : null;
    }

    // ---------------------------------------------------------------- state helpers

    @Override
    String rawState() {
        return state + " as " + identity;
    }

    private void setState(State s) {
        state = s;
    }

    private boolean compareAndSetState(State expected, State next) {
        return STATE.compareAndSet(this, expected, next);
    }

    // ---------------------------------------------------------------- lifecycle (spawner, carrier)

    /** Spawner: NEW -> RUNNABLE and submit. */
    void start() {
        assert state == State.NEW : state;
        setState(State.RUNNABLE);
        try {
            if (group == null) {
                backend.scheduler().submit(this);
            } else {
                backend.scheduler().submitBound(this); // its group's carrier's inbox
            }
        } catch (RuntimeException rejected) {
            setState(State.DONE);
            fail(rejected);
            throw rejected;
        }
    }

    /** Carrier: runs the strand until its next yield or its end, then finishes the transition it began. */
    @Override
    public void run() {
        Carrier c = (Carrier) Thread.currentThread(); // the carrier's own code runs as the carrier
        assert state == State.RUNNABLE : "inconsistent state: " + state;
        assert group == null || group.carrier() == c : "group member run on " + c;
        setState(State.RUNNING);
        mount(c);
        boolean broken = false;
        try {
            cont.run();
        } catch (Throwable e) {
            broken = true; // the continuation machinery itself failed: the strand's failure, never the carrier's
            fail(e);
        }
        unmount(c);
        if (broken) {
            setState(State.DONE);
            backend.strandEnded(this);
            c.count(Carrier.Stat.ENDS);
            return;
        }
        afterYield(c);
    }

    /** Carrier: the strand's identity becomes the current thread; its interrupt status is mirrored. */
    private void mount(Carrier c) {
        carrier = c; // volatile write, then read the status: pairs with identityInterrupted's write-then-read
        Thread id = mounted;
        if (id.isInterrupted()) {
            c.interrupt();
        }
        ThreadAccess.setCurrentThread(c, id);
    }

    /** Carrier: the carrier is the current thread again, with its interrupt flag (the mirror) cleared. */
    private void unmount(Carrier c) {
        ThreadAccess.setCurrentThread(c, c);
        lockInterrupt();
        carrier = null;
        Thread.interrupted(); // the mirror: the status itself stays on the identity
        unlockInterrupt();
    }

    /**
     * The strand itself: makes {@code id} the current thread (a coroutine's identity as its body
     * starts a step nested in this strand, and this strand's previous one back as the step ends),
     * with the carrier's interrupt mirror following it. Returns the identity it replaced.
     */
    Thread switchIdentity(Thread id) {
        Thread previous = mounted;
        lockInterrupt();
        try {
            Carrier c = carrier; // mounted: this strand runs
            mounted = id;
            ThreadAccess.clearInterrupt(c);
            if (id.isInterrupted()) {
                c.interrupt();
            }
            ThreadAccess.setCurrentThread(c, id);
        } finally {
            unlockInterrupt();
        }
        return previous;
    }

    /** Carrier, after cont.run() returned: completes the transition the strand started before it yielded. */
    private void afterYield(Carrier c) {
        State s = state;
        switch (s) {
            case PARKING -> {
                Timer t = pendingTimer;
                pendingTimer = null;
                setState(State.PARKED);           // from here on the strand may run elsewhere
                c.count(Carrier.Stat.PARKS);
                backend.arm(t);                   // armed only now that the stack is off the carrier
                if (permit || mounted.isInterrupted()) { // the re-check: a wake that came while PARKING
                    wake(State.PARKED);
                }
            }
            case SLEEPING -> {
                Timer t = pendingTimer;
                pendingTimer = null;
                setState(State.ASLEEP);
                c.count(Carrier.Stat.PARKS);
                backend.arm(t);
                if (mounted.isInterrupted()) {
                    wake(State.ASLEEP);
                }
            }
            case YIELDING -> {
                setState(State.RUNNABLE);
                backend.scheduler().requeue(this);
            }
            case RUNNING -> {
                if (!cont.isDone()) {
                    throw new IllegalStateException("inconsistent state: " + s + " after the continuation returned");
                }
                setState(State.DONE);
                backend.strandEnded(this);
                c.count(Carrier.Stat.ENDS);
            }
            default -> throw new IllegalStateException("inconsistent state: " + s);
        }
    }

    /** Makes the strand runnable if it is still in {@code from}; whoever wins the CAS submits it. */
    private void wake(State from) {
        if (compareAndSetState(from, State.RUNNABLE)) {
            backend.scheduler().wake(this);
        }
    }

    // ---------------------------------------------------------------- blocking operations (the strand itself)

    /**
     * Parks until a permit, an interrupt or the timeout. The strand itself only. Returns whether it
     * waited; false means it returned at once (permit or interrupt).
     */
    boolean park(long nanos) {
        assert current() == this : "park from outside the strand";
        if (inAtomic()) {
            throw AtomicRegions.refused("park");
        }
        if (permit) {
            permit = false;
            return false;
        }
        return suspend(nanos);
    }

    /** Parks the strand until a permit, an interrupt or the deadline. */
    private boolean suspend(long nanos) {
        if (Thread.currentThread().isInterrupted()) {
            return false;
        }
        boolean timed = nanos < FOREVER_NANOS;
        timedPark = timed;
        long deadline = System.nanoTime() + nanos;
        ParkTimer timer = timed ? new ParkTimer(this, deadline) : null;
        pendingTimer = timer;
        setState(State.PARKING);
        if (!yieldContinuation()) {
            pendingTimer = null;
            blockCarrierInPark(timed, deadline);
        }
        permit = false; // consumed, whatever woke us (LockSupport's contract)
        if (timer != null && System.nanoTime() - deadline < 0) {
            backend.scheduler().cancel(timer); // woken early: drop the timer; if it fired meanwhile this is a no-op
        }
        return true;
    }

    /**
     * Before the strand blocks its carrier natively: the carrier's interrupt mirror is cleared if the
     * identity's status was cleared meanwhile ({@code Thread.interrupted()} in the strand clears only
     * the identity's), so a stale mirror cannot end the carrier's wait.
     */
    private void syncInterruptMirror() {
        lockInterrupt();
        try {
            Carrier c = carrier;
            if (!mounted.isInterrupted() && c.isInterrupted()) {
                ThreadAccess.clearInterrupt(c);
            }
        } finally {
            unlockInterrupt();
        }
    }

    /** Pinned park: blocks the carrier thread; one wait, as spurious returns are allowed. */
    private void blockCarrierInPark(boolean timed, long deadline) {
        // PINNED is a volatile write, then permit is read: pairs with unpark's write-then-read
        boolean section = enterBlocking(BlockingCall.PINNED_PARK);
        try {
            if (!permit && !Thread.currentThread().isInterrupted()) {
                if (!timed) {
                    LockSupport.park(this);
                } else {
                    long left = deadline - System.nanoTime();
                    if (left > 0) {
                        LockSupport.parkNanos(this, left);
                    }
                }
            }
        } finally {
            if (section) {
                exitBlocking();
            }
        }
    }

    /**
     * Protocol "blocking" (the scheduler's package essay): the strand is about to block its carrier
     * thread in {@code call}. The outermost of nested sections marks the strand PINNED (so pal's
     * own hooks let the JDK's park, sleep and yield through, and a wake-up unparks the carrier),
     * brings the carrier's interrupt mirror up to date, counts the hand-off and has the scheduler
     * give the carrier's other work away. Returns false, opening nothing, when called from inside
     * this bookkeeping (its own class loading reads jars); else pair it with {@link #exitBlocking()}.
     */
    boolean enterBlocking(BlockingCall call) {
        assert current() == this : "blocking section from outside the strand";
        Carrier c = carrier;
        if (!c.enterHook()) {
            return false;
        }
        try {
            if (backend.scheduler().blockingBegins(c, call)) { // else nested: the outermost section handed off
                setState(State.PINNED);
                syncInterruptMirror();
                backend.handedOff(call);
            }
        } finally {
            c.exitHook();
        }
        return true;
    }

    /** Ends the innermost blocking section; the outermost makes the strand RUNNING again and records how long it blocked. */
    void exitBlocking() {
        Carrier c = carrier;
        boolean hook = c.enterHook();
        assert hook : "a blocking section ended inside pal's own bookkeeping";
        try {
            long since = c.blockingSince();
            if (backend.scheduler().blockingEnds(c) instanceof BlockingCall call) {
                setState(State.RUNNING);
                backend.blocked(this, call, since);
            }
        } finally {
            c.exitHook();
        }
    }

    /** Sleeps at least {@code nanos} (> 0). Never returns early; a permit is neither used nor consumed. */
    void sleep(long nanos) throws InterruptedException {
        assert current() == this : "sleep from outside the strand";
        if (inAtomic()) {
            throw AtomicRegions.refused("sleep");
        }
        boolean forever = nanos >= FOREVER_NANOS;
        long deadline = System.nanoTime() + nanos;
        while (true) {
            if (Thread.interrupted()) {
                throw new InterruptedException();
            }
            long left = forever ? Long.MAX_VALUE : deadline - System.nanoTime();
            if (left <= 0) {
                return;
            }
            ParkTimer timer = forever ? null : new ParkTimer(this, deadline);
            pendingTimer = timer;
            setState(State.SLEEPING);
            if (yieldContinuation()) {
                if (timer != null && System.nanoTime() - deadline < 0) {
                    backend.scheduler().cancel(timer);
                }
            } else {
                pendingTimer = null;
                boolean section = enterBlocking(BlockingCall.PINNED_PARK);
                try {
                    Thread.sleep(Duration.ofNanos(left)); // an interrupt reaches it through the carrier's mirror
                } catch (InterruptedException e) {
                    Thread.interrupted(); // the identity's status: cleared as the exception says
                    throw e;
                } finally {
                    if (section) {
                        exitBlocking();
                    }
                }
            }
        }
    }

    /** Lets other runnable strands run; the strand goes behind all runnable work. */
    void yieldNow() {
        assert current() == this : "yield from outside the strand";
        if (inAtomic()) {
            throw AtomicRegions.refused("yield");
        }
        setState(State.YIELDING);
        if (!yieldContinuation()) {
            setState(State.PINNED); // so that a shim on Thread.yield lets the JDK's through
            Thread.yield();
            setState(State.RUNNING);
        }
    }

    // ---------------------------------------------------------------- pins (the strand itself, from shims)

    /**
     * Whether a blocking JDK call the strand makes now should come to the backend. False while the
     * strand blocks its carrier on purpose (PINNED): the backend's own fallback calls (Thread.sleep,
     * LockSupport.park) must reach the JDK, not come back here.
     */
    boolean sharesCarrier() {
        return state != State.PINNED;
    }

    @Override
    public boolean blocksCarrier() {
        return state == State.PINNED;
    }

    /** Yields the continuation; on return the strand runs again (state RUNNING). False if the JVM refused (pinned). */
    private boolean yieldContinuation() {
        assert !inAtomic() : "unmounting inside an atomic region";
        if (Continuation.yield(SCOPE)) {
            return true;
        }
        PinReason r = pinReason;
        pinReason = null;
        backend.pinned(this, r == null ? PinReason.OTHER : r);
        return false;
    }

    // ---------------------------------------------------------------- waking (any thread)

    /** Leaves a permit; wakes the strand if it is parked. Never blocks. */
    void unpark() {
        if (permit) {
            return; // a permit is pending: whoever set it makes sure the strand sees it
        }
        if (!(boolean) PERMIT.getAndSet(this, true)) {
            wakeForPermit();
        }
    }

    /**
     * After a permit was published (volatile write, then this state read: pairs with the carrier's
     * PARKED write, then permit read): wakes a parked strand, or the carrier a pinned one blocks.
     */
    private void wakeForPermit() {
        State s = state;
        if (s == State.PARKED) {
            wake(State.PARKED);
        } else if (s == State.PINNED) {
            Carrier c = carrier;
            if (c != null) {
                LockSupport.unpark(c); // a pinned strand waits as its carrier
            }
        }
    }

    /** Timer expiry: wakes the strand if it is parked or asleep; no permit. */
    void timeout() {
        State s = state;
        if (s == State.PARKED || s == State.ASLEEP) {
            wake(s);
        }
    }

    /** The pal API's interrupt: the identity's, as {@code identity.interrupt()} from any thread. */
    @Override
    public void interrupt() {
        identity.interrupt();
    }

    @Override
    public boolean isInterrupted() {
        return identity.isInterrupted();
    }

    /**
     * Any thread, after {@code id}'s status was set (volatile write, then this carrier read: pairs
     * with mount's write-then-read): mirrors it onto the carrier if {@code id} is mounted there, then
     * wakes the strand if it is parked or asleep, like a timer, without a permit.
     */
    void identityInterrupted(Thread id) {
        lockInterrupt();
        try {
            Carrier c = carrier;
            if (c != null && mounted == id) {
                c.interrupt(); // a carrier blocked in Object.wait for this strand wakes up
            }
        } finally {
            unlockInterrupt();
        }
        timeout();
    }

    private void lockInterrupt() {
        int spins = 0;
        while (!INTERRUPT_LOCK.compareAndSet(this, 0, 1)) {
            if (++spins % 64 == 0) {
                Thread.yield(); // the holder was descheduled mid-way: let it finish
            } else {
                Thread.onSpinWait();
            }
        }
    }

    private void unlockInterrupt() {
        INTERRUPT_LOCK.setRelease(this, 0);
    }

    // ---------------------------------------------------------------- observing

    @Override
    public StrandState state() {
        if (isDone()) {
            return StrandState.DONE;
        }
        return switch (state) {
            case NEW -> StrandState.NEW;
            case RUNNABLE, YIELDING -> StrandState.RUNNABLE;
            case RUNNING -> StrandState.RUNNING;
            case PARKING, PARKED, SLEEPING, ASLEEP, INSPECTING -> StrandState.PARKED;
            case PINNED -> StrandState.BLOCKED;
            case DONE -> StrandState.DONE;
        };
    }

    /**
     * What {@code getState()} says of a program's Thread that is this strand's identity (threads as
     * strands): suspended is WAITING (TIMED_WAITING asleep or in a park with a timeout); running or pinned, the carrier's own
     * state, so a strand blocked entering a monitor or in {@code Object.wait} shows BLOCKED or
     * WAITING as a thread would. Any thread; a snapshot.
     */
    Thread.State threadState() {
        return switch (state) {
            case NEW, RUNNABLE, YIELDING -> Thread.State.RUNNABLE;
            case PARKING, PARKED, INSPECTING -> timedPark ? Thread.State.TIMED_WAITING : Thread.State.WAITING;
            case SLEEPING, ASLEEP -> Thread.State.TIMED_WAITING;
            case RUNNING, PINNED -> {
                Carrier c = carrier;
                yield c != null ? c.getState() : Thread.State.RUNNABLE;
            }
            case DONE -> Thread.State.TERMINATED;
        };
    }

    /**
     * The stack of a parked or sleeping strand, taken while it is held in INSPECTING so that nobody
     * can mount it meanwhile; empty for a strand in any other state (running ones move too fast).
     */
    @Override
    StackTraceElement[] stackTrace() {
        State s = state;
        if ((s != State.PARKED && s != State.ASLEEP) || !compareAndSetState(s, State.INSPECTING)) {
            return new StackTraceElement[0];
        }
        try {
            return cont.getStackTrace();
        } catch (RuntimeException e) {
            return new StackTraceElement[0];
        } finally {
            setState(s);
            wake(s); // wakers during the inspection saw INSPECTING and did nothing: wake (maybe spuriously)
        }
    }

    /** Expires a park or a sleep. */
    private static final class ParkTimer extends Timer {
        /** The strand to wake. Immutable. */
        private final CoroutineStrand<?> strand;

        ParkTimer(CoroutineStrand<?> strand, long deadline) {
            super(deadline);
            this.strand = strand;
        }

        @Override
        protected void expire() {
            strand.timeout();
        }
    }

}
