package io.pal.coroutines.sched;

import java.util.concurrent.locks.LockSupport;

/**
 * The scheduler's watchdog, after Go's sysmon: a daemon thread that looks at every carrier each
 * {@link #PERIOD_NANOS} and, for a carrier that is stuck inside one task, moves its queued work to
 * the global queue and makes sure a carrier comes for it, starting a spare one (bounded by the
 * scheduler's maximum) if every carrier is busy.
 *
 * <p>A carrier is stuck at once when it runs a task that has announced that it blocks the carrier
 * ({@link Task#blocksCarrier()}: a pinned park, sleep or yield) or when its thread is BLOCKED or
 * WAITING in the JVM (a contended {@code synchronized}, {@code Object.wait}); and when it has run
 * the same task, without a switch, for {@link #HOG_NANOS} (file I/O, a native call, a CPU-bound
 * loop: things the JVM reports as RUNNABLE). Every task queued on it moves, started strands
 * included (any carrier may run a strand: ADR 0010); only a group's members wait for their
 * carrier. A spare is started only for a carrier that waits (announced, or BLOCKED or WAITING for a
 * whole period: spares are never retired, so a moment's contention must not add one), and at most
 * one per look in all: when many carriers block at once (a pool's borrowers in Object.wait), spares
 * grow by one per period, and the strands that would release the waiters get the new carriers
 * first (the scheduler takes woken strands before new ones), instead of a doubling run of spares
 * each taken by one more new waiter until pal.maxCarriers is reached;
 * one that computes keeps its place, and its queue goes to the carriers there are, so
 * parallelism stays at {@code pal.carriers}.
 *
 * <p>While a spell lasts, every look drains what the stuck task queued since and starts at most
 * one spare for it. The listener hears of each stuck spell once, and ticks every period (the backend checks for
 * deadlock there). The monitor never blocks on anything but its own timed park.
 */
public final class Monitor extends Thread {

    /** How often the carriers are looked at. Go's sysmon backs off from 20 us to 10 ms; pal stays at 10 ms. */
    static final long PERIOD_NANOS = 10_000_000;
    /** A carrier inside one unannounced task this long is stuck (Go: 10 ms for a syscall or a running G). */
    public static final long HOG_NANOS = 20_000_000;

    /** What the scheduler's owner wants to hear about. Called on the monitor thread; must not block. */
    public interface Listener {
        /** {@code c} is stuck in {@code t} ({@code announced}: it said so) since about {@code nanos} ago. Once per spell. */
        void stuck(Carrier c, Task t, boolean announced, long nanos);

        /** Every period, after the carriers were looked at. */
        void tick(long now);
    }

    /** The scheduler watched. Immutable. */
    private final Scheduler scheduler;
    /** Told about stuck spells and ticks. Immutable. */
    private final Listener listener;
    /** Per carrier index: switch count at the last look. Monitor thread only. */
    private long[] lastSwitches = new long[0];
    /** Per carrier index: when the current spell without a switch began (0: none). Monitor thread only. */
    private long[] spellStart = new long[0];
    /** Per carrier index: whether the current spell was reported to the listener. Monitor thread only. */
    private boolean[] handled = new boolean[0];
    /** Per carrier index: whether a spare was started for the current spell. Monitor thread only. */
    private boolean[] spared = new boolean[0];

    Monitor(Scheduler scheduler, Listener listener) {
        super(null, null, scheduler.name() + "-monitor", 0, false);
        this.scheduler = scheduler;
        this.listener = listener;
        setDaemon(true);
    }

    @Override
    public void run() {
        while (!scheduler.isTerminated()) {
            LockSupport.parkNanos(PERIOD_NANOS);
            long now = System.nanoTime();
            try {
                look(now);
                listener.tick(now);
            } catch (Throwable e) {
                // the watchdog must outlive whatever one look ran into
                getUncaughtExceptionHandler().uncaughtException(this, e);
            }
        }
    }

    /** One look at every carrier. */
    private void look(long now) {
        Carrier[] all = scheduler.carriers();
        grow(all.length);
        boolean spareStarted = false; // at most one spare per look, whatever number of carriers wait
        for (Carrier c : all) {
            int i = c.index();
            long sw = c.stat(Carrier.Stat.SWITCHES);
            Task t = c.running();
            if (t == null || sw != lastSwitches[i]) {
                lastSwitches[i] = sw;
                spellStart[i] = t == null ? 0 : now;
                handled[i] = false;
                spared[i] = false;
                if (t == null || !(t.blocksCarrier() || blockedInTheJdk(c))) {
                    continue;
                }
            }
            boolean announced = t.blocksCarrier();
            boolean waiting = announced || blockedInTheJdk(c);
            if (!waiting && now - spellStart[i] < HOG_NANOS) {
                continue;
            }
            if (!handled[i]) {
                handled[i] = true;
                listener.stuck(c, t, announced, now - spellStart[i]);
            }
            // Every look while the spell lasts: the stuck task may have queued more work since, and
            // a computing carrier may have started waiting. At most one spare per spell, and for an
            // unannounced wait only once it has lasted a whole period: a monitor contended for a
            // moment (a pool's synchronized) gives its queue away at once, but no thread that stays.
            boolean lasting = announced || now - spellStart[i] >= PERIOD_NANOS;
            if (scheduler.handOff(c, waiting && lasting && !spared[i] && !spareStarted)) {
                spared[i] = true;
                spareStarted = true;
            }
        }
    }

    /**
     * Whether the carrier thread waits rather than runs: contended {@code synchronized},
     * {@code Object.wait}, a native LockSupport park. A RUNNABLE carrier is computing (or in native
     * I/O, which the JVM also reports as RUNNABLE): a spare would only add parallelism beyond
     * {@code pal.carriers}, which Go does not do for a running goroutine either.
     */
    private static boolean blockedInTheJdk(Carrier c) {
        Thread.State st = c.getState();
        return st == Thread.State.BLOCKED || st == Thread.State.WAITING || st == Thread.State.TIMED_WAITING;
    }

    private void grow(int n) {
        if (lastSwitches.length < n) {
            lastSwitches = java.util.Arrays.copyOf(lastSwitches, n);
            spellStart = java.util.Arrays.copyOf(spellStart, n);
            handled = java.util.Arrays.copyOf(handled, n);
            spared = java.util.Arrays.copyOf(spared, n);
        }
    }
}
