package io.pal.compat.vthreads;

import io.pal.BackendName;
import io.pal.Pal;
import io.pal.Strand;
import io.pal.StrandState;
import io.pal.compat.Await;
import io.pal.coroutines.CoroutineDiagnostics;
import io.pal.junit.AllBackends;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.LockSupport;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

/**
 * On coroutines, the timers of strands' timed waits (Thread.sleep, a timed park, a timed
 * Object.wait) are pal's own: they sit in the backend's timer heap, and the JDK's timer thread for
 * virtual threads on custom schedulers ({@code VirtualThread-unparker}) never starts.
 */
@AllBackends
@Timeout(value = 60, threadMode = Timeout.ThreadMode.SEPARATE_THREAD)
class VirtualTimersTest {

    private static final int SLEEPERS = 1_000;

    @Test
    void timedWaitsOfStrandsAreInPalsTimerHeap(BackendName backend) throws Exception {
        assumeTrue(backend == BackendName.COROUTINES, "pal's timers are the coroutine backend's");
        Object monitor = new Object();
        List<Strand<Boolean>> strands = new ArrayList<>();
        for (int i = 0; i < SLEEPERS; i++) {
            int kind = i % 3;
            strands.add(Pal.spawn(() -> {
                switch (kind) {
                    case 0 -> {
                        try {
                            Thread.sleep(TimeUnit.HOURS.toMillis(1));
                        } catch (InterruptedException e) {
                            return true;
                        }
                    }
                    case 1 -> LockSupport.parkNanos(TimeUnit.HOURS.toNanos(1)); // an interrupt ends it
                    default -> {
                        synchronized (monitor) {
                            try {
                                monitor.wait(TimeUnit.HOURS.toMillis(1));
                            } catch (InterruptedException e) {
                                return true;
                            }
                        }
                    }
                }
                return Thread.currentThread().isInterrupted();
            }));
        }
        for (Strand<Boolean> s : strands) {
            Await.until(s.name() + " waiting", () -> s.state() == StrandState.PARKED);
        }
        long timers = CoroutineDiagnostics.active().orElseThrow().counts().timers();
        boolean jdkTimerThread = Thread.getAllStackTraces().keySet().stream()
                .anyMatch(t -> t.getName().startsWith("VirtualThread-unparker"));
        strands.forEach(Strand::interrupt);
        for (Strand<Boolean> s : strands) {
            assertTrue(s.join(), "a timed wait ended without the interrupt");
        }
        assertTrue(timers >= SLEEPERS, "timers in pal's heap while " + SLEEPERS + " strands waited: " + timers);
        assertEquals(false, jdkTimerThread, "the JDK's timer thread for custom-scheduled virtual threads ran");
    }
}
