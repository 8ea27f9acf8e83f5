package io.pal.coroutines;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;

/** Base of the tests that each run on a private two-carrier backend, started and stopped around every test. */
abstract class OnTwoCarriers {

    /** The test's own backend. */
    protected CoroutineBackend b;

    @BeforeEach
    void start() {
        b = TestBackends.start(2);
    }

    @AfterEach
    void stop() throws InterruptedException {
        TestBackends.stop(b);
    }
}
