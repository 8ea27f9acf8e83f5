package io.pal.coroutines;

import io.pal.StrandState;
import io.pal.spi.BlockingCall;
import io.pal.spi.PinReason;
import io.pal.coroutines.sched.Carrier;
import io.pal.spi.Backend;
import io.pal.spi.Backends;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * What a coroutine backend can tell about itself: counters and a dump of its strands.
 *
 * <pre>{@code
 * CoroutineDiagnostics.of(Backends.active()).ifPresent(d -> System.err.println(d.dump()));
 * }</pre>
 *
 * Counters are racy sums (each is exact on its own, not a consistent snapshot of all of them).
 * Stacks are taken only from parked or sleeping strands, which are held still while their stack is
 * read (see CoroutineStrand, state INSPECTING); running and runnable strands are listed without one.
 */
public final class CoroutineDiagnostics {

    /** One strand as the dump saw it. */
    public record StrandInfo(long id, String name, StrandState state, String detail, List<StackTraceElement> stack) {
    }

    /** The counters at one moment. */
    public record Counts(long spawned, long switches, long parks, long ends, long steals, long sleeps,
                         long overflows, Map<PinReason, Long> pins, Map<BlockingCall, Long> handOffs, int live, int timers) {
    }

    /** The backend looked at. Immutable. */
    private final CoroutineBackend backend;

    private CoroutineDiagnostics(CoroutineBackend backend) {
        this.backend = backend;
    }

    /** Diagnostics of {@code b} if it is a coroutine backend. */
    public static Optional<CoroutineDiagnostics> of(Backend b) {
        return b instanceof CoroutineBackend c ? Optional.of(new CoroutineDiagnostics(c)) : Optional.empty();
    }

    /** Diagnostics of the backend in force, if it is the coroutine one. */
    public static Optional<CoroutineDiagnostics> active() {
        return of(Backends.active());
    }

    public Counts counts() {
        var s = backend.scheduler();
        return new Counts(backend.counters().spawnedCount(), s.total(Carrier.Stat.SWITCHES), s.total(Carrier.Stat.PARKS),
                s.total(Carrier.Stat.ENDS), s.total(Carrier.Stat.STEALS), s.total(Carrier.Stat.SLEEPS),
                s.total(Carrier.Stat.OVERFLOWS), backend.counters().pinCounts(), backend.counters().handOffCounts(), backend.liveStrands().size(),
                backend.timers().size());
    }

    /** Every strand spawned and not yet ended, with the stacks of those parked or asleep. */
    public List<StrandInfo> strands() {
        return strands(Integer.MAX_VALUE);
    }

    /** As {@link #strands()}, with stacks for the first {@code maxStacks} strands only (a stack read wakes a parked strand spuriously). */
    public List<StrandInfo> strands(int maxStacks) {
        List<StrandInfo> out = new ArrayList<>();
        for (PalStrand<?> s : backend.liveStrands().snapshot()) {
            StrandState state = s.state(); // before the stack read, which wakes a parked strand
            String raw = s.rawState();
            StackTraceElement[] stack = out.size() < maxStacks ? s.stackTrace() : new StackTraceElement[0];
            Carrier on = s.carrier();
            Object call = on == null ? null : on.blockingCall();
            out.add(new StrandInfo(s.id(), s.name(), state,
                    raw + (call == null ? "" : " in " + call) + (on == null ? "" : " on " + on.getName()),
                    List.of(stack)));
        }
        return out;
    }

    /** A human-readable dump: the scheduler, the counters, then each strand with its stack. */
    public String dump() {
        return dump(Integer.MAX_VALUE);
    }

    /** As {@link #dump()}, listing at most {@code maxStrands} strands (with their stacks) and how many more there are. */
    public String dump(int maxStrands) {
        StringBuilder sb = new StringBuilder();
        sb.append(backend.scheduler()).append('\n').append(counts()).append('\n');
        List<StrandInfo> all = strands(maxStrands);
        for (StrandInfo i : all.subList(0, Math.min(maxStrands, all.size()))) {
            sb.append('"').append(i.name()).append("\" #").append(i.id()).append(' ').append(i.state())
                    .append(" (").append(i.detail()).append(")\n");
            for (StackTraceElement e : i.stack()) {
                sb.append("\tat ").append(e).append('\n');
            }
        }
        if (all.size() > maxStrands) {
            sb.append("... and ").append(all.size() - maxStrands).append(" more strands\n");
        }
        return sb.toString();
    }

    /** The last deadlock report this backend printed, if any (see DeadlockWatch). */
    public Optional<String> lastDeadlockReport() {
        return Optional.ofNullable(backend.lastDeadlockReport());
    }
}
