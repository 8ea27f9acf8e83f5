package io.pal.sim.scenarios;

import io.pal.sim.Outcome;
import io.pal.sim.SimRunner;
import io.pal.spi.SimConfig;
import org.junit.jupiter.api.Test;

import java.util.HashSet;
import java.util.Set;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * {@code pal.sim.strategy=pct}: the runnable thread of highest priority always runs, and its
 * priority drops below every other at {@code pctDepth - 1} steps drawn from the seed. Two threads
 * that reach a scheduling point (an atomic increment, not a wait) between every append then write their letters in at most {@code pctDepth + 1} blocks:
 * one block per thread with depth 1, and a third only where a change point cuts the first one.
 */
class PctStrategyTest {

    private static final int APPENDS = 2000;

    /** The letters two yielding threads appended, in order, under {@code config}. */
    private static String order(SimConfig config) {
        StringBuilder order = new StringBuilder();
        Outcome o = SimRunner.run(config, () -> {
            Thread[] ts = new Thread[2];
            java.util.concurrent.atomic.AtomicInteger ticks = new java.util.concurrent.atomic.AtomicInteger();
            for (int i = 0; i < 2; i++) {
                char letter = (char) ('a' + i);
                ts[i] = new Thread(() -> {
                    for (int k = 0; k < APPENDS; k++) {
                        order.append(letter); // one carrier: no lock needed
                        ticks.incrementAndGet(); // a scheduling point that is not a wait (a Thread.yield gives way)
                    }
                });
            }
            for (Thread t : ts) {
                t.start();
            }
            for (Thread t : ts) {
                t.join();
            }
        }, System.err);
        assertEquals(Outcome.Kind.PASSED, o.kind(), o.reason());
        assertEquals(2 * APPENDS, order.length());
        return order.toString();
    }

    private static SimConfig pct(long seed, int depth) {
        return new SimConfig(seed, SimConfig.Strategy.PCT, depth, 1_000_000, false, SimConfig.DEFAULT_EPOCH);
    }

    /** How many maximal runs of one letter {@code s} has. */
    private static int blocks(String s) {
        int n = 1;
        for (int i = 1; i < s.length(); i++) {
            if (s.charAt(i) != s.charAt(i - 1)) {
                n++;
            }
        }
        return n;
    }

    @Test
    void depthOneRunsTheHighestPriorityThreadUntilItEnds() {
        Set<String> firsts = new HashSet<>();
        for (long seed = 0; seed < 20; seed++) {
            String o = order(pct(seed, 1));
            assertEquals(2, blocks(o), "seed " + seed + ": a scheduling point switched threads without a change point");
            firsts.add(o.substring(0, 1));
        }
        assertEquals(Set.of("a", "b"), firsts, "the priorities did not follow the seed");
    }

    @Test
    void depthTwoSwitchesAtMostOnceMoreAndSometimesDoes() {
        int cut = 0;
        for (long seed = 0; seed < 20; seed++) {
            int b = blocks(order(pct(seed, 2)));
            assertTrue(b <= 3, "seed " + seed + ": " + b + " blocks with one change point");
            cut += b == 3 ? 1 : 0;
        }
        assertTrue(cut > 0, "no seed of 20 put its change point inside the first thread's run");
    }

    @Test
    void theSameSeedGivesTheSameScheduleAndRandomInterleavesFarMore() {
        assertEquals(order(pct(7, 3)), order(pct(7, 3)));
        String random = order(new SimConfig(7, SimConfig.Strategy.RANDOM, 3, 1_000_000, false, SimConfig.DEFAULT_EPOCH));
        assertTrue(blocks(random) > 100, "random made only " + blocks(random) + " blocks");
    }
}
