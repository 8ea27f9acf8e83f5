package io.pal.coroutines.sched;

/**
 * Something a carrier runs: in pal, a strand's next slice, from mount to its next yield or end.
 * {@link #run()} is called on a carrier thread, by one carrier at a time, and must not throw: a
 * task that fails records the failure itself (a strand hands it to its joiners). A carrier that
 * catches one anyway reports it to the uncaught-exception handler and goes on.
 */
public interface Task {
    /** Runs one slice of the task on the calling carrier. */
    void run();

    /**
     * The carrier this task must run on, or null if any carrier may run it (a group's members are
     * bound to the group's carrier); a carrier that finds a task bound elsewhere forwards it to that
     * carrier's inbox instead of running it.
     */
    default Carrier home() {
        return null;
    }

    /**
     * True while the task, running, blocks its carrier thread on purpose and has said so (a pinned
     * park, sleep or yield): the monitor hands the carrier's queued work to
     * another carrier at once instead of waiting to see it stuck. Read racily by the monitor.
     */
    default boolean blocksCarrier() {
        return false;
    }
}
