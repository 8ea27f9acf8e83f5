package io.pal.coroutines.sched;

/**
 * A carrier's life, one state at a time (protocol "carrier states" in the package essay, which
 * also says which of a carrier's flags stay apart from it and why). The transitions, and who makes
 * each:
 *
 * <pre>
 *   NEW       -> ACTIVE     // the carrier enters its loop
 *   ACTIVE    -> BLOCKED    // the carrier: the task it runs opened its outermost blocking section
 *   BLOCKED   -> ACTIVE     // the carrier: that section ended
 *   ACTIVE    -> SEARCHING  // the carrier: counted as a searcher in Idle (it steals, spins)
 *   SEARCHING -> ACTIVE     // the carrier: it found work, or exits at shutdown
 *   ACTIVE    -> SLEEPING   // the carrier, under Idle's lock: listed as a surplus sleeper
 *   SEARCHING -> SLEEPING   // the carrier, under Idle's lock: listed before it stops searching
 *   SLEEPING  -> DRIVING    // the carrier, CAS, after it took the scheduler's driver role
 *   DRIVING   -> SLEEPING   // the carrier, CAS, after it gave the role back, still listed
 *   SLEEPING  -> SEARCHING  // a waker, or the carrier's own last look, under Idle's lock, CAS:
 *   DRIVING   -> SEARCHING  //   off the sleepers and counted as a searcher in one step
 *   SLEEPING  -> EXITED     // a spare asleep for its keep-alive, under Idle's lock, CAS: it leaves
 *   ACTIVE    -> EXITED     // the carrier: its loop ended at shutdown
 * </pre>
 * ACTIVE, BLOCKED and SEARCHING are the carrier's alone: no other thread writes them or acts on
 * them. SLEEPING and DRIVING are "listed": a waker may take the carrier off the sleepers at any
 * moment, so every transition out of them is a compare-and-set.
 */
enum CarrierState {
    /** Made, not yet in its loop. */
    NEW,
    /** Runs tasks, or looks for one in its own queues, runnext, inbox and the global queues. */
    ACTIVE,
    /** The task it runs blocks the thread in a call (a blocking section): it does not count toward the parallelism. */
    BLOCKED,
    /** Counted in Idle's searching count: steals, polls the global queue, spins; or woken and not yet at work. */
    SEARCHING,
    /** On Idle's sleepers list, waiting on its lock to be woken (or, a spare, to retire). */
    SLEEPING,
    /** On the sleepers list and holding the driver role: expires timers and waits in the netpoll. */
    DRIVING,
    /** Left its loop: a retired spare, or every carrier after shutdown. Final. */
    EXITED;

    /** LEGAL[from][to]: the transitions above. */
    private static final boolean[][] LEGAL = new boolean[values().length][values().length];

    static {
        allow(NEW, ACTIVE);
        allow(ACTIVE, BLOCKED);
        allow(BLOCKED, ACTIVE);
        allow(ACTIVE, SEARCHING);
        allow(SEARCHING, ACTIVE);
        allow(ACTIVE, SLEEPING);
        allow(SEARCHING, SLEEPING);
        allow(SLEEPING, DRIVING);
        allow(DRIVING, SLEEPING);
        allow(SLEEPING, SEARCHING);
        allow(DRIVING, SEARCHING);
        allow(SLEEPING, EXITED);
        allow(ACTIVE, EXITED);
    }

    private static void allow(CarrierState from, CarrierState to) {
        LEGAL[from.ordinal()][to.ordinal()] = true;
    }

    /** Whether {@code from -> to} is a transition of the table above. */
    static boolean legal(CarrierState from, CarrierState to) {
        return LEGAL[from.ordinal()][to.ordinal()];
    }

    /** On Idle's sleepers list: a waker may take a carrier in this state off it. */
    boolean listed() {
        return this == SLEEPING || this == DRIVING;
    }
}
