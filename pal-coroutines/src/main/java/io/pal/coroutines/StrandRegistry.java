package io.pal.coroutines;

import java.util.ArrayList;
import java.util.List;

/**
 * The strands of one backend that have been spawned and have not ended, for dumps. An intrusive
 * doubly linked list per stripe (the strand carries its own links), each stripe under its own
 * small lock, the stripe chosen by strand id: O(1) add and remove with no hashing and no
 * allocation. A ConcurrentHashMap here cost more than a whole park/unpark round trip.
 */
final class StrandRegistry {

    /** One list. Its fields, and the links of the strands in it, are guarded by the stripe itself. */
    private static final class Stripe {
        PalStrand<?> head;
        int size;
    }

    /** The stripes; length is a power of two. Immutable. */
    private final Stripe[] stripes;

    StrandRegistry(int carriers) {
        int n = Integer.highestOneBit(Math.max(1, carriers) * 4 - 1) << 1;
        stripes = new Stripe[n];
        for (int i = 0; i < n; i++) {
            stripes[i] = new Stripe();
        }
    }

    private Stripe stripeOf(PalStrand<?> s) {
        return stripes[(int) s.id() & (stripes.length - 1)];
    }

    void add(PalStrand<?> s) {
        Stripe st = stripeOf(s);
        synchronized (st) {
            PalStrand<?> h = st.head;
            s.regNext = h;
            s.regPrev = null;
            if (h != null) {
                h.regPrev = s;
            }
            st.head = s;
            st.size++;
        }
    }

    void remove(PalStrand<?> s) {
        Stripe st = stripeOf(s);
        synchronized (st) {
            PalStrand<?> p = s.regPrev;
            PalStrand<?> n = s.regNext;
            if (p == null) {
                if (st.head != s) {
                    return; // not registered (already removed)
                }
                st.head = n;
            } else {
                p.regNext = n;
            }
            if (n != null) {
                n.regPrev = p;
            }
            s.regPrev = null;
            s.regNext = null;
            st.size--;
        }
    }

    int size() {
        int n = 0;
        for (Stripe st : stripes) {
            synchronized (st) {
                n += st.size;
            }
        }
        return n;
    }

    /**
     * The registered strand whose thread is {@code t}, or null: a walk of every stripe, for the rare
     * strand whose thread no longer names it (a program replaced its uncaught-exception handler).
     */
    PalStrand<?> find(Thread t) {
        for (Stripe st : stripes) {
            synchronized (st) {
                for (PalStrand<?> s = st.head; s != null; s = s.regNext) {
                    if (s.thread() == t) {
                        return s;
                    }
                }
            }
        }
        return null;
    }

    /** A snapshot of the registered strands. */
    List<PalStrand<?>> snapshot() {
        List<PalStrand<?>> all = new ArrayList<>();
        for (Stripe st : stripes) {
            synchronized (st) {
                for (PalStrand<?> s = st.head; s != null; s = s.regNext) {
                    all.add(s);
                }
            }
        }
        return all;
    }
}
