package io.pal.compat.coroutine;

import io.pal.coroutine.Generator;
import io.pal.junit.AllBackends;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.Stream;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

@AllBackends
@Timeout(60)
class GeneratorTest {

    private static Generator<Integer> naturals(AtomicInteger produced, AtomicBoolean finallyRan) {
        return Generator.of(out -> {
            try {
                for (int i = 0; ; i++) {
                    produced.incrementAndGet();
                    out.yield(i);
                }
            } finally {
                finallyRan.set(true);
            }
        });
    }

    @Test
    void iteratesLazily() {
        AtomicInteger produced = new AtomicInteger();
        List<Integer> seen = new ArrayList<>();
        try (Generator<Integer> g = Generator.of(out -> {
            for (int i = 0; i < 5; i++) {
                produced.incrementAndGet();
                out.yield(i * i);
            }
        })) {
            for (int v : g) {
                seen.add(v);
                assertEquals(seen.size(), produced.get(), "values must be produced on demand");
            }
            assertThrows(IllegalStateException.class, g::iterator);
        }
        assertEquals(List.of(0, 1, 4, 9, 16), seen);
    }

    @Test
    void aShortCircuitingStreamClosedByTryWithResourcesRunsFinally() {
        AtomicInteger produced = new AtomicInteger();
        AtomicBoolean finallyRan = new AtomicBoolean();
        Generator<Integer> g = naturals(produced, finallyRan);
        try (Stream<Integer> s = g.stream()) {
            assertEquals(List.of(0, 1, 2), s.limit(3).toList());
        }
        assertTrue(finallyRan.get());
        assertTrue(produced.get() <= 4, "produced " + produced + " values for a limit of 3");
    }

    @Test
    void breakingOutOfAForEachThenClosingRunsFinally() {
        AtomicBoolean finallyRan = new AtomicBoolean();
        try (Generator<Integer> g = naturals(new AtomicInteger(), finallyRan)) {
            for (int v : g) {
                if (v == 2) {
                    break;
                }
            }
            assertFalse(finallyRan.get());
        }
        assertTrue(finallyRan.get());
    }

    @Test
    void anAbandonedGeneratorIsClosedWhenItBecomesUnreachable() throws Exception {
        AtomicBoolean finallyRan = new AtomicBoolean();
        abandon(finallyRan);
        long deadline = System.nanoTime() + Duration.ofSeconds(20).toNanos();
        while (!finallyRan.get()) {
            assertTrue(System.nanoTime() < deadline, "the abandoned generator's finally never ran");
            System.gc();
            Thread.sleep(10); // give the Cleaner thread a turn; the loop waits for the state, bounded
        }
    }

    private static void abandon(AtomicBoolean finallyRan) {
        for (int v : naturals(new AtomicInteger(), finallyRan)) {
            if (v == 3) {
                break;
            }
        }
    }
}
