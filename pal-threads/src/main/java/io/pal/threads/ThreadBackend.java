package io.pal.threads;

import io.pal.BackendName;
import io.pal.Strand;
import io.pal.group.GroupSupport;
import io.pal.group.StrandGroup;
import io.pal.group.TurnGroup;
import io.pal.spi.AdoptedStrand;
import io.pal.spi.AtomicRegions;
import io.pal.spi.Backend;

import java.time.Duration;
import java.util.concurrent.Callable;
import java.util.concurrent.locks.LockSupport;

/**
 * A backend whose strands are threads: platform threads for {@code threads}, virtual threads for
 * {@code virtual}. Everything but the thread builder is the same, so both are this one class.
 * Strands are daemon threads on both (virtual threads always are): as with coroutines, a program
 * ends when its main thread does, whether or not strands are still running.
 *
 * <p>Every call that can wait goes through {@link #beginWait}/{@link TurnGroup#resume}: they refuse inside
 * an atomic region and hand a group member's turn ({@link TurnGroup}) back while it waits.
 */
final class ThreadBackend implements Backend, GroupSupport {

    /** The backend's name. Immutable. */
    private final BackendName name;
    /** Makes the thread of each strand; builders are not thread-safe, so it is used under its own lock. */
    private final Thread.Builder builder;

    ThreadBackend(BackendName name, Thread.Builder builder) {
        this.name = name;
        this.builder = builder;
    }

    @Override
    public BackendName name() {
        return name;
    }

    @Override
    public <T> Strand<T> spawn(String strandName, Callable<T> task) {
        return spawn(strandName, task, null);
    }

    /** Spawns a strand, a member of {@code group} if it is not null. */
    <T> Strand<T> spawn(String strandName, Callable<T> task, TurnGroup group) {
        ThreadStrand<T> s = new ThreadStrand<>(this, strandName, task, group);
        Thread t;
        synchronized (builder) {
            t = builder.name(strandName != null ? strandName : "").unstarted(s::run);
        }
        s.start(t);
        return s;
    }

    @Override
    public Strand<?> current() {
        ThreadStrand<?> s = ThreadStrand.current();
        return s != null ? s : AdoptedStrand.ofCurrentThread();
    }

    @Override
    public StrandGroup newGroup(String groupName) {
        return new TurnGroup(groupName, this::spawn);
    }

    @Override
    public StrandGroup currentGroup() {
        ThreadStrand<?> s = ThreadStrand.current();
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
        if (nanos <= 0) {
            return;
        }
        TurnGroup g = beginWait("park");
        try {
            LockSupport.parkNanos(nanos);
        } finally {
            TurnGroup.resume(g);
        }
    }

    @Override
    public void unpark(Strand<?> strand) {
        Thread t = switch (strand) {
            case ThreadStrand<?> s -> s.thread();
            case AdoptedStrand a -> a.thread();
            default -> throw new IllegalArgumentException("not a strand of the " + name + " backend: " + strand);
        };
        if (t != null) {
            LockSupport.unpark(t);
        }
    }

    @Override
    public void sleep(long nanos) throws InterruptedException {
        if (nanos <= 0) {
            if (Thread.interrupted()) {
                throw new InterruptedException();
            }
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
            Thread.yield(); // a member's turn goes to the members waiting for it (the lock is fair)
        } finally {
            TurnGroup.resume(g);
        }
    }

    /**
     * Before the caller waits: refuses if it is inside an atomic region, and a group member gives
     * its turn up. Returns the group to re-enter in {@link TurnGroup#resume}, or null.
     */
    private static TurnGroup beginWait(String operation) {
        ThreadStrand<?> s = ThreadStrand.current();
        if (s == null) {
            if (AdoptedStrand.ofCurrentThread().inAtomic()) {
                throw AtomicRegions.refused(operation);
            }
            return null;
        }
        if (s.inAtomic()) {
            throw AtomicRegions.refused(operation);
        }
        return TurnGroup.suspend(s.group());
    }

    @Override
    public boolean interrupted() {
        return Thread.interrupted();
    }
}
