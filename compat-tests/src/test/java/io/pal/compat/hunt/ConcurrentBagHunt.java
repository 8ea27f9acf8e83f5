package io.pal.compat.hunt;

import com.zaxxer.hikari.util.ConcurrentBag;

import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicIntegerFieldUpdater;

/**
 * A sim program (run it with {@code bin/pal sim}): HikariCP's {@code ConcurrentBag}, the hand-written
 * lock-free pool under its connection pool (thread-local lists, a hand-off queue, a waiter count),
 * driven by three borrowers over two entries, with a reserve/remove of one entry and an add from
 * the bag's listener. Invariants, exact: no entry is lent to two borrowers at once, and a borrow
 * with an hour's timeout never comes back empty while entries are held only for a few milliseconds.
 */
public final class ConcurrentBagHunt {

    /** A pooled thing; {@code lent} checks the bag's own state from outside. */
    static final class Entry implements ConcurrentBag.IConcurrentBagEntry {
        private static final AtomicIntegerFieldUpdater<Entry> STATE = AtomicIntegerFieldUpdater.newUpdater(Entry.class, "state");
        private volatile int state;
        final AtomicBoolean lent = new AtomicBoolean();
        final int id;

        Entry(int id) {
            this.id = id;
        }

        @Override
        public boolean compareAndSet(int expect, int update) {
            return STATE.compareAndSet(this, expect, update);
        }

        @Override
        public void setState(int update) {
            state = update;
        }

        @Override
        public int getState() {
            return state;
        }

        @Override
        public String toString() {
            return "entry-" + id;
        }
    }

    private ConcurrentBagHunt() {
    }

    public static void main(String[] args) throws Exception {
        Random random = new Random();
        AtomicInteger ids = new AtomicInteger();
        AtomicInteger added = new AtomicInteger();
        ConcurrentBag<Entry>[] bag = new ConcurrentBag[1];
        bag[0] = new ConcurrentBag<>(waiting -> {
            if (added.incrementAndGet() <= 1) { // the pool grows by one entry at most, as a pool at its maximum
                Thread t = new Thread(() -> bag[0].add(new Entry(ids.incrementAndGet())));
                t.start();
            }
        });
        for (int i = 0; i < 2; i++) {
            bag[0].add(new Entry(ids.incrementAndGet()));
        }
        List<Thread> borrowers = new ArrayList<>();
        List<String> failures = java.util.Collections.synchronizedList(new ArrayList<>());
        for (int b = 0; b < 3; b++) {
            int hold = 1 + random.nextInt(3);
            Thread t = new Thread(() -> {
                try {
                    for (int round = 0; round < 4; round++) {
                        Entry e = bag[0].borrow(1, TimeUnit.HOURS);
                        if (e == null) {
                            failures.add("a borrow with an hour's timeout came back empty");
                            return;
                        }
                        if (!e.lent.compareAndSet(false, true)) {
                            failures.add(e + " lent to two borrowers at once");
                        }
                        Thread.sleep(hold);
                        e.lent.set(false);
                        bag[0].requite(e);
                    }
                } catch (InterruptedException ex) {
                    failures.add("interrupted");
                }
            }, "borrower-" + b);
            t.start();
            borrowers.add(t);
        }
        // Evict one entry while it may be lent: reserve succeeds only on an idle one.
        Thread evictor = new Thread(() -> {
            try {
                Thread.sleep(random.nextInt(5));
            } catch (InterruptedException ex) {
                return;
            }
            for (Entry e : bag[0].values(ConcurrentBag.IConcurrentBagEntry.STATE_NOT_IN_USE)) {
                if (bag[0].reserve(e)) {
                    if (e.lent.get()) {
                        failures.add(e + " reserved while lent");
                    }
                    bag[0].remove(e);
                    bag[0].add(new Entry(ids.incrementAndGet())); // replaced, as the pool does
                    break;
                }
            }
        }, "evictor");
        evictor.start();
        for (Thread t : borrowers) {
            t.join();
        }
        evictor.join();
        if (!failures.isEmpty()) {
            throw new AssertionError(failures.toString());
        }
        bag[0].close();
    }
}
