package io.pal.junit;

import io.pal.spi.Backends;
import org.junit.jupiter.api.Test;
import org.junit.platform.launcher.Launcher;
import org.junit.platform.launcher.core.LauncherFactory;
import org.junit.platform.launcher.listeners.SummaryGeneratingListener;
import org.junit.platform.launcher.listeners.TestExecutionSummary;

import java.time.Duration;
import java.util.concurrent.TimeUnit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;
import static org.junit.platform.engine.discovery.DiscoverySelectors.selectMethod;
import static org.junit.platform.launcher.core.LauncherDiscoveryRequestBuilder.request;

/**
 * {@code @AllBackends} with {@code pal.backend=sim}: each test method is the root of a closed run of
 * its own, on the run's virtual clock, and what it throws is the test's failure.
 */
class AllBackendsOnSimTest {

    @AllBackends
    static final class OnSim {
        /** Written by the test method, read by the outer test after the launcher returns. */
        static volatile boolean virtual;
        static volatile long slept;

        @Test
        void sleeps() throws InterruptedException {
            virtual = Thread.currentThread().isVirtual();
            long t0 = System.nanoTime();
            Thread.sleep(Duration.ofSeconds(2));
            slept = System.nanoTime() - t0;
        }

        @Test
        void fails() {
            fail("the method's own failure");
        }
    }

    private static TestExecutionSummary run(String method) {
        String before = System.getProperty(Backends.PROPERTY);
        System.setProperty(Backends.PROPERTY, "sim");
        try {
            Launcher launcher = LauncherFactory.create();
            SummaryGeneratingListener listener = new SummaryGeneratingListener();
            launcher.execute(request().selectors(selectMethod(OnSim.class, method)).build(), listener);
            return listener.getSummary();
        } finally {
            if (before == null) {
                System.clearProperty(Backends.PROPERTY);
            } else {
                System.setProperty(Backends.PROPERTY, before);
            }
        }
    }

    @Test
    void aTestMethodRunsAsARunsRootOnVirtualTime() {
        TestExecutionSummary s = run("sleeps");
        assertEquals(1, s.getTestsSucceededCount(), () -> s.getFailures().toString());
        assertTrue(OnSim.virtual, "the test method ran outside a simulated run");
        assertEquals(TimeUnit.SECONDS.toNanos(2), OnSim.slept);
    }

    @Test
    void whatTheMethodThrowsIsTheFailure() {
        TestExecutionSummary s = run("fails");
        assertEquals(1, s.getTestsFailedCount());
        assertEquals("the method's own failure", s.getFailures().get(0).getException().getMessage());
    }
}
