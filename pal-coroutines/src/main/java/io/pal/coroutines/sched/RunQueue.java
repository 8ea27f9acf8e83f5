package io.pal.coroutines.sched;

import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;

/**
 * A carrier's bounded run queue: a ring of {@code capacity} slots (a power of two) indexed by two
 * ever-growing counters. Single producer (the owning carrier pushes at the tail), multiple
 * consumers (the owner pops at the head, thieves take half from the head); the head moves only by
 * compare-and-set, the tail only by the owner's release store.
 *
 * <p>Why it is safe for a thief to copy slots before its CAS: the owner writes a slot only at
 * {@code tail}, and only while {@code tail - head < capacity} for the head it read; so the slots
 * in {@code [head, tail)} a thief copies cannot be overwritten until {@code head} has moved past
 * them, and a moved head makes the thief's CAS fail and its copy be thrown away.
 *
 * <p>Slots a thief took are not cleared (only the owner writes slots), so up to {@code capacity}
 * stale references may stay in the ring until the owner overwrites them.
 *
 * <p>The counters are ints and wrap around; only differences are used, which stay correct across
 * the wrap because they never exceed {@code capacity}.
 */
final class RunQueue {

    private static final VarHandle HEAD;
    private static final VarHandle TAIL;
    private static final VarHandle SLOTS = MethodHandles.arrayElementVarHandle(Runnable[].class);

    static {
        try {
            MethodHandles.Lookup l = MethodHandles.lookup();
            HEAD = l.findVarHandle(RunQueue.class, "head", int.class);
            TAIL = l.findVarHandle(RunQueue.class, "tail", int.class);
        } catch (ReflectiveOperationException e) {
            throw new ExceptionInInitializerError(e);
        }
    }

    /** The ring. A slot is written by the owner (or by the owner's own steal) beyond the tail, read by anyone in [head, tail). */
    private final Runnable[] slots;
    /** capacity - 1. Immutable. */
    private final int mask;
    /** Counter of the oldest item. Advanced by CAS by the owner (pop, overflow) and by thieves (steal). */
    @SuppressWarnings("unused") // accessed through HEAD
    private volatile int head;
    /** Counter one past the newest item. Written only by the owner (release store), read by thieves (acquire). */
    @SuppressWarnings("unused") // accessed through TAIL
    private volatile int tail;

    RunQueue(int capacity) {
        if (capacity < 2 || Integer.bitCount(capacity) != 1) {
            throw new IllegalArgumentException("capacity must be a power of two >= 2: " + capacity);
        }
        slots = new Runnable[capacity];
        mask = capacity - 1;
    }

    int capacity() {
        return slots.length;
    }

    /** Owner only. Adds {@code t} at the tail; returns false if the queue is full. */
    boolean push(Runnable t) {
        int h = (int) HEAD.getAcquire(this);
        int tl = (int) TAIL.getOpaque(this); // only the owner writes tail: its own last write is visible to it
        if (tl - h >= slots.length) {
            return false;
        }
        SLOTS.setOpaque(slots, tl & mask, t); // published to thieves by the release store of tail
        TAIL.setRelease(this, tl + 1);
        return true;
    }

    /** Owner only. Removes and returns the oldest item, or null if the queue is empty. */
    Runnable pop() {
        while (true) {
            int h = (int) HEAD.getAcquire(this);
            int tl = (int) TAIL.getOpaque(this); // owner's own field
            if (h == tl) {
                return null;
            }
            Runnable t = (Runnable) SLOTS.getOpaque(slots, h & mask);
            if (HEAD.compareAndSet(this, h, h + 1)) {
                // The slot is the owner's again (it writes there only at a later tail). Clearing it lets a
                // finished strand be collected; a thief that copied it before our CAS fails its own CAS.
                SLOTS.setOpaque(slots, h & mask, null);
                return t;
            }
        }
    }

    /**
     * Owner only, when {@link #push} failed: takes the older half of the queue out in one CAS and
     * returns it (oldest first), so the caller can move it to the global queue. Returns null if a
     * thief made room meanwhile (the caller then retries the push).
     */
    Runnable[] takeHalf() {
        int h = (int) HEAD.getAcquire(this);
        int tl = (int) TAIL.getOpaque(this);
        int n = (tl - h) / 2;
        if (n < 1 || tl - h < slots.length) {
            return null;
        }
        Runnable[] batch = new Runnable[n];
        for (int i = 0; i < n; i++) {
            batch[i] = (Runnable) SLOTS.getOpaque(slots, (h + i) & mask);
        }
        return HEAD.compareAndSet(this, h, h + n) ? batch : null;
    }

    /**
     * Thief: moves half of this queue's items (rounded up) to {@code dst}, the thief's own queue,
     * and returns one of them to run at once, or null if there was nothing to take. Precondition:
     * {@code dst} is empty (a carrier steals only when it has no work), so it has room.
     */
    Runnable stealInto(RunQueue dst) {
        assert dst != this;
        int dt = (int) TAIL.getOpaque(dst); // dst's owner is the caller
        int n;
        while (true) {
            int h = (int) HEAD.getAcquire(this);
            int tl = (int) TAIL.getAcquire(this); // acquire: makes the owner's slot writes before it visible
            n = tl - h;
            n = n - n / 2;
            if (n <= 0) {
                return null;
            }
            if (n > slots.length / 2 + 1 || n > dst.slots.length) {
                continue; // h and tl were read at different times and do not fit together: read again
            }
            for (int i = 0; i < n; i++) {
                Object t = SLOTS.getOpaque(slots, (h + i) & mask);
                SLOTS.setOpaque(dst.slots, (dt + i) & dst.mask, t); // beyond dst's tail: nobody reads it yet
            }
            if (HEAD.compareAndSet(this, h, h + n)) {
                break;
            }
        }
        n--;
        Runnable last = (Runnable) SLOTS.getOpaque(dst.slots, (dt + n) & dst.mask);
        SLOTS.setOpaque(dst.slots, (dt + n) & dst.mask, null);
        if (n > 0) {
            TAIL.setRelease(dst, dt + n);
        }
        return last;
    }

    /**
     * Thief: takes every item in the queue out in one CAS (oldest first) and returns them, or an
     * empty array if there was nothing. Used by the watchdog to move the queued work of a carrier
     * that is stuck inside one task; the same copy-then-CAS argument as {@link #stealInto} applies.
     */
    Runnable[] drain() {
        while (true) {
            int h = (int) HEAD.getAcquire(this);
            int tl = (int) TAIL.getAcquire(this);
            int n = tl - h;
            if (n <= 0) {
                return new Runnable[0];
            }
            if (n > slots.length) {
                continue; // h and tl were read at different times and do not fit together: read again
            }
            Runnable[] batch = new Runnable[n];
            for (int i = 0; i < n; i++) {
                batch[i] = (Runnable) SLOTS.getOpaque(slots, (h + i) & mask);
            }
            if (HEAD.compareAndSet(this, h, h + n)) {
                return batch;
            }
        }
    }

    /** Items in the queue; a racy snapshot when called by others than the owner. */
    int size() {
        int h = (int) HEAD.getAcquire(this);
        int tl = (int) TAIL.getAcquire(this);
        return Math.max(0, tl - h);
    }

    boolean isEmpty() {
        return size() == 0;
    }
}
