package io.pal.coroutines;

import io.pal.coroutines.sched.Carrier;
import io.pal.spi.PalConfig;

import java.util.function.Consumer;

/**
 * Notices when every strand of a backend is parked and nothing pal owns can wake any of them:
 * no carrier runs anything, no strand is runnable, no timer is armed, no I/O wait is registered,
 * and no switch happened, for {@code pal.deadlockReportMillis} (default 10 s; 0 turns it off).
 * It then reports once, with a strand dump, until something moves again. Only a thread outside pal
 * could still wake such strands, so this is a report (Go's "all goroutines are asleep"), not an
 * exit. Runs on the watchdog thread, once per watchdog tick. Each tick also drives the
 * {@link LockCycleWatch}, which reports the other kind: strands deadlocked on monitors or j.u.c. locks
 * while their carriers stay blocked (and so never idle).
 */
final class DeadlockWatch {

    /** Most strands whose stacks a report shows. */
    static final int MAX_STACKS = 20;

    /** The backend watched. Immutable. */
    private final CoroutineBackend backend;
    /** How long the stillness must last, or 0 for never. Immutable. */
    private final long delayNanos;
    /** Where a report goes. Immutable. */
    private final Consumer<String> sink;
    /** Strands in a cycle of locks on their carriers. Watchdog thread only. */
    private final LockCycleWatch lockCycles;
    /** Switch count at the last tick. Watchdog thread only. */
    private long lastSwitches = -1;
    /** When the current still spell began, or 0. Watchdog thread only. */
    private long stillSince;
    /** Whether the current spell was reported. Watchdog thread only. */
    private boolean reported;

    DeadlockWatch(CoroutineBackend backend, long delayNanos, Consumer<String> sink) {
        this.backend = backend;
        this.delayNanos = delayNanos;
        this.sink = sink;
        this.lockCycles = new LockCycleWatch(backend, delayNanos, sink);
    }

    static long delayFromSystemProperties() {
        return PalConfig.deadlockReportMillis() * 1_000_000;
    }

    void tick(long now) {
        if (delayNanos == 0) {
            return;
        }
        lockCycles.tick(now);
        long switches = backend.scheduler().total(Carrier.Stat.SWITCHES);
        boolean still = switches == lastSwitches && isStuck();
        lastSwitches = switches;
        if (!still) {
            stillSince = 0;
            reported = false;
            return;
        }
        if (stillSince == 0) {
            stillSince = now;
        } else if (!reported && now - stillSince >= delayNanos) {
            reported = true;
            sink.accept(report());
        }
    }

    private boolean isStuck() {
        int live = backend.liveStrands().size();
        return live > 0 && backend.scheduler().isQuiescent() && backend.timers().size() == 0 && !backend.hasIoWaits();
    }

    private String report() {
        return "pal: possible deadlock: all " + backend.liveStrands().size() + " strands of " + backend
                + " are parked, and no timer, I/O wait or runnable strand can wake any of them (only a thread"
                + " outside pal still could). Strand dump:\n"
                + CoroutineDiagnostics.of(backend).orElseThrow().dump(MAX_STACKS);
    }
}
