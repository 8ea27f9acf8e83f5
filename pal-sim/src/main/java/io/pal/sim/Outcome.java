package io.pal.sim;

import java.util.concurrent.TimeUnit;

/**
 * How a simulated run ended, and the numbers its trace line prints.
 *
 * @param kind         passed or why not
 * @param reason       one line for a failure (the exception, the deadlocked strands, the budget); empty when passed
 * @param seed         the run's seed
 * @param steps        scheduling steps taken (runs of a virtual thread between two scheduling points)
 * @param virtualNanos virtual time elapsed
 * @param trace        the trace hash: every choice of the schedule and every move of the clock, folded
 * @param exitCode     the status the program gave {@code System.exit}, or -1 if it did not call it
 */
public record Outcome(Kind kind, String reason, long seed, long steps, long virtualNanos, long trace, int exitCode) {

    /** Why a run ended. */
    public enum Kind {
        /** Every non-daemon strand ended and nothing failed. */
        PASSED,
        /** The root (the program's main) or a thread ended with an uncaught exception, or main's exit status was not 0. */
        FAILED,
        /** Nothing could run and no timer was pending while a non-daemon strand was still alive. */
        DEADLOCK,
        /** The run took more steps than {@code pal.sim.maxSteps}. */
        STEP_BUDGET
    }

    /**
     * The exit status a run of this outcome gives its JVM: what the program gave System.exit, else
     * 0, 1 for a failure, 3 for a deadlock, 4 past the step budget.
     */
    public int exitStatus() {
        return switch (kind) {
            case PASSED -> 0;
            case FAILED -> exitCode > 0 ? exitCode : 1;
            case DEADLOCK -> 3;
            case STEP_BUDGET -> 4;
        };
    }

    /** {@code pal sim: seed=N steps=S virtualMillis=T trace=HEX}. */
    public String traceLine() {
        return "pal sim: seed=" + seed + " steps=" + steps + " virtualMillis="
                + TimeUnit.NANOSECONDS.toMillis(virtualNanos) + " trace=" + String.format("%016x", trace);
    }
}
