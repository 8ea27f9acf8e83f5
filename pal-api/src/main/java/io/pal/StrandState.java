package io.pal;

/**
 * What a strand is doing, as far as its backend can tell. A snapshot: it may be stale by the time
 * the caller looks at it, so tests wait for a state in a loop rather than assume one.
 */
public enum StrandState {
    /** Spawned, not yet started by its backend. */
    NEW,
    /** Ready to run, waiting for a carrier (coroutines) or the OS scheduler. */
    RUNNABLE,
    /** Running on a carrier (coroutines) or on its own thread. Platform threads report this while runnable too. */
    RUNNING,
    /** Suspended until an unpark, an interrupt, a timer or I/O readiness: in park, sleep, join or a readiness wait. */
    PARKED,
    /** Blocked on a monitor, or pinned to a carrier that is blocked: not suspended, but not making progress. */
    BLOCKED,
    /** Finished: returned, threw, or was cancelled. */
    DONE
}
