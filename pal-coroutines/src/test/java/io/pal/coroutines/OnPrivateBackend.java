package io.pal.coroutines;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;

/**
 * Base of the tests that each run on a private backend, started and stopped around every test:
 * two carriers unless a test class overrides {@link #carriers()}.
 */
abstract class OnPrivateBackend {

    /** The test's own backend. */
    protected CoroutineBackend b;

    @BeforeEach
    void start() {
        b = CoroutineBackend.create("test", new io.pal.spi.PalConfig(carriers(), maxCarriers()));
    }

    /** Carriers of the test's backend. */
    protected int carriers() {
        return 2;
    }

    /** The most carriers, spares the monitor adds included: none beyond {@link #carriers()} unless a class says so. */
    protected int maxCarriers() {
        return carriers();
    }

    @AfterEach
    void stop() throws InterruptedException {
        TestBackends.stop(b);
    }
}
