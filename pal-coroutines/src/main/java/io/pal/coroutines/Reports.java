package io.pal.coroutines;

import io.pal.Strand;
import io.pal.coroutines.poll.NetPoll;
import io.pal.coroutines.sched.Carrier;
import io.pal.coroutines.sched.Watchdog;
import io.pal.spi.BlockingCall;
import io.pal.spi.PinReason;

/**
 * What the backend reports beyond its counters, and the watchdog's listener: pins and long
 * blocking calls as JFR events and trace lines, stuck carriers, whole-backend deadlocks. The
 * watchdog's protocol is told in the sched essay ("watchdog"), pins and reports in the package
 * essay ("pinning").
 */
final class Reports implements Watchdog.Listener {

    /** The backend reported on. Immutable. */
    private final CoroutineBackend backend;
    /** Its counters. Immutable reference, concurrent adders. */
    private final Counters counters;
    /** Reports pins beyond counting them (JFR, pal.tracePins). Immutable. */
    private final PinTrace pinTrace = PinTrace.fromSystemProperties();
    /** Watches for a whole-backend deadlock; fed by the watchdog's ticks. Immutable. */
    private final DeadlockWatch deadlockWatch;
    /** The last deadlock report, for diagnostics. Written by the watchdog thread. */
    private volatile String lastDeadlockReport;

    Reports(CoroutineBackend backend, Counters counters) {
        this.backend = backend;
        this.counters = counters;
        this.deadlockWatch = new DeadlockWatch(backend, DeadlockWatch.delayFromSystemProperties(), new DeadlockSink(this));
    }

    /** {@code this::reportDeadlock} as a class: a method reference would spin one at every start-up (ADR 0025). */
    private record DeadlockSink(Reports reports) implements java.util.function.Consumer<String> {
        @Override
        public void accept(String report) {
            reports.reportDeadlock(report);
        }
    }

    /** A strand pinned its carrier (the strand itself calls this, on its carrier): count and trace it. */
    void pinned(CoroutineStrand<?> s, PinReason reason) {
        counters.pinned(reason);
        pinTrace.pinned(s.name(), Thread.currentThread(), reason, null);
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

    String lastDeadlockReport() {
        return lastDeadlockReport;
    }

    private void reportDeadlock(String report) {
        lastDeadlockReport = report;
        System.err.println(report);
    }

    /** A stuck carrier is counted as a pin when nobody announced it (a monitor enter as a hand-off too), and traced. */
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

    /** Each tick feeds the deadlock watch and polls the network if nobody has for a while (Go's sysmon). */
    @Override
    public void tick(long now) {
        NetPoll n = backend.netPollIfOpen();
        if (n != null) {
            n.pollIfStale(now);
        }
        deadlockWatch.tick(now);
    }
}
