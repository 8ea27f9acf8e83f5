package io.pal.coroutines.sched;

import java.util.ArrayDeque;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * Who is looking for work and who sleeps. A carrier with nothing to run first <em>searches</em>
 * (steals, polls the global queue, a bounded spin), then <em>sleeps</em> (Object.wait on its own lock) until
 * it is notified. Submitters wake one sleeper only when nobody is searching: a searcher will find
 * the new work itself. See the package essay for the protocol and why no wakeup is lost.
 */
final class Idle {

    /** Carriers currently searching, counting those woken by a notifier that have not yet started. CAS only. */
    private final AtomicInteger searching = new AtomicInteger();
    /** At most this many carriers search at once (half of them, at least one): the rest sleep. Immutable. */
    private final int maxSearching;
    /** Sleeping carriers, most recent first (it is likely warmest). Guarded by itself. */
    private final ArrayDeque<Carrier> sleepers = new ArrayDeque<>();
    /** sleepers.size(), readable without the lock for the submitters' fast path. Written under the lock. */
    private volatile int sleeperCount;

    Idle(int carriers) {
        this.maxSearching = Math.max(1, carriers / 2);
    }

    /** A carrier out of work asks to search; false means it should go to sleep instead. */
    boolean tryStartSearching() {
        int n;
        do {
            n = searching.get();
            if (n >= maxSearching) {
                return false;
            }
        } while (!searching.compareAndSet(n, n + 1));
        return true;
    }

    /** A searching carrier stops (it found work, or goes to sleep). Returns true if it was the last one. */
    boolean stopSearching() {
        int n = searching.decrementAndGet();
        assert n >= 0 : "searching underflow: " + n;
        return n == 0;
    }

    /**
     * Called after work was published: wakes one sleeping carrier unless one is searching (it will
     * find the work) or none sleeps. The woken carrier starts out counted as searching, so a burst of
     * submissions wakes one carrier, not all of them. Returns whether some carrier will come for the
     * work: a searcher, or the sleeper woken; false if nobody searches and nobody slept.
     */
    boolean notifyOne() {
        if (searching.get() != 0) {
            return true;
        }
        if (sleeperCount == 0) {
            return false;
        }
        Carrier c;
        synchronized (sleepers) {
            if (searching.get() != 0) {
                return true;
            }
            if ((c = sleepers.pollFirst()) == null) {
                return false;
            }
            sleeperCount = sleepers.size();
            searching.incrementAndGet();
            c.setListed(false);
        }
        c.notifyWoken();
        return true;
    }

    /**
     * Wakes {@code c} if it sleeps, after a task bound to it was put in its inbox. The waker wrote
     * the inbox before reading {@code c.isListed()}; the carrier set it before its last look at
     * the inbox: one of them sees the other. A woken carrier counts as searching, as after notifyOne.
     */
    void wake(Carrier c) {
        if (!c.isListed()) {
            return;
        }
        synchronized (sleepers) {
            if (!unlist(c)) {
                return; // woken meanwhile
            }
            searching.incrementAndGet();
            c.setListed(false);
        }
        c.notifyWoken();
    }

    /** Wakes every sleeper, for shutdown. Each counts as searching, as after notifyOne, and stops before it exits. */
    void notifyAllForShutdown() {
        Carrier[] all;
        synchronized (sleepers) {
            all = sleepers.toArray(Carrier[]::new);
            sleepers.clear();
            sleeperCount = 0;
            for (Carrier c : all) {
                searching.incrementAndGet();
                c.setListed(false);
            }
        }
        for (Carrier c : all) {
            c.notifyWoken();
        }
    }

    /** Step 1 of going to sleep: be visible as a sleeper before no longer being a searcher. */
    void addSleeper(Carrier c) {
        synchronized (sleepers) {
            list(c);
        }
    }

    /**
     * Protocol "blocking": {@code c} sleeps as a surplus if, counted exactly under the lock, more
     * carriers than the parallelism would still be active without it. Returns whether it is now a
     * sleeper.
     */
    boolean addSurplusSleeper(Carrier c) {
        synchronized (sleepers) {
            if (c.scheduler().isShutdown() || !c.scheduler().surplus(sleepers.size())) { // shutdown wakes sleepers under this lock once
                return false;
            }
            list(c);
            return true;
        }
    }

    /** A spare asleep too long takes itself off the sleepers to exit. False if a notifier took it first (it is being woken). */
    boolean retire(Carrier c) {
        synchronized (sleepers) {
            return unlist(c);
        }
    }

    /**
     * A sleeper that saw work in its last check takes itself back. Returns true if it was still
     * listed (it then counts as searching again); false if a notifier already took it, which also
     * counted it as searching.
     */
    boolean cancelSleep(Carrier c) {
        synchronized (sleepers) {
            if (!unlist(c)) {
                return false;
            }
            searching.incrementAndGet();
            c.setListed(false); // awake again: wakers need not come for it
            return true;
        }
    }

    /** Under the lock: lists {@code c} as a sleeper, most recent first, not yet woken. */
    private void list(Carrier c) {
        c.setListed(true);
        sleepers.addFirst(c);
        sleeperCount = sleepers.size();
    }

    /** Under the lock: takes {@code c} off the sleepers; false if it was not listed (a notifier took it). */
    private boolean unlist(Carrier c) {
        if (!sleepers.remove(c)) {
            return false;
        }
        sleeperCount = sleepers.size();
        return true;
    }

    int searching() {
        return searching.get();
    }

    int sleeperCount() {
        return sleeperCount;
    }
}
