package io.pal.sim;

import io.pal.spi.SimConfig;

import java.util.List;

/**
 * Chooses the next strand to run among the runnable ones, from the run's PRNG alone: the whole
 * schedule of a run is a function of its seed. See the package essay for the two strategies.
 */
abstract sealed class Picker permits Picker.Random, Picker.Pct {

    /** The run's scheduling PRNG. Carrier only. */
    final SplitMix rng;

    Picker(SplitMix rng) {
        this.rng = rng;
    }

    static Picker of(SimConfig config, SplitMix rng) {
        return switch (config.strategy()) {
            case RANDOM -> new Random(rng);
            case PCT -> new Pct(rng, config.pctDepth());
        };
    }

    /** A new strand joined the run: PCT gives it its priority. Carrier or the run's starter. */
    void added(SimThread s) {
    }

    /** Strand {@code s} is about to yield in a spin-wait or the program's Thread.yield: it waits for another. Carrier only. */
    void spun(SimThread s) {
    }

    /** The index in {@code runnable} (never empty) of the task to run at step {@code step}. */
    abstract int pick(List<SimScheduler.Task> runnable, long step);

    /** Uniformly at random. */
    static final class Random extends Picker {
        Random(SplitMix rng) {
            super(rng);
        }

        @Override
        int pick(List<SimScheduler.Task> runnable, long step) {
            return rng.nextInt(runnable.size());
        }
    }

    /**
     * PCT (Burckhardt et al., ASPLOS 2010): each strand gets a distinct random priority when it
     * starts, the runnable strand of highest priority always runs, and at d-1 change points, steps
     * drawn at random from the first {@link #HORIZON}, the strand that runs has its priority lowered
     * below every initial one. A bug of depth d is then found with probability at least 1/(n k^(d-1)).
     * A strand that spins (onSpinWait, or the program's Thread.yield) drops below every other too.
     */
    static final class Pct extends Picker {
        /** The steps within which the change points are drawn: PCT's k, an estimate of a run's length. */
        static final long HORIZON = 10_000;
        /** The steps at which a priority drops, in the order drawn. Immutable after construction. */
        private final long[] changePoints;
        /** Priorities below every initial one are handed out from here down. Carrier only. */
        private int lowered;

        Pct(SplitMix rng, int depth) {
            super(rng);
            changePoints = new long[depth - 1];
            for (int i = 0; i < changePoints.length; i++) {
                changePoints[i] = 1 + rng.nextLong(HORIZON);
            }
            lowered = depth;
        }

        @Override
        void added(SimThread s) {
            s.priority = depthOffset() + rng.nextInt(1 << 20);
        }

        /**
         * A spinner waits for another strand, and under strict priorities it would run again at once,
         * forever if the one it waits for has a lower priority: it drops below every other, as PCT's
         * implementations do at a yield. Not a change point: it takes none of the d-1.
         */
        @Override
        void spun(SimThread s) {
            s.priority = --lowered;
        }

        private int depthOffset() {
            return changePoints.length + 1;
        }

        @Override
        int pick(List<SimScheduler.Task> runnable, long step) {
            int best = 0;
            for (int i = 1; i < runnable.size(); i++) {
                if (priority(runnable.get(i)) > priority(runnable.get(best))) {
                    best = i;
                }
            }
            SimThread chosen = runnable.get(best).thread();
            for (long c : changePoints) {
                if (c == step && chosen != null) {
                    chosen.priority = --lowered; // below every initial priority, and below the ones lowered before
                }
            }
            return best;
        }

        private static int priority(SimScheduler.Task t) {
            return t.thread() == null ? 0 : t.thread().priority;
        }
    }
}
