package io.pal.coroutines.sched;

import java.util.concurrent.locks.LockSupport;

/**
 * The scheduler's watchdog, after Go's sysmon: a daemon thread that looks at every carrier each
 * {@link #PERIOD_NANOS} and, for a carrier that is stuck inside one task, moves its queued work to
 * the global queue and makes sure a carrier comes for it, starting a spare one (bounded by the
 * scheduler's maximum) if fewer than {@code pal.carriers} are active. Blocking calls that announce
 * themselves hand off at once without it (Scheduler#blockingBegins); the watchdog is what catches
 * those that cannot (a contended {@code synchronized}) and what stops a hog from holding up its queue.
 *
 * <p>A carrier is stuck at once when it runs a task that has announced that it blocks the carrier
 * ({@link Task#blocksCarrier()}: a pinned park, {@code Object.wait}, file I/O) or when its thread
 * is BLOCKED or WAITING in the JVM (a contended {@code synchronized}); and when it has run the same
 * task, without a switch, for {@link #HOG_NANOS} (a native call nobody announced, a CPU-bound loop:
 * things the JVM reports as RUNNABLE). Every task queued on it moves, started strands included (any
 * carrier may run a strand: ADR 0010); only a group's members wait for their carrier. An
 * unannounced wait counts as a blocked carrier, and may get a spare, only once it has lasted a
 * whole period, and at most one such spare starts per look: a moment's contention adds no thread,
 * and many carriers blocking at once add spares one period at a time. A carrier that computes
 * keeps its place, and its queue goes to the carriers there are (if it is the only one, its queue
 * stays), so parallelism stays at {@code pal.carriers}. Spares that sleep {@link Scheduler#KEEP_ALIVE_NANOS} exit.
 *
 * <p>While a spell lasts, every look drains what the stuck task queued since and starts at most
 * one spare for it. The listener hears of each stuck spell once, and ticks every period (the backend checks for
 * deadlock there). The watchdog never blocks on anything but its own timed park.
 */
public final class Watchdog extends Thread {

    /** How often the carriers are looked at. Go's sysmon backs off from 20 us to 10 ms; pal stays at 10 ms. */
    static final long PERIOD_NANOS = 10_000_000;
    /** A carrier inside one unannounced task this long is stuck (Go: 10 ms for a syscall or a running G). */
    public static final long HOG_NANOS = 20_000_000;

    /** What the scheduler's owner wants to hear about. Called on the watchdog thread; must not block. */
    public interface Listener {
        /** {@code c} is stuck in {@code t} ({@code announced}: it said so) since about {@code nanos} ago. Once per spell. */
        void stuck(Carrier c, Runnable t, boolean announced, long nanos);

        /** Every period, after the carriers were looked at. */
        void tick(long now);
    }

    /** The scheduler watched. Immutable. */
    private final Scheduler scheduler;
    /** Told about stuck spells and ticks. Immutable. */
    private final Listener listener;
    /** Looks finished (each with its hand-offs): what a test waits on instead of time. Written by the watchdog thread only. */
    private volatile long looks;

    /** What the watchdog remembers of one carrier between looks. Watchdog thread only. */
    static final class View {
        /** Switch count at the last look. */
        long lastSwitches;
        /** When the current spell without a switch began (0: none). */
        long spellStart;
        /** Whether the current spell was reported to the listener. */
        boolean handled;
        /** Whether a spare was started for the current spell. */
        boolean spared;
    }

    Watchdog(Scheduler scheduler, Listener listener) {
        super(null, null, scheduler.name().concat("-watchdog"), 0, false); // no concatenation: its first use spins a class at start-up (ADR 0025)
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
                looks++;
                scheduler.expireOverdueTimers(now);
                listener.tick(now);
            } catch (Throwable e) {
                // the watchdog must outlive whatever one look ran into
                getUncaughtExceptionHandler().uncaughtException(this, e);
            }
        }
    }

    /** How many looks at the carriers have finished. */
    long looks() {
        return looks;
    }

    /** One look at every carrier. */
    private void look(long now) {
        boolean spareStarted = false; // at most one spare per look for unannounced waits, whatever number of carriers wait
        for (Carrier c : scheduler.carriers()) {
            View v = c.view;
            long sw = c.stat(Carrier.Stat.SWITCHES);
            Runnable t = c.running();
            boolean inJdk = t != null && blockedInTheJdk(c);
            if (c.isMarkedStuck() && (!inJdk || sw != v.lastSwitches || Task.blocksCarrier(t))) {
                c.unmarkStuck(); // the wait it was marked for is over (or now announced, and counted so)
            }
            if (t == null || sw != v.lastSwitches) {
                v.lastSwitches = sw;
                v.spellStart = t == null ? 0 : now;
                v.handled = false;
                v.spared = false;
                if (t == null || !(Task.blocksCarrier(t) || inJdk)) {
                    continue;
                }
            }
            boolean announced = Task.blocksCarrier(t);
            boolean waiting = announced || inJdk;
            if (!waiting && now - v.spellStart < HOG_NANOS) {
                continue;
            }
            if (!v.handled) {
                v.handled = true;
                listener.stuck(c, t, announced, now - v.spellStart);
            }
            // Every look while the spell lasts: the stuck task may have queued more work since, and
            // a computing carrier may have started waiting. An announced wait counts as blocked and
            // was handed off by the strand itself (Scheduler.blockingBegins); an unannounced one is
            // marked blocked once it has lasted a whole period, and only then may a spare stand in
            // (at most one per look): a monitor contended for a moment (a pool's synchronized)
            // gives its queue away at once, but no thread. A computing carrier keeps its place.
            boolean lasting = now - v.spellStart >= PERIOD_NANOS;
            if (waiting && !announced && lasting) {
                c.markStuck();
            }
            if (scheduler.handOff(c, waiting && (announced || lasting) && !v.spared && (announced || !spareStarted))) {
                v.spared = true;
                spareStarted |= !announced;
            }
        }
        scheduler.ensureParallelism();
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

}
