package io.pal.coroutines;

import io.pal.Strand;
import io.pal.StrandState;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicBoolean;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The deadlock report, driven tick by tick with made-up clock values (the watch compares the
 * times it is given, so no test waits for real time to pass).
 */
class DeadlockWatchTest extends OnPrivateBackend {

    private static final long DELAY = 1_000_000_000L;

    @Test
    void reportsOnceWhenEveryStrandIsParkedAndNothingCanWakeThem() throws Exception {
        List<String> reports = new ArrayList<>();
        DeadlockWatch watch = new DeadlockWatch(b, DELAY, reports::add);
        AtomicBoolean go = new AtomicBoolean();
        Strand<Void> a = b.spawn("stuck-a", () -> parkUntil(go));
        Strand<Void> c = b.spawn("stuck-b", () -> parkUntil(go));
        TestBackends.awaitState(a, StrandState.PARKED);
        TestBackends.awaitState(c, StrandState.PARKED);
        TestBackends.await("carriers idle", () -> b.scheduler().isQuiescent());

        watch.tick(0);
        watch.tick(1);           // still, but not for long
        assertEquals(List.of(), reports);
        watch.tick(DELAY + 2);   // still for longer than the delay
        watch.tick(DELAY + 3);   // reported once per spell
        assertEquals(1, reports.size());
        String r = reports.get(0);
        assertTrue(r.contains("possible deadlock") && r.contains("stuck-a") && r.contains("stuck-b"), r);
        assertTrue(r.contains("parkUntil"), "the dump shows the parked strands' stacks:\n" + r);

        go.set(true);
        b.unpark(a);
        b.unpark(c);
        a.join();
        c.join();
    }

    @Test
    void aSleepingStrandIsNoDeadlock() throws Exception {
        List<String> reports = new ArrayList<>();
        DeadlockWatch watch = new DeadlockWatch(b, DELAY, reports::add);
        Strand<Void> sleeper = b.spawn("sleeper", () -> {
            b.sleep(3_600_000_000_000L);
            return null;
        });
        TestBackends.awaitState(sleeper, StrandState.PARKED);
        watch.tick(0);
        watch.tick(10 * DELAY);
        assertEquals(List.of(), reports, "its timer will wake it");
        sleeper.interrupt();
        TestBackends.awaitState(sleeper, StrandState.DONE);
    }

    @Test
    void disabledWithZeroDelay() throws Exception {
        List<String> reports = new ArrayList<>();
        DeadlockWatch watch = new DeadlockWatch(b, 0, reports::add);
        AtomicBoolean go = new AtomicBoolean();
        Strand<Void> a = b.spawn(() -> parkUntil(go));
        TestBackends.awaitState(a, StrandState.PARKED);
        TestBackends.await("carriers idle", () -> b.scheduler().isQuiescent());
        watch.tick(0);
        watch.tick(10 * DELAY);
        assertEquals(List.of(), reports);
        go.set(true);
        b.unpark(a);
        a.join();
    }

    private Void parkUntil(AtomicBoolean go) {
        while (!go.get()) {
            b.park();
        }
        return null;
    }
}
