package io.pal.examples.net;

import java.util.Arrays;

/**
 * Counts of latencies in log-linear buckets: exact below 64 ns, then 32 buckets per power of two,
 * so a percentile is reported to within 1/32 (3.1 %) of the true value, in 15 KiB whatever the
 * range (1 ns to hours).
 *
 * <p>Why not HdrHistogram from Maven Central, the usual choice: the load generator lives in the
 * examples module, whose runtime class path is also the one {@code bin/pal run} gives every user
 * program, and a 3 % bucket is far below the run-to-run noise of a shared two-core machine; this
 * class does the little of what HdrHistogram does that the demo needs (record, merge, percentile).
 *
 * <p>Not thread-safe: each load-generator thread records into its own and {@link #add} merges them.
 */
public final class LatencyHistogram {

    /** Sub-buckets per power of two, as a power of two: 2^5 = 32, so at most 1/32 relative error. */
    private static final int SUB_BITS = 5;
    private static final int SUB = 1 << SUB_BITS;
    /** Values below this have a bucket each. */
    private static final int LINEAR = 2 * SUB;
    private static final int BUCKETS = LINEAR + (63 - SUB_BITS - 1) * SUB;

    /** Number of values recorded per bucket. Owner only. */
    private final long[] counts = new long[BUCKETS];
    /** Values recorded. Owner only. */
    private long total;
    /** Largest value recorded, reported for the 100th percentile and as a bucket's ceiling. Owner only. */
    private long max;

    /** Counts one value (negative values count as 0). */
    public void record(long value) {
        long v = Math.max(0, value);
        counts[bucket(v)]++;
        total++;
        max = Math.max(max, v);
    }

    /** Adds every value {@code other} recorded. */
    public void add(LatencyHistogram other) {
        for (int i = 0; i < BUCKETS; i++) {
            counts[i] += other.counts[i];
        }
        total += other.total;
        max = Math.max(max, other.max);
    }

    /** Values recorded. */
    public long count() {
        return total;
    }

    /** The largest value recorded, 0 if none. */
    public long max() {
        return max;
    }

    /**
     * The value at percentile {@code p} (0 < p ≤ 100): the highest value of the bucket that holds
     * the ⌈p·count/100⌉-th smallest value, capped at the maximum; so never below the true value and
     * at most 1/32 above it. 0 if nothing was recorded.
     */
    public long percentile(double p) {
        if (!(p > 0 && p <= 100)) {
            throw new IllegalArgumentException("percentile out of (0, 100]: " + p);
        }
        if (total == 0) {
            return 0;
        }
        long rank = (long) Math.ceil(p / 100 * total);
        long seen = 0;
        for (int i = 0; i < BUCKETS; i++) {
            seen += counts[i];
            if (seen >= rank) {
                return Math.min(highestIn(i), max);
            }
        }
        throw new IllegalStateException("inconsistent state: " + seen + " counted, " + total + " recorded");
    }

    static int bucket(long v) {
        if (v < LINEAR) {
            return (int) v;
        }
        int exp = 63 - Long.numberOfLeadingZeros(v);   // >= SUB_BITS + 1
        int top = (int) (v >>> (exp - SUB_BITS));      // in [SUB, 2 * SUB)
        return LINEAR + (exp - SUB_BITS - 1) * SUB + (top - SUB);
    }

    static long highestIn(int bucket) {
        if (bucket < LINEAR) {
            return bucket;
        }
        int exp = (bucket - LINEAR) / SUB + SUB_BITS + 1;
        long top = SUB + (bucket - LINEAR) % SUB;
        long shift = exp - SUB_BITS;
        return ((top + 1) << shift) - 1;
    }

    @Override
    public String toString() {
        return "LatencyHistogram[count=" + total + ", p50=" + percentile(50) + ", p99=" + percentile(99) + ", max=" + max
                + ", buckets used=" + Arrays.stream(counts).filter(c -> c > 0).count() + "]";
    }
}
