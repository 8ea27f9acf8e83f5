package io.pal.sim;

import io.pal.BackendName;
import io.pal.Strand;
import io.pal.group.GroupSupport;
import io.pal.group.StrandGroup;
import io.pal.group.TurnGroup;
import io.pal.spi.AdoptedStrand;
import io.pal.spi.AtomicRegions;
import io.pal.spi.Backend;
import io.pal.spi.SimConfig;
import io.pal.spi.Shim;
import io.pal.spi.ShimHooks;
import io.pal.spi.Simulation;

import java.time.Duration;
import java.util.Map;
import java.util.ServiceLoader;
import java.util.concurrent.Callable;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.LockSupport;

/**
 * {@code pal.backend=sim}: strands are virtual threads of a simulated run (see the package essay).
 * Every blocking call is the JDK's own on a virtual thread, so this class only starts threads in
 * the right run and answers the shims' questions about time; it never suspends anything itself.
 */
final class SimBackend implements Backend, ShimHooks, Simulation, GroupSupport {

    /** The run strands spawned from outside any run join, created at the first such spawn. Guarded by this. */
    private SimRun defaultRun;
    /** Program threads started as strands (threads-as-strands), to the virtual thread that runs each. Any thread. */
    private final Map<Thread, Thread> started = new ConcurrentHashMap<>();

    SimBackend installShims() {
        for (Shim shim : ServiceLoader.load(Shim.class, SimBackend.class.getClassLoader())) {
            shim.install(this);
        }
        UncaughtFailures.install();
        SimSockets.install();
        return this;
    }

    @Override
    public BackendName name() {
        return BackendName.SIM;
    }

    synchronized SimRun defaultRun() {
        if (defaultRun == null) {
            defaultRun = new SimRun(SimConfig.fromSystemProperties(), true, null);
        }
        return defaultRun;
    }

    /**
     * A strand spawned inside a run is a daemon of that run (as a strand is a daemon thread on every
     * backend); one spawned from outside joins the default run and keeps it alive until it ends.
     */
    @Override
    public <T> Strand<T> spawn(String strandName, Callable<T> task) {
        return spawn(strandName, task, null);
    }

    /** Spawns a strand, a member of {@code group} if it is not null. */
    <T> Strand<T> spawn(String strandName, Callable<T> task, TurnGroup group) {
        SimRun inside = SimRun.current();
        SimRun run = inside != null ? inside : defaultRun();
        SimStrand<T> s = new SimStrand<>(this, strandName, task, group);
        SimThread t = run.start(strandName != null ? strandName : "", inside != null, s::run);
        s.started(t.thread);
        return s;
    }

    @Override
    public Strand<?> current() {
        SimStrand<?> s = SimStrand.current();
        return s != null ? s : AdoptedStrand.ofCurrentThread();
    }

    @Override
    public StrandGroup newGroup(String groupName) {
        return new TurnGroup(groupName, this::spawn);
    }

    @Override
    public StrandGroup currentGroup() {
        SimStrand<?> s = SimStrand.current();
        return s != null ? s.group() : null;
    }

    @Override
    public void park() {
        TurnGroup g = beginWait("park");
        try {
            LockSupport.park();
        } finally {
            TurnGroup.resume(g);
        }
    }

    @Override
    public void parkNanos(long nanos) {
        if (nanos > 0) {
            TurnGroup g = beginWait("park");
            try {
                LockSupport.parkNanos(nanos);
            } finally {
                TurnGroup.resume(g);
            }
        }
    }

    @Override
    public void unpark(Strand<?> strand) {
        Thread t = switch (strand) {
            case SimStrand<?> s -> s.thread();
            case AdoptedStrand a -> a.thread();
            default -> throw new IllegalArgumentException("not a strand of the sim backend: " + strand);
        };
        if (t != null) {
            LockSupport.unpark(t);
        }
    }

    @Override
    public void sleep(long nanos) throws InterruptedException {
        if (nanos <= 0) {
            Thread.sleep(0); // checks for an interrupt (and yields), keeping a member's turn
            return;
        }
        TurnGroup g = beginWait("sleep");
        try {
            Thread.sleep(Duration.ofNanos(nanos));
        } finally {
            TurnGroup.resume(g);
        }
    }

    @Override
    public void yieldNow() {
        TurnGroup g = beginWait("yield");
        try {
            yieldHint(); // gives way under PCT, as the program's Thread.yield(); a member's turn goes to the members waiting (the lock is fair)
        } finally {
            TurnGroup.resume(g);
        }
    }

    /**
     * Before the caller waits: refuses if it is inside an atomic region, and a group member gives
     * its turn up. Returns the group to re-enter in {@link TurnGroup#resume}, or null.
     */
    private TurnGroup beginWait(String operation) {
        if (inAtomic()) {
            throw AtomicRegions.refused(operation);
        }
        SimStrand<?> s = SimStrand.current();
        return TurnGroup.suspend(s == null ? null : s.group());
    }

    @Override
    public boolean interrupted() {
        return Thread.interrupted();
    }

    // ---------------------------------------------------------------- threads as strands

    /** Inside a run, a program's {@code Thread.start()} starts a virtual thread of that run; outside, the JDK starts it. */
    @Override
    public boolean startThread(Thread thread, Runnable body) {
        SimRun run = SimRun.current();
        if (run == null) {
            return false;
        }
        SimThread[] vt = new SimThread[1];
        vt[0] = run.start(thread.getName(), thread.isDaemon(), () -> {
            try {
                body.run();
            } finally {
                started.remove(thread);
            }
        });
        started.put(thread, vt[0].thread);
        return true;
    }

    @Override
    public void unparkThread(Thread thread) {
        Thread vt = started.get(thread);
        if (vt != null) {
            LockSupport.unpark(vt);
        }
    }

    @Override
    public void interruptThread(Thread thread) {
        Thread vt = started.get(thread);
        if (vt != null) {
            vt.interrupt();
        }
    }

    @Override
    public Thread.State stateOfThread(Thread thread) {
        Thread vt = started.get(thread);
        return vt == null ? null : vt.getState();
    }

    // ---------------------------------------------------------------- simulation

    @Override
    public Simulation simulation() {
        return this;
    }

    @Override
    public boolean inRun() {
        return SimRun.current() != null;
    }

    /** Virtual nanoTime starts at one virtual second past zero, so that code treating 0 as "unset" still works. */
    private static final long NANO_ORIGIN = TimeUnit.SECONDS.toNanos(1);

    @Override
    public long nanoTime() {
        SimRun r = SimRun.current();
        return r == null ? System.nanoTime() : NANO_ORIGIN + r.elapsedNanos();
    }

    @Override
    public long currentTimeMillis() {
        SimRun r = SimRun.current();
        return r == null ? System.currentTimeMillis()
                : r.config.epoch().toEpochMilli() + TimeUnit.NANOSECONDS.toMillis(r.elapsedNanos());
    }

    @Override
    public long nextSeed() {
        SimRun r = SimRun.current();
        return r == null ? SplitMix.mix(System.nanoTime()) : r.nextProgramSeed();
    }

    @Override
    public void exit(int status) {
        SimRun r = SimRun.current();
        if (r != null && r.exited(status)) {
            throw new RunExit(status);
        }
    }

    /** A yield of the calling virtual thread: its continuation goes back to the run's runnable set. */
    @Override
    public void schedulingPoint() {
        if (Thread.currentThread().isVirtual() && SimRun.current() != null) {
            Thread.yield();
        }
    }

    /** A yield that tells the run the caller spins: see {@link Simulation#spinWait()}. */
    @Override
    public void spinWait() {
        SimRun r = SimRun.current();
        if (Thread.currentThread().isVirtual() && r != null) {
            r.spinning(Thread.currentThread());
            Thread.yield();
        } else {
            Thread.onSpinWait();
        }
    }

    /** Inside a run, the provider of its network's channels ({@link SimSelectorProvider}). */
    @Override
    public java.nio.channels.spi.SelectorProvider selectorProvider(java.nio.channels.spi.SelectorProvider jdk) {
        SimRun r = SimRun.current();
        return r == null ? jdk : r.selectorProvider(jdk);
    }

    /** A yield after which the caller gives way: see {@link Simulation#yieldHint()}. */
    @Override
    public void yieldHint() {
        SimRun r = SimRun.current();
        if (Thread.currentThread().isVirtual() && r != null) {
            r.givesWay(Thread.currentThread());
        }
        Thread.yield();
    }

    @Override
    public boolean createsNonDaemonThreads() {
        SimRun r = SimRun.current();
        return r != null && r.isNonDaemon(Thread.currentThread());
    }
}
