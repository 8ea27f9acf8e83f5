package io.pal.coroutines.sched;

/**
 * What a carrier runs is any {@link Runnable}: a virtual thread's continuation (what the JDK hands
 * the scheduler as an {@link java.util.concurrent.Executor}), or a task of pal's own that says more
 * about itself through this interface. {@link #run()} is called on a carrier thread, by one carrier
 * at a time, and must not throw: a task that fails records the failure itself (a strand hands it
 * to its joiners). A carrier that catches one anyway reports it to the uncaught-exception handler
 * and goes on.
 */
public interface Task extends Runnable {

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
     * park, sleep or yield): the watchdog hands the carrier's queued work to
     * another carrier at once instead of waiting to see it stuck. Read racily by the watchdog.
     */
    default boolean blocksCarrier() {
        return false;
    }

    /** {@code r}'s home if it is a Task; null (any carrier) for any other Runnable. */
    static Carrier homeOf(Runnable r) {
        return r instanceof Task t ? t.home() : null;
    }

    /** Whether {@code r}, running, said it blocks its carrier; false for a plain Runnable. */
    static boolean blocksCarrier(Runnable r) {
        return r instanceof Task t && t.blocksCarrier();
    }
}
