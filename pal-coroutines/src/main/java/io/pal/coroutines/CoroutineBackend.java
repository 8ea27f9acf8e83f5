package io.pal.coroutines;

import io.pal.BackendName;
import io.pal.Strand;
import io.pal.coroutine.Coroutine;
import io.pal.coroutine.HandoffCoroutine;
import io.pal.coroutines.poll.NetPoll;
import io.pal.coroutines.sched.Carrier;
import io.pal.coroutines.sched.Watchdog;
import io.pal.coroutines.sched.Scheduler;
import io.pal.coroutines.timer.Timer;
import io.pal.group.StrandGroup;
import io.pal.spi.AdoptedStrand;
import io.pal.spi.AtomicRegions;
import io.pal.spi.Backend;
import io.pal.spi.PalConfig;
import io.pal.spi.BlockingCall;
import io.pal.spi.PinReason;
import io.pal.spi.Shim;

import jdk.internal.vm.Continuation;

import java.io.IOException;
import java.time.Duration;
import java.util.Map;
import java.util.ServiceLoader;
import java.util.concurrent.Callable;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.locks.LockSupport;
import java.util.function.LongConsumer;

/**
 * The coroutine backend: strands on continuations, run by a {@link Scheduler} whose carriers also
 * expire its timers and poll a {@link NetPoll} for I/O (protocol "drive" in the sched package
 * essay): no thread beside the carriers but the watchdog. One instance owns them all; the facade's
 * default instance lives as long as the JVM, tests make and {@link #close} their own.
 *
 * <p>Every call that acts on "the caller" checks whether the caller is a strand (its carrier is
 * running one); any other thread is adopted and simply blocks, as on the thread backend.
 */
final class CoroutineBackend implements Backend, AutoCloseable {

    /** Runs the strands. Immutable. */
    private final Scheduler scheduler;
    /** The scheduler every unbound virtual strand's thread is given: runs and times on {@link #scheduler}. Immutable. */
    private final VirtualThreadScheduler virtualThreads;
    /** Descriptor waits: the netpoll idle carriers poll; opened at first use. Guarded by {@code this} to create. */
    private volatile NetPoll netPoll;
    /** How a descriptor wait parks its caller (a strand, or an adopted thread). Immutable. */
    private final LongConsumer parkForDescriptor = this::parkNanos;
    /** Counters. Immutable reference, concurrent adders. */
    private final Counters counters = new Counters();
    /** Strands spawned and not yet ended, for dumps. Added by spawners, removed by carriers. */
    private final StrandRegistry live;
    /** The JDK thread container virtual strands start in; its threads are {@link #live}'s. Immutable. */
    private final StrandContainer container;
    /** Prefix of this backend's thread names. Immutable. */
    private final String name;
    /** Reports pins beyond counting them (JFR, pal.tracePins). Immutable. */
    private final PinTrace pinTrace = PinTrace.fromSystemProperties();
    /** Watches for a whole-backend deadlock; fed by the watchdog's ticks. Immutable. */
    private final DeadlockWatch deadlockWatch;
    /** The last deadlock report, for diagnostics. Written by the watchdog thread. */
    private volatile String lastDeadlockReport;
    /** Groups created so far: the next group is bound to carrier {@code groups % carriers} (round robin). */
    private final AtomicInteger groups = new AtomicInteger();
    /** Strands whose identity is a program's own Thread (threads as strands), by that Thread. Added by starters before the strand runs, removed by carriers as it ends. */
    private final Map<Thread, CoroutineStrand<?>> threadStrands = new ConcurrentHashMap<>();

    private CoroutineBackend(String name, PalConfig config) {
        this.name = name;
        this.deadlockWatch = new DeadlockWatch(this, DeadlockWatch.delayFromSystemProperties(), this::reportDeadlock);
        this.scheduler = Scheduler.start(name, config.carriers(), config.maxCarriers(), Scheduler.QUEUE_CAPACITY,
                new WatchdogListener());
        this.live = new StrandRegistry(config.carriers());
        this.container = new StrandContainer(this, name);
        this.virtualThreads = new VirtualThreadScheduler(scheduler, scheduler, null);
    }

    /**
     * Starts a backend with {@code config.carriers()} carriers named {@code name-carrier-N} (and up to
     * {@code config.maxCarriers()} in all, spares for carriers blocked in calls) and a watchdog; the
     * netpoll opens at the first descriptor wait. Shims are not installed: see {@link #installShims}.
     */
    static CoroutineBackend create(String name, PalConfig config) {
        return new CoroutineBackend(name, config);
    }

    /**
     * Installs every {@link Shim} on the class path (ServiceLoader) on behalf of this backend, so
     * that unmodified blocking code in its strands (Thread.sleep, sockets, j.u.c. locks) comes here.
     * The process-wide backend does this once when it is created; a test's private backend may.
     * Shims route to the last backend that installed them.
     *
     * @throws io.pal.PalConfigurationException a shim cannot be installed (it names the missing flag)
     */
    CoroutineBackend installShims() {
        for (Shim shim : ServiceLoader.load(Shim.class, CoroutineBackend.class.getClassLoader())) {
            shim.install(this);
        }
        return this;
    }

    @Override
    public BackendName name() {
        return BackendName.COROUTINES;
    }

    // ---------------------------------------------------------------- for shims

    /** A field read and a state read: true inside a strand, except while it blocks its carrier on purpose. */
    @Override
    public boolean currentSharesCarrier() {
        CoroutineStrand<?> s = CoroutineStrand.current();
        return s != null && s.sharesCarrier();
    }

    /**
     * LockSupport.park in a strand: the strand's own park, with the same permit as {@link #park()}
     * (j.u.c. recorded the strand's identity as the waiter, and its unpark comes to
     * {@link #unparkThread}).
     */
    @Override
    public boolean parkThread(long nanos) {
        CoroutineStrand<?> s = CoroutineStrand.current();
        if (s == null) {
            return false;
        }
        s.park(nanos);
        return true;
    }

    /** LockSupport.unpark of a strand's (or a coroutine's) identity, which has no native thread: a permit for the strand. */
    @Override
    public void unparkThread(Thread thread) {
        if (thread instanceof StrandIdentity id) {
            id.unpark();
        } else if (!threadStrands.isEmpty()) {
            CoroutineStrand<?> s = threadStrands.get(thread);
            if (s != null) {
                s.unpark();
            }
        }
    }

    /** A blocking call in a strand (shim-jdk's advice on file I/O, Object.wait, ...): the carrier hands its other work away. */
    @Override
    public boolean beginBlocking(BlockingCall call) {
        CoroutineStrand<?> s = CoroutineStrand.current();
        if (s != null) {
            return s.enterBlocking(call);
        }
        return call != BlockingCall.OBJECT_WAIT && enterBlocking(call); // the JVM unmounts a virtual thread in Object.wait
    }

    @Override
    public boolean endBlocking() {
        CoroutineStrand<?> s = CoroutineStrand.current();
        if (s != null) {
            if (s.carrier().blockingCall() == null) {
                return false;
            }
            s.exitBlocking();
            return true;
        }
        return exitBlocking();
    }

    /**
     * Protocol "blocking" for a virtual strand about to block its carrier in {@code call}: the
     * carrier's other work is handed away, and the strand's continuation is pinned until the section
     * ends, so that a park inside the call (a lock the JDK takes there) waits on this carrier rather
     * than unmounting and ending the section on another one. False outside a virtual strand of this
     * backend, or inside pal's own bookkeeping; else pair it with {@link #exitBlocking()}.
     */
    private boolean enterBlocking(BlockingCall call) {
        Carrier c = scheduler.currentCarrier();
        if (c == null || c == Thread.currentThread() || !c.enterHook()) {
            return false;
        }
        try {
            Continuation.pin();
            if (scheduler.blockingBegins(c, call)) { // else nested: the outermost section handed off
                counters.handedOff(call);
            }
        } finally {
            c.exitHook();
        }
        return true;
    }

    /** Ends the innermost blocking section a virtual strand opened; the outermost records how long it blocked. */
    private boolean exitBlocking() {
        Carrier c = scheduler.currentCarrier();
        if (c == null || c.blockingCall() == null) {
            return false;
        }
        boolean hook = c.enterHook();
        assert hook : "a blocking section ended inside pal's own bookkeeping";
        try {
            long since = c.blockingSince();
            if (scheduler.blockingEnds(c) instanceof BlockingCall call) {
                blocked(current(), call, since);
            }
        } finally {
            Continuation.unpin();
            c.exitHook();
        }
        return true;
    }

    /** A strand's outermost blocking section began: counted by call. */
    void handedOff(BlockingCall call) {
        counters.handedOff(call);
    }

    /**
     * A strand's outermost blocking section, begun at {@code since} (nanoTime), ended: a JFR event
     * when a recording wants one and the call lasted {@link BlockedEvent#MIN_NANOS} or more (a
     * page-cache read every few microseconds would otherwise flood the recording). The event class is
     * loaded only once JFR is up in this JVM ({@link PinTrace#jfrStarted}).
     */
    void blocked(Strand<?> s, BlockingCall call, long since) {
        long blocked = System.nanoTime() - since;
        if (blocked < BlockedEvent.MIN_NANOS || !PinTrace.jfrStarted()) {
            return;
        }
        BlockedEvent e = new BlockedEvent();
        if (e.isEnabled()) {
            e.call = call.name();
            e.strand = s.name();
            e.carrier = Thread.currentThread().getName();
            e.blocked = blocked;
            e.commit();
        }
    }

    /** A strand whose identity is {@code thread} itself (threads as strands). */
    @Override
    public boolean startThread(Thread thread, Runnable body) {
        CoroutineStrand<Void> s = new CoroutineStrand<>(this, thread, () -> {
            body.run();
            return null;
        });
        threadStrands.put(thread, s); // before it can run, so that no unpark of it is lost
        try {
            start(s);
        } catch (RuntimeException rejected) {
            threadStrands.remove(thread, s);
            throw rejected;
        }
        return true;
    }

    /** Wakes the strand whose identity {@code thread} is, as {@link StrandIdentity#interrupt} does for its own. */
    @Override
    public void interruptThread(Thread thread) {
        CoroutineStrand<?> s = threadStrands.isEmpty() ? null : threadStrands.get(thread);
        if (s != null) {
            s.identityInterrupted(thread);
        }
    }

    @Override
    public Thread.State stateOfThread(Thread thread) {
        CoroutineStrand<?> s = threadStrands.isEmpty() ? null : threadStrands.get(thread);
        return s != null ? s.threadState() : null;
    }

    Scheduler scheduler() {
        return scheduler;
    }

    io.pal.coroutines.timer.Timers timers() {
        return scheduler.timers();
    }

    Counters counters() {
        return counters;
    }

    /** The netpoll, opened at first use and handed to the scheduler's idle carriers then. */
    private NetPoll netPoll() {
        NetPoll p = netPoll;
        if (p == null) {
            synchronized (this) {
                p = netPoll;
                if (p == null) {
                    netPoll = p = NetPoll.open(CoroutineBackend::wakeDescriptorWaiter);
                    scheduler.setIdlePoller(p);
                }
            }
        }
        return p;
    }

    /** The netpoll's waker: a descriptor waiter is a strand, or the thread of a caller that is not one. */
    private static void wakeDescriptorWaiter(Object waiter) {
        if (waiter instanceof CoroutineStrand<?> s) {
            s.unpark();
        } else {
            LockSupport.unpark((Thread) waiter);
        }
    }

    /** Carrier, after a strand is off its stack: arms its timer, if it has one. */
    void arm(Timer t) {
        if (t != null) {
            scheduler.arm(t);
        }
    }

    /** A strand pinned its carrier (the strand itself calls this, on its carrier): count and trace it. */
    void pinned(CoroutineStrand<?> s, PinReason reason) {
        counters.pinned(reason);
        pinTrace.pinned(s.name(), Thread.currentThread(), reason, null);
    }

    boolean hasIoWaits() {
        NetPoll n = netPoll;
        return n != null && n.waiting() > 0;
    }

    String lastDeadlockReport() {
        return lastDeadlockReport;
    }

    private void reportDeadlock(String report) {
        lastDeadlockReport = report;
        System.err.println(report);
    }

    /**
     * The watchdog's reports: stuck carriers are counted as pins (when nobody announced them); ticks
     * feed the deadlock watch and poll the network if nobody has for a while (Go's sysmon).
     */
    private final class WatchdogListener implements Watchdog.Listener {
        @Override
        public void stuck(Carrier c, Runnable t, boolean announced, long nanos) {
            if (!announced && t != null) {
                if (c.getState() == Thread.State.BLOCKED) {
                    counters.handedOff(BlockingCall.MONITOR_ENTER);
                }
                counters.pinned(PinReason.STUCK);
                String who = t instanceof CoroutineStrand<?> s ? s.name() : "the virtual strand on " + c.getName();
                pinTrace.pinned(who, c, PinReason.STUCK, c.getStackTrace());
            }
        }

        @Override
        public void tick(long now) {
            NetPoll n = netPoll;
            if (n != null) {
                n.pollIfStale(now);
            }
            deadlockWatch.tick(now);
        }
    }

    /** A strand ended (for a virtual strand: its thread terminated); null (a strand not found) is ignored. */
    void strandEnded(PalStrand<?> s) {
        if (s == null) {
            return;
        }
        live.remove(s);
        if (s instanceof CoroutineStrand<?> c && !(c.identity() instanceof StrandIdentity)) {
            threadStrands.remove(c.identity(), c);
        }
    }

    StrandRegistry liveStrands() {
        return live;
    }

    StrandContainer container() {
        return container;
    }

    // ---------------------------------------------------------------- Backend

    @Override
    public <T> Strand<T> spawn(String strandName, Callable<T> task) {
        return spawn(strandName, task, null);
    }

    /**
     * Spawns a strand, a virtual thread run by this backend's scheduler, or a member of
     * {@code group} if that is not null (it then runs only on the group's carrier).
     */
    <T> Strand<T> spawn(String strandName, Callable<T> task, CarrierGroup group) {
        if (scheduler.isShutdown()) {
            throw new RejectedExecutionException("backend " + name + " is shut down");
        }
        VirtualStrand<T> s = new VirtualStrand<>(this, strandName, task, group == null ? virtualThreads : group.executor());
        register(s);
        try {
            s.start(container);
        } catch (RuntimeException | Error rejected) {
            live.remove(s);
            throw rejected;
        }
        return s;
    }

    /** Spawns a strand whose identity is a Thread of pal's own, mounted on carriers (a coroutine's host). */
    <T> Strand<T> spawnIdentityStrand(String strandName, Callable<T> task) {
        return start(new CoroutineStrand<>(this, strandName, task, null));
    }

    private void register(PalStrand<?> s) {
        live.add(s);
        counters.spawned();
    }

    private <T> Strand<T> start(CoroutineStrand<T> s) {
        register(s);
        try {
            s.start();
        } catch (RuntimeException rejected) {
            live.remove(s);
            throw rejected;
        }
        return s;
    }

    /** {@link #spawn(String, Callable)} without a name. */
    <T> Strand<T> spawn(Callable<T> task) {
        return spawn(null, task);
    }

    @Override
    public Strand<?> current() {
        VirtualStrand<?> v = VirtualStrand.current();
        if (v != null) {
            return v;
        }
        CoroutineStrand<?> s = CoroutineStrand.current();
        return s != null ? s : AdoptedStrand.ofCurrentThread();
    }

    /**
     * Made in a strand whose identity is a Thread of pal's (threads as strands): a continuation run
     * nested in the resumer's own strand ({@link ContinuationCoroutine}). Anywhere else: a body in a
     * strand of its own that each resume hands off to ({@link HandoffCoroutine}), since a
     * continuation nested in a virtual thread would keep that thread as its current thread, and
     * compiled code may keep it across a yield and a resume by another strand (ADR 0017).
     */
    @Override
    public <I, O> Coroutine<I, O> newCoroutine(Coroutine.Body<I, O> body) {
        return CoroutineStrand.current() != null ? new ContinuationCoroutine<>(this, body) : new HandoffCoroutine<>(this, body);
    }

    /** A group bound to one carrier, chosen round robin (see {@link CarrierGroup}). */
    @Override
    public StrandGroup newGroup(String groupName) {
        int n = scheduler.parallelism(); // never a spare: spares exit when idle
        return new CarrierGroup(this, groupName, scheduler.carrier(Math.floorMod(groups.getAndIncrement(), n)));
    }

    @Override
    public StrandGroup currentGroup() {
        VirtualStrand<?> v = VirtualStrand.current();
        if (v != null) {
            return v.group();
        }
        CoroutineStrand<?> s = CoroutineStrand.current();
        return s != null ? s.group() : null;
    }

    /**
     * A virtual strand's waits are the JDK's, and a thread that is not a strand waits by blocking;
     * inside an atomic region neither may. Identity strands check in CoroutineStrand.
     */
    private static void refuseInAtomic(String operation) {
        VirtualStrand<?> v = VirtualStrand.current();
        if (v != null ? v.inAtomic() : AdoptedStrand.ofCurrentThread().inAtomic()) {
            throw AtomicRegions.refused(operation);
        }
    }

    @Override
    public void park() {
        CoroutineStrand<?> s = CoroutineStrand.current();
        if (s != null) {
            s.park(CoroutineStrand.FOREVER_NANOS);
        } else {
            refuseInAtomic("park");
            LockSupport.park(); // a virtual strand's park is the JDK's
        }
    }

    @Override
    public void parkNanos(long nanos) {
        if (nanos <= 0) {
            return;
        }
        CoroutineStrand<?> s = CoroutineStrand.current();
        if (s != null) {
            s.park(nanos);
        } else {
            refuseInAtomic("park");
            LockSupport.parkNanos(nanos);
        }
    }

    @Override
    public void unpark(Strand<?> strand) {
        switch (strand) {
            case VirtualStrand<?> v -> LockSupport.unpark(v.thread());
            case CoroutineStrand<?> s -> s.unpark();
            case AdoptedStrand a -> LockSupport.unpark(a.thread());
            default -> throw new IllegalArgumentException("not a strand of the coroutines backend: " + strand);
        }
    }

    @Override
    public void sleep(long nanos) throws InterruptedException {
        if (nanos <= 0) {
            if (Thread.interrupted()) {
                throw new InterruptedException();
            }
            return;
        }
        CoroutineStrand<?> s = CoroutineStrand.current();
        if (s != null) {
            s.sleep(nanos);
        } else {
            refuseInAtomic("sleep");
            Thread.sleep(Duration.ofNanos(nanos));
        }
    }

    @Override
    public void yieldNow() {
        CoroutineStrand<?> s = CoroutineStrand.current();
        if (s != null) {
            s.yieldNow();
        } else {
            refuseInAtomic("yield");
            Thread.yield();
        }
    }

    /** The current thread is the strand's identity, which holds its status. */
    @Override
    public boolean interrupted() {
        return Thread.interrupted();
    }

    /**
     * Protocol "wait" in the poll package essay: the strand parks until a poll finds the descriptor
     * ready, {@link #descriptorClosing} is called for it, its time is up, or it is interrupted; an
     * adopted thread parks its thread the same way. Allocates nothing once the descriptor is known.
     */
    @Override
    public void awaitDescriptor(int fd, int event, long timeoutNanos) throws IOException {
        if (event != POLLIN && event != POLLOUT) {
            throw new IllegalArgumentException("event must be POLLIN (1) or POLLOUT (4), not " + event);
        }
        if (timeoutNanos <= 0 || Thread.currentThread().isInterrupted()) {
            return;
        }
        AtomicRegions.check(this, "readiness wait");
        CoroutineStrand<?> s = CoroutineStrand.current();
        netPoll().await(fd, event, s != null ? s : Thread.currentThread(), timeoutNanos, parkForDescriptor);
    }

    @Override
    public void descriptorClosing(int fd, int event) {
        NetPoll p = netPoll;
        if (p != null && (event == POLLIN || event == POLLOUT)) {
            p.closing(fd, event);
        }
    }

    @Override
    public void descriptorReleased(int fd) {
        NetPoll p = netPoll;
        if (p != null) {
            p.release(fd);
        }
    }

    // ---------------------------------------------------------------- lifecycle

    /** Shuts the scheduler and the netpoll down (protocol "shutdown" in the sched essay); queued timers never expire. */
    @Override
    public void close() {
        container.close();
        scheduler.shutdown();
        NetPoll n = netPoll;
        if (n != null) {
            n.close(); // after the shutdown's wakeups: a carrier blocked in it comes out, then it closes
        }
    }

    /** Waits for every thread of this backend to exit after {@link #close}. */
    boolean awaitTermination(Duration timeout) throws InterruptedException {
        return scheduler.awaitTermination(timeout);
    }

    @Override
    public String toString() {
        return "CoroutineBackend[" + scheduler +  " timers=" + scheduler.timers().size() + " live=" + live.size() + "]";
    }
}
