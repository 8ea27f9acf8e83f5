package io.pal.coroutines;

import io.pal.BackendName;
import io.pal.Strand;
import io.pal.coroutine.Coroutine;
import io.pal.coroutine.CoroutineSupport;
import io.pal.coroutine.HandoffCoroutine;
import io.pal.coroutines.poll.NetPoll;
import io.pal.coroutines.sched.Scheduler;
import io.pal.coroutines.timer.Timer;
import io.pal.group.GroupSupport;
import io.pal.group.StrandGroup;
import io.pal.spi.AdoptedStrand;
import io.pal.spi.AtomicRegions;
import io.pal.spi.Backend;
import io.pal.spi.BlockingCall;
import io.pal.spi.PalConfig;
import io.pal.spi.PinReason;
import io.pal.spi.Shim;
import io.pal.spi.StartupTrace;

import java.time.Duration;
import java.util.ServiceLoader;
import java.util.concurrent.Callable;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.locks.LockSupport;

/**
 * The coroutine backend's composition root and its {@link Backend}: strands run by a
 * {@link Scheduler} whose carriers also expire its timers and poll a {@link NetPoll} for I/O
 * (protocol "drive" in the sched package essay): no thread beside the carriers but the watchdog.
 * One instance owns them all, and the parts that serve one concern each: {@link CoroutineShimHooks}
 * (what the shims call), {@link ThreadStrands} (threads run as strands), {@link Reports} (pins,
 * deadlocks, the watchdog's listener), {@link StrandRegistry} (live strands, for dumps). The facade's
 * default instance lives as long as the JVM; tests make and {@link #close} their own. The
 * concepts and protocols are told in the package essay.
 *
 * <p>Every call that acts on "the caller" checks whether the caller is a strand (its carrier is
 * running one); any other thread is adopted and simply blocks, as on the thread backend.
 */
final class CoroutineBackend implements Backend, GroupSupport, CoroutineSupport, AutoCloseable {

    /** Runs the strands. Immutable. */
    private final Scheduler scheduler;
    /** The scheduler every unbound virtual strand's thread is given: runs and times on {@link #scheduler}. Immutable. */
    private final VirtualThreadScheduler virtualThreads;
    /** Descriptor waits: the netpoll idle carriers poll; opened at first use. Guarded by {@code this} to create. */
    private volatile NetPoll netPoll;
    /** Counters. Immutable reference, concurrent adders. */
    private final Counters counters = new Counters();
    /** Strands spawned and not yet ended, for dumps. Added by spawners, removed by carriers. */
    private final StrandRegistry live;
    /** The JDK thread container virtual strands start in; its threads are {@link #live}'s. Immutable. */
    private final StrandContainer container;
    /** Prefix of this backend's thread names. Immutable. */
    private final String name;
    /** Pins, long blocking calls, stuck carriers and deadlocks, reported; the watchdog's listener. Immutable. */
    private final Reports reports = new Reports(this, counters);
    /** Groups created so far: the next group is bound to carrier {@code groups % carriers} (round robin). */
    private final AtomicInteger groups = new AtomicInteger();
    /** The program's threads run as strands (threads as strands). Immutable. */
    private final ThreadStrands threadStrands = new ThreadStrands(this);
    /** What the shims this backend installs call. Immutable. */
    private final CoroutineShimHooks shimHooks = new CoroutineShimHooks(this, threadStrands);

    private CoroutineBackend(String name, PalConfig config) {
        this.name = name;
        this.scheduler = Scheduler.start(name, config.carriers(), config.maxCarriers(), Scheduler.QUEUE_CAPACITY, reports);
        this.live = new StrandRegistry(config.carriers());
        this.container = new StrandContainer(this, name);
        this.virtualThreads = new VirtualThreadScheduler(this, scheduler, scheduler, null);
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
            shim.install(shimHooks);
            StartupTrace.step(shim.name()); // the shim's class found, loaded and installed
        }
        return this;
    }

    @Override
    public BackendName name() {
        return BackendName.COROUTINES;
    }

    /** A strand's outermost blocking section began: counted by call. */
    void handedOff(BlockingCall call) {
        counters.handedOff(call);
    }

    /** A strand's outermost blocking section, begun at {@code since} (nanoTime), ended: see {@link Reports#blocked}. */
    void blocked(Strand<?> s, BlockingCall call, long since) {
        reports.blocked(s, call, since);
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
    NetPoll netPoll() {
        NetPoll p = netPoll;
        if (p == null) {
            synchronized (this) {
                p = netPoll;
                if (p == null) {
                    netPoll = p = openNetPoll();
                    scheduler.setIdlePoller(p);
                }
            }
        }
        return p;
    }

    /** Opens the netpoll, and loads the classes of a wait's path that the opening does not load. */
    private static NetPoll openNetPoll() {
        NetPoll p = NetPoll.open(CoroutineBackend::wakeDescriptorWaiter);
        AtomicRegions.class.getName(); // CoroutineShimHooks.awaitDescriptor checks it before the netpoll
        return p;
    }

    /** The netpoll if a descriptor wait has opened it, else null. */
    NetPoll netPollIfOpen() {
        return netPoll;
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
        reports.pinned(s, reason);
    }

    boolean hasIoWaits() {
        NetPoll n = netPoll;
        return n != null && n.waiting() > 0;
    }

    String lastDeadlockReport() {
        return reports.lastDeadlockReport();
    }

    /** A strand ended (for a virtual strand: its thread terminated); null (a strand not found) is ignored. */
    void strandEnded(PalStrand<?> s) {
        if (s == null) {
            return;
        }
        live.remove(s);
        if (s instanceof CoroutineStrand<?> c) {
            threadStrands.ended(c);
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
        VirtualStrand<T> s = new VirtualStrand<>(strandName, task, group == null ? virtualThreads : group.executor());
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

    /** Registers and starts an identity strand (a coroutine's host, or a thread run as a strand). */
    <T> Strand<T> start(CoroutineStrand<T> s) {
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
        // two returns, not one conditional: the verifier would load both classes at every start-up
        // to find their common type (ADR 0025)
        if (CoroutineStrand.current() != null) {
            return new ContinuationCoroutine<>(this, body);
        }
        return new HandoffCoroutine<>(this, body);
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

    /**
     * A virtual thread (a strand of {@code Pal.spawn}) parks the JDK's way, checked first: it is never
     * an identity strand, and the fewer values this path holds, the smaller every parked strand's stack.
     */
    @Override
    public void park() {
        CoroutineStrand<?> s = Thread.currentThread().isVirtual() ? null : CoroutineStrand.current();
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
        CoroutineStrand<?> s = Thread.currentThread().isVirtual() ? null : CoroutineStrand.current();
        if (s != null) {
            s.park(nanos);
        } else {
            refuseInAtomic("park");
            LockSupport.parkNanos(nanos);
        }
    }

    @Override
    public void unpark(Strand<?> strand) {
        // instanceof, not a pattern switch, whose first call spins a class at start-up (ADR 0025)
        if (strand instanceof VirtualStrand<?> v) {
            LockSupport.unpark(v.thread());
        } else if (strand instanceof CoroutineStrand<?> s) {
            s.unpark();
        } else if (strand instanceof AdoptedStrand a) {
            LockSupport.unpark(a.thread());
        } else {
            throw new IllegalArgumentException("not a strand of the coroutines backend: " + strand);
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
