package io.pal.junit;

import org.junit.jupiter.api.Test;
import org.junit.platform.launcher.Launcher;
import org.junit.platform.launcher.core.LauncherFactory;
import org.junit.platform.launcher.listeners.SummaryGeneratingListener;
import org.junit.platform.launcher.listeners.TestExecutionSummary;

import java.util.concurrent.atomic.AtomicInteger;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.platform.engine.discovery.DiscoverySelectors.selectMethod;
import static org.junit.platform.launcher.core.LauncherDiscoveryRequestBuilder.request;

/**
 * {@code @Simulate} runs a test once per seed under sim and names the first failing seed; a seed
 * it names replays the same failure. The tests it runs are nested classes, run through JUnit's
 * launcher (surefire does not pick nested classes up by itself).
 */
class SimulateTest {

    /** Two threads increment a counter with get-then-set: the update of one is lost when they interleave. */
    static final class LostUpdate {
        @Test
        @Simulate(seeds = 200)
        void racy() throws InterruptedException {
            assertEquals(2, twoIncrements(false));
        }

        @Test
        @Simulate(seeds = 200)
        void atomic() throws InterruptedException {
            assertEquals(2, twoIncrements(true));
        }

        @Test
        @Simulate(seed = 5)
        void oneSeed() throws InterruptedException {
            assertEquals(2, twoIncrements(true));
        }

        static int twoIncrements(boolean atomic) throws InterruptedException {
            AtomicInteger counter = new AtomicInteger();
            Runnable inc = atomic ? counter::incrementAndGet : () -> counter.set(counter.get() + 1);
            Thread a = new Thread(inc);
            Thread b = new Thread(inc);
            a.start();
            b.start();
            a.join();
            b.join();
            return counter.get();
        }
    }

    private static TestExecutionSummary run(String method) {
        Launcher launcher = LauncherFactory.create();
        SummaryGeneratingListener listener = new SummaryGeneratingListener();
        launcher.execute(request().selectors(selectMethod(LostUpdate.class, method)).build(), listener);
        return listener.getSummary();
    }

    private static String failure(TestExecutionSummary s) {
        assertEquals(1, s.getTestsFailedCount(), "expected the test to fail");
        return s.getFailures().get(0).getException().getMessage();
    }

    @Test
    void aRaceBetweenTwoNonBlockingPathsIsFoundAndItsSeedNamed() {
        String message = failure(run("racy"));
        assertTrue(message.startsWith("seed "), message);
        assertTrue(message.contains("@Simulate(seed = "), message);
    }

    @Test
    void aCorrectTestPassesEverySeedAndOneSeedRuns() {
        TestExecutionSummary s = run("atomic");
        assertEquals(1, s.getTestsSucceededCount(), () -> s.getFailures().toString());
        TestExecutionSummary one = run("oneSeed");
        assertEquals(1, one.getTestsSucceededCount(), () -> one.getFailures().toString());
    }
}
