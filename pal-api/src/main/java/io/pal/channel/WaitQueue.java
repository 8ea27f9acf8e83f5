package io.pal.channel;

/** A FIFO of waiters with O(1) unlink. Not thread-safe: guarded by its channel's lock. */
final class WaitQueue {
    /** Oldest and newest waiter, or null. */
    private Waiter head;
    private Waiter tail;

    void add(Waiter w) {
        assert w.queue == null : "waiter queued twice";
        w.queue = this;
        w.prev = tail;
        if (tail == null) {
            head = w;
        } else {
            tail.next = w;
        }
        tail = w;
    }

    void remove(Waiter w) {
        if (w.queue != this) {
            return;
        }
        if (w.prev == null) {
            head = w.next;
        } else {
            w.prev.next = w.next;
        }
        if (w.next == null) {
            tail = w.prev;
        } else {
            w.next.prev = w.prev;
        }
        w.prev = w.next = null;
        w.queue = null;
    }

    /**
     * Removes waiters oldest first until one can be claimed ({@link Waiter#claim}), and returns it
     * claimed; null if none can. Select waiters whose selection another party already claimed are
     * dropped on the way: their strand is done with this queue.
     */
    Waiter claimFirst() {
        for (Waiter w = head; w != null; w = head) {
            remove(w);
            if (w.claim()) {
                return w;
            }
        }
        return null;
    }

    boolean isEmpty() {
        return head == null;
    }
}
