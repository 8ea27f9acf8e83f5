package io.pal.sim;

/**
 * SplitMix64 (Steele, Lea and Flood, OOPSLA 2014): a small PRNG of pal's own, so that a run's
 * schedule depends on its seed and on nothing the program or the JDK's own generators do. Not
 * thread-safe: each user owns one.
 */
final class SplitMix {

    private static final long GOLDEN = 0x9E3779B97F4A7C15L;
    /** The state. Touched by the owner only. */
    private long state;

    SplitMix(long seed) {
        this.state = seed;
    }

    long nextLong() {
        return mix(state += GOLDEN);
    }

    /** Uniform in [0, bound), bound positive. */
    long nextLong(long bound) {
        assert bound > 0;
        return Math.floorMod(nextLong(), bound);
    }

    /** Uniform in [0, 1). */
    double nextDouble() {
        return (nextLong() >>> 11) * 0x1.0p-53;
    }

    int nextInt(int bound) {
        return (int) nextLong(bound);
    }

    /** SplitMix64's finaliser; also how the trace hash folds in each step. */
    static long mix(long z) {
        z = (z ^ (z >>> 30)) * 0xBF58476D1CE4E5B9L;
        z = (z ^ (z >>> 27)) * 0x94D049BB133111EBL;
        return z ^ (z >>> 31);
    }
}
