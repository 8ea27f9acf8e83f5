package io.pal.compat.threadsasstrands;

import io.pal.BackendName;
import io.pal.Pal;
import io.pal.compat.Await;
import io.pal.spi.AdoptedStrand;

/** What the threads-as-strands tests share. */
final class TasTests {

    private TasTests() {
    }

    /**
     * Whether the caller, a Thread the program started, runs as a strand of the active backend
     * rather than as a thread pal merely adopts. Under threadsAsStrands that is so on coroutines
     * only: threads and virtual leave the program's threads as platform threads.
     */
    static boolean runsAsStrand() {
        return !(Pal.current() instanceof AdoptedStrand);
    }

    /** What {@link #runsAsStrand()} must say on {@code backend}. */
    static boolean expectStrands(BackendName backend) {
        return backend == BackendName.COROUTINES;
    }

    /** Waits until {@code t.getState()} is {@code wanted}, as a test waits for a thread to block. */
    static void awaitState(Thread t, Thread.State wanted) {
        Await.until(t.getName() + " in state " + wanted + " (last " + t.getState() + ")", () -> t.getState() == wanted);
    }
}
