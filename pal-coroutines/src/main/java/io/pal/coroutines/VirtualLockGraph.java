package io.pal.coroutines;

import java.lang.invoke.MethodHandle;
import java.lang.invoke.MethodHandles;
import java.lang.invoke.MethodType;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.IdentityHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.locks.AbstractOwnableSynchronizer;
import java.util.concurrent.locks.LockSupport;

/**
 * Cycles of locks among virtual strands, which the JVM's own deadlock detection
 * ({@code ThreadMXBean.findDeadlockedThreads}) leaves out: it ignores virtual threads. The graph has
 * an edge from a strand to the thread that holds what it waits for, without a timeout:
 * <ul>
 *   <li>a {@code synchronized} monitor it is BLOCKED entering: the JDK's thread snapshot
 *       ({@code jdk.internal.vm.ThreadSnapshot}, what its thread dumps use) names the monitor, and
 *       the snapshots of the other waiting strands name the monitors they hold;</li>
 *   <li>a j.u.c. lock it is parked on without a timeout: its park blocker
 *       ({@link LockSupport#getBlocker}) is an {@link AbstractOwnableSynchronizer} whose exclusive
 *       owner is the holder.</li>
 * </ul>
 * A cycle of such edges never dissolves: nobody in it can go on. Only strands that were found in the
 * same wait at the previous look too are looked at (a strand in a cycle never moves; one that runs,
 * or waits briefly, is in none), so the cost is a state read per live strand at the lock watch's
 * cadence, and a snapshot per strand BLOCKED that long. Snapshots are taken of BLOCKED strands only:
 * on JDK 25.0.3 a snapshot of a virtual thread that was changing state (a short j.u.c. wait)
 * crashed the JVM in {@code Continuation::is_continuation_entry_frame}, so a waiting strand's own
 * monitors are not asked for, and a cycle that mixes a monitor with a j.u.c. lock is not seen.
 *
 * <p>Needs {@code java.base/jdk.internal.vm} opened to pal (for monitors) and
 * {@code java.base/java.util.concurrent.locks} (for j.u.c. owners): pal's agent opens both, and the
 * build's JVM flags name them. Without them that kind of edge is not seen: no cycle is reported
 * through it, and nothing else changes.
 */
final class VirtualLockGraph {

    /** One waiting strand: what it waits for, who holds that, its stack. */
    record Wait(VirtualStrand<?> strand, Thread.State state, Object lock, Thread owner, StackTraceElement[] stack) {
        /** The lock as the JDK's ThreadInfo names one: class name, {@code @}, identity hash in hex. */
        String lockName() {
            return lock.getClass().getName() + "@" + Integer.toHexString(System.identityHashCode(lock));
        }
    }

    /**
     * The JDK's internals the graph reads, resolved the first time a strand waits on a lock long enough
     * to be looked at: resolving them spins method-handle classes, which the watchdog's first look would
     * otherwise do in every program (ADR 0025). Null handles: that kind of edge is not seen.
     */
    private static final class Jdk {
        private static final MethodHandle SNAPSHOT_OF;
        private static final MethodHandle BLOCKED_ON;
        private static final MethodHandle OWNS_MONITORS;
        private static final MethodHandle OWNED_AT;
        private static final MethodHandle STACK;
        private static final MethodHandle EXCLUSIVE_OWNER;

        static {
            MethodHandle of = null, blockedOn = null, owns = null, ownedAt = null, stack = null, owner = null;
            try {
                Class<?> snap = Class.forName("jdk.internal.vm.ThreadSnapshot");
                MethodHandles.Lookup l = MethodHandles.privateLookupIn(snap, MethodHandles.lookup());
                of = l.findStatic(snap, "of", MethodType.methodType(snap, Thread.class)).asType(MethodType.methodType(Object.class, Thread.class));
                blockedOn = l.findVirtual(snap, "blockedOn", MethodType.methodType(Object.class)).asType(MethodType.methodType(Object.class, Object.class));
                owns = l.findVirtual(snap, "ownsMonitors", MethodType.methodType(boolean.class)).asType(MethodType.methodType(boolean.class, Object.class));
                ownedAt = l.findVirtual(snap, "ownedMonitorsAt", MethodType.methodType(java.util.stream.Stream.class, int.class))
                        .asType(MethodType.methodType(java.util.stream.Stream.class, Object.class, int.class));
                stack = l.findVirtual(snap, "stackTrace", MethodType.methodType(StackTraceElement[].class))
                        .asType(MethodType.methodType(StackTraceElement[].class, Object.class));
            } catch (ReflectiveOperationException | RuntimeException | IllegalAccessError notOpened) {
                of = null; // monitors are not seen
            }
            try {
                owner = MethodHandles.privateLookupIn(AbstractOwnableSynchronizer.class, MethodHandles.lookup())
                        .findVirtual(AbstractOwnableSynchronizer.class, "getExclusiveOwnerThread", MethodType.methodType(Thread.class));
            } catch (ReflectiveOperationException | RuntimeException | IllegalAccessError notOpened) {
                owner = null; // j.u.c. owners are not seen
            }
            SNAPSHOT_OF = of;
            BLOCKED_ON = blockedOn;
            OWNS_MONITORS = owns;
            OWNED_AT = ownedAt;
            STACK = stack;
            EXCLUSIVE_OWNER = owner;
        }

        private Jdk() {
        }
    }

    private VirtualLockGraph() {
    }

    /** What a strand waited for at the last look: {@link #BLOCKED} for a monitor, else the j.u.c. lock. */
    private static final Object BLOCKED = new Object();

    /**
     * The cycles among {@code strands} now, each in wait-for order (each waits for a lock the next
     * one holds), among the strands that {@code lastWaits} says were in the same wait at the previous
     * look; {@code lastWaits} is then replaced by what each waits for now.
     */
    static List<List<Wait>> cycles(List<PalStrand<?>> strands, Map<Thread, Object> lastWaits) {
        Map<Thread, Wait> waits = new HashMap<>();
        Map<Object, Thread> monitorOwners = new IdentityHashMap<>();
        Map<Thread, Object> nowWaits = new HashMap<>();
        List<Object[]> blocked = new ArrayList<>(); // {strand, snapshot}
        for (PalStrand<?> p : strands) {
            if (!(p instanceof VirtualStrand<?> s)) {
                continue;
            }
            Thread t = s.thread();
            Thread.State st = t.getState();
            if (st == Thread.State.BLOCKED) {
                nowWaits.put(t, BLOCKED);
                if (lastWaits.get(t) == BLOCKED && Jdk.SNAPSHOT_OF != null) {
                    Object snap = snapshot(t);
                    if (snap != null) {
                        blocked.add(new Object[] {s, snap});
                        ownedMonitors(snap, t, monitorOwners);
                    }
                }
            } else if (st == Thread.State.WAITING && LockSupport.getBlocker(t) instanceof AbstractOwnableSynchronizer lock
                    && Jdk.EXCLUSIVE_OWNER != null) {
                nowWaits.put(t, lock);
                Thread owner = lastWaits.get(t) == lock ? exclusiveOwner(lock) : null;
                if (owner != null) {
                    waits.put(t, new Wait(s, st, lock, owner, t.getStackTrace()));
                }
            }
        }
        lastWaits.clear();
        lastWaits.putAll(nowWaits);
        for (Object[] b : blocked) {
            VirtualStrand<?> s = (VirtualStrand<?>) b[0];
            Object monitor = blockedOn(b[1]);
            Thread owner = monitor == null ? null : monitorOwners.get(monitor);
            if (owner != null) {
                waits.put(s.thread(), new Wait(s, Thread.State.BLOCKED, monitor, owner, stack(b[1])));
            }
        }
        return walk(waits);
    }

    /** Follows each wait to its owner's wait; a walk that comes back onto itself is a cycle. */
    private static List<List<Wait>> walk(Map<Thread, Wait> waits) {
        List<List<Wait>> out = new ArrayList<>();
        Set<Thread> seen = new LinkedHashSet<>();
        for (Wait start : waits.values()) {
            List<Wait> path = new ArrayList<>();
            Wait w = start;
            while (w != null && seen.add(w.strand().thread())) {
                path.add(w);
                w = waits.get(w.owner());
            }
            int from = w == null ? -1 : path.indexOf(w);
            if (from >= 0) {
                out.add(List.copyOf(path.subList(from, path.size())));
            }
        }
        return out;
    }

    private static Object snapshot(Thread t) {
        try {
            return Jdk.SNAPSHOT_OF.invokeExact(t);
        } catch (Throwable e) {
            return null; // ended meanwhile, or the VM cannot take one
        }
    }

    private static Object blockedOn(Object snap) {
        try {
            return Jdk.BLOCKED_ON.invokeExact(snap);
        } catch (Throwable e) {
            return null; // no longer blocked when the snapshot was taken
        }
    }

    private static StackTraceElement[] stack(Object snap) {
        try {
            return (StackTraceElement[]) Jdk.STACK.invokeExact(snap);
        } catch (Throwable e) {
            return new StackTraceElement[0];
        }
    }

    /** Records every monitor {@code t}'s snapshot says it holds. */
    private static void ownedMonitors(Object snap, Thread t, Map<Object, Thread> owners) {
        try {
            if (!(boolean) Jdk.OWNS_MONITORS.invokeExact(snap)) {
                return;
            }
            int depth = stack(snap).length;
            for (int d = 0; d < depth; d++) {
                ((java.util.stream.Stream<?>) Jdk.OWNED_AT.invokeExact(snap, d))
                        .filter(java.util.Objects::nonNull).forEach(m -> owners.put(m, t));
            }
        } catch (Throwable e) {
            // a snapshot we cannot read: its monitors stay unknown
        }
    }

    private static Thread exclusiveOwner(AbstractOwnableSynchronizer lock) {
        try {
            return (Thread) Jdk.EXCLUSIVE_OWNER.invokeExact(lock);
        } catch (Throwable e) {
            return null;
        }
    }
}
