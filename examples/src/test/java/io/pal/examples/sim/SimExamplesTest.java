package io.pal.examples.sim;

import io.pal.sim.Outcome;
import io.pal.sim.SimExplorer;
import org.junit.jupiter.api.Test;

import java.nio.file.Path;
import java.util.Optional;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Each example's bug is found by exploring seeds 1..500 under sim, as {@code bin/pal sim --seeds
 * 1..500} does (in this JVM, each seed in a class loader of its own), and replaying the seed that
 * failed fails the same way twice: the same reason, the same number of steps, the same trace hash.
 */
class SimExamplesTest {

    /** The examples' compiled classes, loaded afresh for every seed. */
    private static final String CLASSES = Path.of("target", "classes").toAbsolutePath().toString();


    private static Outcome foundAndReplayed(Class<?> example, Outcome.Kind expected) throws Exception {
        Optional<Outcome> found = SimExplorer.firstFailure(1, 500, CLASSES, example.getName());
        assertTrue(found.isPresent(), example.getSimpleName() + ": no seed of 1..500 failed");
        Outcome first = found.get();
        assertEquals(expected, first.kind(), first.reason());
        for (int i = 0; i < 2; i++) {
            Outcome again = SimExplorer.replay(first.seed(), CLASSES, example.getName());
            assertNotNull(again, "seed " + first.seed() + " passed when replayed");
            assertEquals(first.kind(), again.kind());
            assertEquals(first.reason(), again.reason());
            assertEquals(first.steps(), again.steps());
            assertEquals(first.trace(), again.trace());
        }
        return first;
    }

    @Test
    void theBoundedBuffersLostWakeupIsFoundAsADeadlock() throws Exception {
        Outcome o = foundAndReplayed(BoundedBufferLostWakeup.class, Outcome.Kind.DEADLOCK);
        assertTrue(o.reason().contains("in Object.wait"), o.reason());
    }

    @Test
    void theLockOrderDeadlockIsFoundWithBothThreadsInTheReport() throws Exception {
        Outcome o = foundAndReplayed(LockOrderDeadlock.class, Outcome.Kind.DEADLOCK);
        assertTrue(o.reason().contains("\"a-to-b\"") && o.reason().contains("\"b-to-a\""), o.reason());
        assertTrue(o.reason().contains("LockOrderDeadlock.transfer"), o.reason());
    }

    @Test
    void theProtocolThatAssumesWholeMessagesIsFoundWhenAReadReturnsPartOfOne() throws Exception {
        Outcome o = foundAndReplayed(ReadAssumesWholeMessage.class, Outcome.Kind.FAILED);
        assertTrue(o.reason().contains("garbled"), o.reason());
    }
}
