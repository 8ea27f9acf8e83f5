package io.pal.coroutines.sched;

import java.util.ArrayDeque;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Who is looking for work and who sleeps. A carrier with nothing to run first <em>searches</em>
 * (steals, polls the global queue, a bounded spin), then <em>sleeps</em> (Object.wait on its own lock) until
 * it is notified. Submitters wake one sleeper only when nobody is searching: a searcher will find
 * the new work itself. See the package essay for the protocol and why no wakeup is lost.
 */
final class Idle {

    /** One sleeper in {@link #counts}: the sleepers count in the high 32 bits. */
    private static final long SLEEPER = 1L << 32;
    /**
     * Both counts in one word (tokio's {@code Idle} state), so a submitter reads them in one load
     * and taking a carrier off the sleepers counts it as searching in one atomic add. Low 32 bits:
     * carriers searching, counting those woken by a notifier that have not yet started (CAS or
     * atomic add). High 32 bits: sleepers.size(), changed under the sleepers' lock only.
     */
    private final AtomicLong counts = new AtomicLong();
    /** At most this many carriers search at once (half of them, at least one): the rest sleep. Immutable. */
    private final int maxSearching;
    /** Sleeping carriers, most recent first (it is likely warmest). Guarded by itself. */
    private final ArrayDeque<Carrier> sleepers = new ArrayDeque<>();

    Idle(int carriers) {
        this.maxSearching = Math.max(1, carriers / 2);
    }

    /** A carrier out of work asks to search; false means it should go to sleep instead. */
    boolean tryStartSearching() {
        long w;
        do {
            w = counts.get();
            if (searchingOf(w) >= maxSearching) {
                return false;
            }
        } while (!counts.compareAndSet(w, w + 1));
        return true;
    }

    /** A searching carrier stops (it found work, or goes to sleep). Returns true if it was the last one. */
    boolean stopSearching() {
        assert searchingOf(counts.get()) > 0 : "searching underflow";
        return searchingOf(counts.decrementAndGet()) == 0;
    }

    /**
     * Called after work was published: wakes one sleeping carrier unless one is searching (it will
     * find the work) or none sleeps. The woken carrier starts out counted as searching, so a burst of
     * submissions wakes one carrier, not all of them. Returns whether some carrier will come for the
     * work: a searcher, or the sleeper woken; false if nobody searches and nobody slept.
     */
    boolean notifyOne() {
        long w = counts.get();
        if (searchingOf(w) != 0) {
            return true;
        }
        if (sleepersOf(w) == 0) {
            return false;
        }
        Carrier c;
        synchronized (sleepers) {
            if (searchingOf(counts.get()) != 0) {
                return true;
            }
            if ((c = sleepers.pollFirst()) == null) {
                return false;
            }
            counts.addAndGet(1 - SLEEPER);           // off the sleepers and searching, in one step
            c.wokenAsSearcher();
        }
        c.notifyWoken();
        return true;
    }

    /**
     * Wakes {@code c} if it sleeps, after a task bound to it was put in its inbox. The waker wrote
     * the inbox before reading {@code c.isListed()}; the carrier was listed (SLEEPING) before its last
     * look at the inbox: one of them sees the other. A woken carrier counts as searching, as after notifyOne.
     */
    void wake(Carrier c) {
        if (!c.isListed()) {
            return;
        }
        synchronized (sleepers) {
            if (!unlist(c)) {
                return; // woken meanwhile
            }
            counts.addAndGet(1 - SLEEPER);
            c.wokenAsSearcher();
        }
        c.notifyWoken();
    }

    /** Wakes every sleeper, for shutdown. Each counts as searching, as after notifyOne, and stops before it exits. */
    void notifyAllForShutdown() {
        Carrier[] all;
        synchronized (sleepers) {
            all = sleepers.toArray(Carrier[]::new);
            sleepers.clear();
            for (Carrier c : all) {
                counts.addAndGet(1 - SLEEPER);
                c.wokenAsSearcher();
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
            if (!unlist(c)) {
                return false;
            }
            counts.addAndGet(-SLEEPER);
            c.retiredFromSleep();
            return true;
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
            counts.addAndGet(1 - SLEEPER);
            c.wokenAsSearcher(); // awake again: wakers need not come for it
            return true;
        }
    }

    /** Under the lock: lists {@code c} as a sleeper (SLEEPING), most recent first, not yet woken. */
    private void list(Carrier c) {
        c.listAsSleeper();
        sleepers.addFirst(c);
        counts.addAndGet(SLEEPER);
    }

    /** Under the lock: takes {@code c} off the sleepers list; false if it was not on it (a notifier took it). The caller updates the counts. */
    private boolean unlist(Carrier c) {
        return sleepers.remove(c);
    }

    int searching() {
        return searchingOf(counts.get());
    }

    int sleeperCount() {
        return sleepersOf(counts.get());
    }

    private static int searchingOf(long w) {
        return (int) w;
    }

    private static int sleepersOf(long w) {
        return (int) (w >>> 32);
    }
}
