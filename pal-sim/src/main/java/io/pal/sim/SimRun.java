package io.pal.sim;

import io.pal.spi.SimConfig;

import java.io.ByteArrayOutputStream;
import java.util.ArrayList;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Executor;

/**
 * One simulated run: its seed and settings, its carrier and scheduler, the threads it has started
 * and how it ended. A run is closed (a program's, an explored seed's, a {@code @Simulate} test's:
 * it ends when its root and every non-daemon thread have ended) or open (the backend's default
 * run, which strands spawned from outside any run join, as a test kit's are: it never ends by
 * itself, and when nothing can run it waits for the outside instead of reporting a deadlock).
 */
final class SimRun {

    /** The run's settings, the seed among them. Immutable. */
    final SimConfig config;
    /** Its executor and clock. Immutable. */
    final SimScheduler scheduler = new SimScheduler(this);
    /** How it picks the next task. Carrier only (and the starter, before the carrier runs it). */
    final Picker picker;
    /** The stream {@code new Random()} and its kin draw their seeds from. Touched inside the run only. */
    private final SplitMix programRandom;
    /** Its in-memory network, made at its first socket. Guarded by the scheduler. */
    private SimNetwork network;
    /** The provider of its network's NIO channels, made at the first. Guarded by the scheduler. */
    private SimSelectorProvider selectorProvider;
    /** The seed of its network's PRNG. Immutable. */
    private final long networkSeed;
    /** Whether strands may join it from outside (the backend's default run). Immutable. */
    private final boolean open;
    /** Its carrier. Immutable. */
    private final SimCarrier carrier;
    /** Makes its virtual threads; builders are not thread-safe. Guarded by the scheduler. */
    private final Thread.Builder.OfVirtual builder;
    /** Every thread it started, in order. Guarded by the scheduler. */
    private final List<SimThread> threads = new ArrayList<>();
    /** The same, by virtual thread. Guarded by the scheduler. */
    private final Map<Thread, SimThread> byThread = new IdentityHashMap<>();
    /** Threads started and not ended that are not daemons. Guarded by the scheduler. */
    private int nonDaemonLive;
    /** Whether a thread was started yet (a closed run ends once its threads have). Guarded by the scheduler. */
    private boolean started;
    /** System.exit was called inside a closed run. Guarded by the scheduler. */
    private boolean exited;
    /** The status it was called with, or -1. Guarded by the scheduler. */
    private int exitCode = -1;
    /** The first failure: the root's exception, a thread's uncaught one. Guarded by the scheduler. */
    private String failure;
    /** Where the run's output goes under the explorer ({@link RunOutput}), or null: the JVM's own streams. Immutable. */
    private final ByteArrayOutputStream output;
    /** Completed by the carrier when the run ends. */
    final CompletableFuture<Outcome> outcome = new CompletableFuture<>();

    SimRun(SimConfig config, boolean open, ByteArrayOutputStream output) {
        this.config = config;
        this.open = open;
        this.output = output;
        SplitMix seeds = new SplitMix(config.seed());
        this.picker = Picker.of(config, new SplitMix(seeds.nextLong()));
        this.programRandom = new SplitMix(seeds.nextLong());
        this.networkSeed = seeds.nextLong();
        this.builder = VirtualThreads.builder(scheduler);
        this.carrier = new SimCarrier(this);
        carrier.start();
    }

    /** The run's network, made at its first use. */
    SimNetwork network() {
        synchronized (scheduler) {
            if (network == null) {
                network = new SimNetwork(this, config.net(), networkSeed);
            }
            return network;
        }
    }

    /** The provider of the run's NIO channels, made at its first use; {@code jdk} serves what the network does not simulate. */
    SimSelectorProvider selectorProvider(java.nio.channels.spi.SelectorProvider jdk) {
        SimNetwork net = network();
        synchronized (scheduler) {
            if (selectorProvider == null) {
                selectorProvider = new SimSelectorProvider(net, jdk);
            }
            return selectorProvider;
        }
    }

    ByteArrayOutputStream output() {
        return output;
    }

    /** The run the calling thread belongs to (a virtual thread of it, or its carrier), or null. */
    static SimRun current() {
        Thread t = Thread.currentThread();
        Executor e = VirtualThreads.scheduler(t);
        if (e instanceof SimScheduler) {
            return ((SimScheduler) e).run();
        }
        return t instanceof SimCarrier c ? c.run : null;
    }

    /**
     * Starts a virtual thread of the run named {@code name} that runs {@code body}. A body that
     * throws fails the run unless it is a daemon's (pal's strands keep their outcome for joiners).
     * Any thread; the thread runs on the carrier when the picker chooses it.
     */
    SimThread start(String name, boolean daemon, Runnable body) {
        SimThread t;
        SimThread[] self = new SimThread[1];
        synchronized (scheduler) {
            Thread vt = builder.name(name).unstarted(() -> run(self[0], body));
            t = new SimThread(threads.size() + 1, vt, daemon);
            self[0] = t;
            threads.add(t);
            byThread.put(vt, t);
            scheduler.register(t);
            picker.added(t);
            started = true;
            if (!daemon) {
                nonDaemonLive++;
            }
            t.thread.start(); // under the lock: the carrier never sees it counted and not yet runnable
        }
        return t;
    }

    private void run(SimThread t, Runnable body) {
        try {
            body.run();
        } finally {
            synchronized (scheduler) {
                t.done = true;
                if (!t.daemon) {
                    nonDaemonLive--;
                }
            }
        }
    }



    /** {@code vt}, a thread of this run, is about to yield at a spin-wait: it is marked, and gives way. On the carrier. */
    void spinning(Thread vt) {
        synchronized (scheduler) {
            SimThread t = byThread.get(vt);
            if (t != null) {
                t.spinning = true;
                picker.spun(t);
            }
        }
    }

    /** {@code vt}, a thread of this run, is about to yield in the program's {@code Thread.yield()}: it gives way (under PCT). On the carrier. */
    void givesWay(Thread vt) {
        synchronized (scheduler) {
            SimThread t = byThread.get(vt);
            if (t != null) {
                picker.spun(t);
            }
        }
    }

    /** Whether {@code vt} is a thread of this run that is not a daemon. */
    boolean isNonDaemon(Thread vt) {
        synchronized (scheduler) {
            SimThread t = byThread.get(vt);
            return t != null && !t.daemon;
        }
    }

    /** A thread of the run ended with {@code e} uncaught: the run fails (the first failure is kept). */
    void failed(String what) {
        synchronized (scheduler) {
            if (failure == null) {
                failure = what;
            }
        }
    }

    int exitCode() {
        synchronized (scheduler) {
            return exitCode;
        }
    }

    String failure() {
        synchronized (scheduler) {
            return failure;
        }
    }

    String failureOrEmpty() {
        String f = failure();
        return f == null ? "" : f;
    }

    /** The carrier: a closed run is over once it started and every non-daemon thread has ended, or it exited. Caller holds the scheduler. */
    boolean over() {
        return !open && (exited || started && nonDaemonLive == 0);
    }

    /**
     * {@code System.exit(status)} inside the run, on its carrier. A closed run ends with that status
     * (not 0: a failure) and the caller must unwind (true); in an open one the JVM exits (false).
     */
    boolean exited(int status) {
        synchronized (scheduler) {
            if (open) {
                return false;
            }
            if (!exited) {
                exited = true;
                exitCode = status;
                if (status != 0 && failure == null) {
                    failure = "System.exit(" + status + ")";
                }
            }
            return true;
        }
    }

    /**
     * The carrier, when nothing can run or fire: an open run waits for the outside (a thread outside
     * it may still wake one of its strands, so it cannot tell a deadlock from a wait, and hangs as
     * the JVM would), and so does a closed one before its root has started. Caller holds the scheduler.
     */
    boolean waitsForOutside() {
        return open || !started;
    }

    /** The carrier: whether a thread of the run is on its way back from the JDK's unblocker thread. Caller holds the scheduler. */
    boolean handOffPending() {
        boolean blocked = false;
        for (SimThread t : threads) {
            if (t.done) {
                continue;
            }
            if (VirtualThreads.onWaitingList(t.thread)) {
                return true;
            }
            int s = VirtualThreads.state(t.thread);
            if (s == VirtualThreads.UNBLOCKED && !scheduler.queued(t)) {
                return true;
            }
            blocked |= s == VirtualThreads.BLOCKED;
        }
        return blocked && VirtualThreads.unblockerBusy(); // it may hold one whose flag it has cleared
    }

    /** The carrier, at a deadlock: every live thread, what it waits on, and its stack. */
    String deadlockReport() {
        return DeadlockReport.of(threads.stream().filter(t -> !t.done).toList());
    }

    /** The next seed for a random generator created inside the run. */
    long nextProgramSeed() {
        synchronized (scheduler) {
            return programRandom.nextLong();
        }
    }

    /** Virtual nanoseconds since the run began. */
    long elapsedNanos() {
        return scheduler.elapsedNanos();
    }

    /** The carrier, at the end (an open run ends only past its step budget: its strands never run again). */
    void ended(Outcome o) {
        outcome.complete(o);
        if (open) {
            System.err.println("pal sim: seed " + o.seed() + ": " + o.reason());
        }
    }

    /** Waits for the end of a closed run (any thread but the carrier). */
    Outcome await() {
        return outcome.join();
    }
}
