package io.pal.coroutines;

import io.pal.Strand;
import io.pal.StrandState;
import jdk.internal.vm.ThreadContainer;
import jdk.internal.vm.ThreadContainers;
import org.junit.jupiter.api.Test;

import java.util.concurrent.atomic.AtomicReference;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * A virtual strand is tracked once: its thread is in the backend's own container, whose threads are
 * the backend's registry, and not in the JDK's root container (whose map would hold it a second time).
 */
class StrandContainerTest extends OnPrivateBackend {

    @Test
    void aParkedStrandIsListedByPalsContainerAndNotByTheRoot() throws Exception {
        AtomicReference<Thread> thread = new AtomicReference<>();
        Strand<Void> s = b.spawn("contained", () -> {
            thread.set(Thread.currentThread());
            b.park();
            return null;
        });
        TestBackends.awaitState(s, StrandState.PARKED);
        Thread t = thread.get();
        ThreadContainer c = ThreadContainers.container(t);
        assertSame(b.container(), c, "the strand's container");
        assertEquals("test", c.name());
        assertTrue(c.threads().anyMatch(x -> x == t), "pal's container lists the strand's thread");
        assertFalse(ThreadContainers.root().threads().anyMatch(x -> x == t), "the root container lists it too");
        assertEquals(1, b.liveStrands().size());

        b.unpark(s);
        s.join();
        TestBackends.await("the strand to leave the registry", () -> b.liveStrands().size() == 0);
        assertFalse(c.threads().anyMatch(x -> x == t), "an ended strand is still listed");
    }

    /** The container finds the strand of a thread whose handler the program replaced, and it still leaves the registry. */
    @Test
    void aStrandWhoseHandlerWasReplacedStillLeavesTheRegistry() throws Exception {
        Strand<Integer> s = b.spawn(() -> {
            Thread.currentThread().setUncaughtExceptionHandler((t, e) -> { });
            return 1;
        });
        assertEquals(1, s.join());
        TestBackends.await("the strand to leave the registry", () -> b.liveStrands().size() == 0);
    }
}
