package io.pal.coroutines;

import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The threads run as strands ({@code pal.threadsAsStrands}, ADR 0015): each program Thread that
 * {@code Thread.start()} turned into a {@link CoroutineStrand} whose identity is that Thread, found
 * by the Thread as long as its strand runs. Protocol "threads as strands" in the package essay.
 */
final class ThreadStrands {

    /** The backend whose strands these are. Immutable. */
    private final CoroutineBackend backend;
    /** Strand by its identity Thread. Added by starters before the strand runs, removed by carriers as it ends. */
    private final Map<Thread, CoroutineStrand<?>> byThread = new ConcurrentHashMap<>();

    ThreadStrands(CoroutineBackend backend) {
        this.backend = backend;
    }

    /** Steps 1 and 2: a strand whose identity is {@code thread} runs {@code body}. Any thread; never blocks. */
    void start(Thread thread, Runnable body) {
        CoroutineStrand<Void> s = new CoroutineStrand<>(backend, thread, () -> {
            body.run();
            return null;
        });
        byThread.put(thread, s); // before it can run, so that no unpark of it is lost
        try {
            backend.start(s);
        } catch (RuntimeException rejected) {
            byThread.remove(thread, s);
            throw rejected;
        }
    }

    /** The running strand whose identity is {@code thread}, or null. Any thread; a field read when none runs. */
    CoroutineStrand<?> of(Thread thread) {
        return byThread.isEmpty() ? null : byThread.get(thread);
    }

    /** Step 4: a strand's body ended (a carrier calls this); forgets it if it was a thread's. */
    void ended(CoroutineStrand<?> s) {
        if (!(s.identity() instanceof StrandIdentity)) {
            byThread.remove(s.identity(), s);
        }
    }
}
