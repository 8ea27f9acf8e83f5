package io.pal.spi;

import io.pal.StrandState;

/** Maps a thread's state to a strand's, for backends whose strands are threads. */
public final class StrandStates {

    private StrandStates() {
    }

    public static StrandState of(Thread.State s) {
        return switch (s) {
            case NEW -> StrandState.NEW;
            case RUNNABLE -> StrandState.RUNNING;
            case BLOCKED -> StrandState.BLOCKED;
            case WAITING, TIMED_WAITING -> StrandState.PARKED;
            case TERMINATED -> StrandState.DONE;
        };
    }
}
