package io.pal.coroutines;

import io.pal.Strand;
import io.pal.coroutines.sched.Carrier;

import java.lang.management.ManagementFactory;
import java.lang.management.ThreadInfo;
import java.lang.management.ThreadMXBean;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Consumer;

/**
 * Notices strands deadlocked on their carriers: blocked entering {@code synchronized} monitors (or
 * waiting for j.u.c. locks in a pinned park) that other strands hold, in a cycle. {@link DeadlockWatch}
 * cannot see these: a carrier blocked on a monitor is not idle, and the watchdog's spares keep the
 * other strands running, so without this watch such a cycle loses its carriers without a word.
 *
 * <p>The JVM can find these cycles itself ({@link ThreadMXBean#findDeadlockedThreads}, monitors and
 * ownable synchronizers), but it is a safepoint operation, so this watch asks only when one of this
 * backend's carriers is blocked on a monitor or waits inside a strand, and at most once per
 * {@link #checkEveryNanos} (a quarter of {@code pal.deadlockReportMillis}, between 10 ms and 1 s). A
 * cycle the JVM finds is permanent (no thread in it can ever go on), so it is reported as soon as it
 * is found, once, in {@link DeadlockWatch}'s format: a header line, then each strand of the cycle
 * with what it waits for, who holds that, and its stack.
 *
 * <p>The JVM names platform threads; {@link #strandOf} maps one back to pal's strand: a carrier of
 * this backend stands for the strand mounted on it. That holds with strand identities too: when a
 * monitor's owner is an identity installed with {@code Thread.setCurrentThread}, the JVM names the
 * carrier it is mounted on (measured: docs/adr/0011). Any other thread in a cycle (a plain thread
 * sharing a lock with strands) is named as a thread. Runs on the watchdog thread.
 */
final class LockCycleWatch {

    private static final long MIN_CHECK_NANOS = 10_000_000L;
    private static final long MAX_CHECK_NANOS = 1_000_000_000L;

    /** The backend watched. Immutable. */
    private final CoroutineBackend backend;
    /** How often the JVM may be asked, or 0 for never. Immutable. */
    private final long checkEveryNanos;
    /** Where a report goes. Immutable. */
    private final Consumer<String> sink;
    /** The JVM's thread bean; null until first needed. Watchdog thread only. */
    private ThreadMXBean threads;
    /** When the JVM was last asked; meaningless until {@link #asked}. Watchdog thread only. */
    private long lastAsked;
    private boolean asked;
    /** What each virtual strand that waited at the last look waited for ({@link VirtualLockGraph}). Watchdog thread only. */
    private final Map<Thread, Object> virtualWaits = new HashMap<>();
    /** Thread ids of every cycle reported so far (a cycle never dissolves). Watchdog thread only. */
    private final Set<Long> reported = new LinkedHashSet<>();

    LockCycleWatch(CoroutineBackend backend, long delayNanos, Consumer<String> sink) {
        this.backend = backend;
        this.checkEveryNanos = delayNanos == 0 ? 0 : Math.clamp(delayNanos / 4, MIN_CHECK_NANOS, MAX_CHECK_NANOS);
        this.sink = sink;
    }

    void tick(long now) {
        if (checkEveryNanos == 0 || (asked && now - lastAsked < checkEveryNanos)) {
            return;
        }
        asked = true;
        lastAsked = now;
        reportVirtualCycles();
        if (!aCarrierWaitsInAStrand()) {
            return;
        }
        if (threads == null) {
            threads = ManagementFactory.getThreadMXBean();
        }
        long[] ids = threads.findDeadlockedThreads();
        if (ids == null) {
            return;
        }
        Map<Long, ThreadInfo> infos = new HashMap<>();
        for (ThreadInfo i : threads.getThreadInfo(ids, true, true)) {
            if (i != null) {
                infos.put(i.getThreadId(), i);
            }
        }
        for (List<ThreadInfo> cycle : cycles(infos)) {
            if (cycle.stream().anyMatch(i -> strandOf(i.getThreadId()) != null)
                    && cycle.stream().noneMatch(i -> reported.contains(i.getThreadId()))) {
                cycle.forEach(i -> reported.add(i.getThreadId()));
                sink.accept(report(cycle));
            }
        }
    }

    /** Cycles among virtual strands, which the JVM's detection leaves out ({@link VirtualLockGraph}). */
    private void reportVirtualCycles() {
        for (List<VirtualLockGraph.Wait> cycle : VirtualLockGraph.cycles(backend.liveStrands().snapshot(), virtualWaits)) {
            if (cycle.stream().noneMatch(w -> reported.contains(w.strand().thread().threadId()))) {
                cycle.forEach(w -> reported.add(w.strand().thread().threadId()));
                sink.accept(virtualReport(cycle));
            }
        }
    }

    private String virtualReport(List<VirtualLockGraph.Wait> cycle) {
        StringBuilder sb = header(cycle.size(), "pal's lock graph of virtual strands",
                "their virtual threads stay blocked, their carriers are free");
        for (VirtualLockGraph.Wait w : cycle) {
            Strand<?> owner = cycle.stream().filter(o -> o.strand().thread() == w.owner()).findFirst()
                    .map(o -> (Strand<?>) o.strand()).orElse(null);
            sb.append('"').append(w.strand().name()).append("\" #").append(w.strand().id()).append(' ').append(w.state())
                    .append(" (virtual, waiting to lock ").append(w.lockName()).append(" held by ")
                    .append(owner != null ? "strand \"" + owner.name() + "\" #" + owner.id() : "thread \"" + w.owner().getName() + "\"")
                    .append(")\n");
            for (StackTraceElement e : w.stack()) {
                sb.append("\tat ").append(e).append('\n');
            }
        }
        return sb.toString();
    }

    /** The first line of a report, the same for both kinds: how many, whose, found how, what is lost. */
    private StringBuilder header(int n, String foundBy, String lost) {
        return new StringBuilder("pal: deadlock: ").append(n).append(" threads of ").append(backend)
                .append(" are blocked in a cycle of locks, each waiting for one the next holds; nothing can wake them (found by ")
                .append(foundBy).append("), and ").append(lost).append(". Strands:\n");
    }

    /** The cheap look first: a carrier of this backend blocked on a monitor, or waiting while a strand is mounted. */
    private boolean aCarrierWaitsInAStrand() {
        for (Carrier c : backend.scheduler().carrierList()) {
            Thread.State st = c.getState();
            if (st == Thread.State.BLOCKED
                    || (c.running() != null && (st == Thread.State.WAITING || st == Thread.State.TIMED_WAITING))) {
                return true;
            }
        }
        return false;
    }

    /** The cycles among deadlocked threads, each in wait-for order (each waits for a lock the next one holds). */
    private static List<List<ThreadInfo>> cycles(Map<Long, ThreadInfo> infos) {
        List<List<ThreadInfo>> out = new ArrayList<>();
        Set<Long> seen = new LinkedHashSet<>();
        for (ThreadInfo start : infos.values()) {
            List<ThreadInfo> path = new ArrayList<>();
            ThreadInfo i = start;
            while (i != null && seen.add(i.getThreadId())) {
                path.add(i);
                i = infos.get(i.getLockOwnerId());
            }
            int from = i == null ? -1 : path.indexOf(i);
            if (from >= 0) { // the walk closed a loop of its own (not one found by an earlier walk)
                out.add(List.copyOf(path.subList(from, path.size())));
            }
        }
        return out;
    }

    /** The strand that thread {@code id} stands for in this backend, or null if it is none of its strands. */
    private CoroutineStrand<?> strandOf(long id) {
        for (Carrier c : backend.scheduler().carrierList()) {
            if (c.threadId() == id) {
                return c.running() instanceof CoroutineStrand<?> strand ? strand : null;
            }
        }
        return null;
    }

    /** The carrier {@code strand} is mounted on, or null. */
    private Carrier carrierOf(CoroutineStrand<?> strand) {
        for (Carrier c : backend.scheduler().carrierList()) {
            if (c.running() == strand) {
                return c;
            }
        }
        return null;
    }

    private String name(long threadId, String threadName) {
        CoroutineStrand<?> s = strandOf(threadId);
        return s != null ? "strand \"" + s.name() + "\" #" + s.id() : "thread \"" + threadName + "\"";
    }

    private String report(List<ThreadInfo> cycle) {
        StringBuilder sb = header(cycle.size(), "the JVM's deadlock detection", "their carriers are lost");
        for (ThreadInfo i : cycle) {
            CoroutineStrand<?> s = strandOf(i.getThreadId());
            if (s != null) {
                Carrier c = carrierOf(s);
                sb.append('"').append(s.name()).append("\" #").append(s.id()).append(' ').append(i.getThreadState())
                        .append(" (on carrier ").append(c == null ? "?" : c.getName());
            } else {
                sb.append("thread \"").append(i.getThreadName()).append("\" ").append(i.getThreadState()).append(" (");
            }
            sb.append(", waiting to lock ").append(i.getLockName()).append(" held by ")
                    .append(name(i.getLockOwnerId(), i.getLockOwnerName())).append(")\n");
            for (StackTraceElement e : i.getStackTrace()) {
                sb.append("\tat ").append(e).append('\n');
            }
        }
        return sb.toString();
    }
}
