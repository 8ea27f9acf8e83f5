package io.pal.examples.net;

import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class LatencyHistogramTest {

    @Test
    void everyValueLandsInABucketWhoseCeilingIsWithinOneThirtySecondAboveIt() {
        for (long v = 0; v < 1_000_000; v++) {
            check(v);
        }
        for (long v = 1_000_000; v > 0 && v < Long.MAX_VALUE / 2; v = v * 3 + 7) {
            check(v);
            check(v - 1);
            check(v + 1);
        }
        check(Long.MAX_VALUE);
    }

    private static void check(long v) {
        int b = LatencyHistogram.bucket(v);
        long ceiling = LatencyHistogram.highestIn(b);
        assertTrue(ceiling >= v, () -> v + " in bucket " + b + " with ceiling " + ceiling);
        assertTrue(ceiling - v <= v / 32, () -> v + " in bucket " + b + " with ceiling " + ceiling);
        assertEquals(b, LatencyHistogram.bucket(ceiling), () -> "ceiling of bucket " + b);
    }

    @Test
    void percentilesOfOneToOneHundredThousand() {
        LatencyHistogram h = new LatencyHistogram();
        for (long v = 100_000; v >= 1; v--) {
            h.record(v);
        }
        assertEquals(100_000, h.count());
        assertEquals(100_000, h.max());
        assertBetween(50_000, h.percentile(50));
        assertBetween(99_000, h.percentile(99));
        assertEquals(100_000, h.percentile(100));
        assertEquals(1, h.percentile(0.001));
    }

    private static void assertBetween(long exact, long reported) {
        assertTrue(reported >= exact && reported <= exact + exact / 32, () -> "exact " + exact + ", reported " + reported);
    }

    @Test
    void mergingAddsCountsAndKeepsTheMaximum() {
        LatencyHistogram a = new LatencyHistogram();
        LatencyHistogram b = new LatencyHistogram();
        a.record(10);
        a.record(20);
        b.record(5_000_000);
        a.add(b);
        assertEquals(3, a.count());
        assertEquals(5_000_000, a.max());
        assertEquals(20, a.percentile(66));
        assertEquals(5_000_000, a.percentile(67));
    }

    @Test
    void emptyAndOutOfRange() {
        LatencyHistogram h = new LatencyHistogram();
        assertEquals(0, h.percentile(99));
        assertThrows(IllegalArgumentException.class, () -> h.percentile(0));
        assertThrows(IllegalArgumentException.class, () -> h.percentile(100.5));
        h.record(-5);
        assertEquals(0, h.percentile(50));
    }
}
