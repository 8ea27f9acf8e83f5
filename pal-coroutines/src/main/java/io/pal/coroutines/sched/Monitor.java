package io.pal.coroutines.sched;

import java.util.concurrent.locks.LockSupport;

/**
 * The scheduler's watchdog, after Go's sysmon: a daemon thread that looks at every carrier each
 * {@link #PERIOD_NANOS} and, for a carrier that is stuck inside one task, moves its queued work to
 * the global queue and makes sure a carrier comes for it, starting a spare one (bounded by the
 * scheduler's maximum) if every carrier is busy.
 *
 * <p>A carrier is stuck when it runs a task that has announced that it blocks the carrier
 * ({@link Task#blocksCarrier()}: a pinned park, sleep or yield), or when it has
 * run the same task, without a switch, for {@link #HOG_NANOS} (file I/O, a native call, a
 * contended {@code synchronized}, a CPU-bound loop: things nobody announces). Only work that can
 * move is moved: new tasks in the carrier's run queue. Tasks bound to the stuck carrier (started
 * strands, see the package essay on affinity) wait for it; that is the price of affinity.
 *
 * <p>The listener hears of each stuck spell once, and ticks every period (the backend checks for
 * deadlock there). The monitor never blocks on anything but its own timed park.
 */
public final class Monitor extends Thread {

    /** How often the carriers are looked at. Go's sysmon backs off from 20 us to 10 ms; pal stays at 10 ms. */
    static final long PERIOD_NANOS = 10_000_000;
    /** A carrier inside one unannounced task this long is stuck (Go: 10 ms for a syscall or a running G). */
    static final long HOG_NANOS = 20_000_000;

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
    /** Per carrier index: whether the current spell was already handled. Monitor thread only. */
    private boolean[] handled = new boolean[0];

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
        for (Carrier c : all) {
            int i = c.index();
            long sw = c.stat(Carrier.Stat.SWITCHES);
            Task t = c.running();
            if (t == null || sw != lastSwitches[i]) {
                lastSwitches[i] = sw;
                spellStart[i] = t == null ? 0 : now;
                handled[i] = false;
                if (t == null || !t.blocksCarrier()) {
                    continue;
                }
            }
            if (handled[i]) {
                continue;
            }
            boolean announced = t.blocksCarrier();
            if (announced || now - spellStart[i] >= HOG_NANOS) {
                handled[i] = true;
                listener.stuck(c, t, announced, now - spellStart[i]);
                scheduler.handOff(c);
            }
        }
    }

    private void grow(int n) {
        if (lastSwitches.length < n) {
            lastSwitches = java.util.Arrays.copyOf(lastSwitches, n);
            spellStart = java.util.Arrays.copyOf(spellStart, n);
            handled = java.util.Arrays.copyOf(handled, n);
        }
    }
}
