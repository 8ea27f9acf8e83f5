package io.pal.coroutines;

import io.pal.Strand;
import io.pal.StrandState;
import org.junit.jupiter.api.Test;

import java.util.concurrent.TimeUnit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

class DiagnosticsTest extends OnPrivateBackend {

    private static void parkHere(CoroutineBackend b) {
        while (!Thread.currentThread().isInterrupted()) {
            b.park();
        }
    }

    @Test
    void countsAndDumpShowParkedStrandsWithTheirStacks() throws Exception {
        Strand<Void> parked = b.spawn("the-parked-one", () -> {
            parkHere(b);
            return null;
        });
        Strand<Void> sleeper = b.spawn("the-sleeper", () -> {
            b.sleep(TimeUnit.HOURS.toNanos(1));
            return null;
        });
        TestBackends.awaitState(parked, StrandState.PARKED);
        TestBackends.awaitState(sleeper, StrandState.PARKED);
        CoroutineDiagnostics d = CoroutineDiagnostics.of(b).orElseThrow();
        String dump = d.dump();
        assertTrue(dump.contains("\"the-parked-one\""), dump);
        assertTrue(dump.contains("parkHere"), "the parked strand's stack shows where it waits:\n" + dump);
        assertTrue(dump.contains("\"the-sleeper\""), dump);
        CoroutineDiagnostics.Counts c = d.counts();
        assertEquals(2, c.live());
        assertTrue(c.spawned() >= 2 && c.parks() >= 2 && c.switches() >= 2, c.toString());
        // Taking the stacks woke them spuriously at most: they are still waiting, and still work.
        TestBackends.awaitState(parked, StrandState.PARKED);
        parked.interrupt();
        sleeper.interrupt();
        parked.join();
        assertThrowsExecution(sleeper);
    }

    private static void assertThrowsExecution(Strand<?> s) {
        try {
            s.join();
        } catch (java.util.concurrent.ExecutionException expected) {
            return;
        } catch (InterruptedException e) {
            throw new AssertionError(e);
        }
        throw new AssertionError("sleep should have thrown");
    }
}
