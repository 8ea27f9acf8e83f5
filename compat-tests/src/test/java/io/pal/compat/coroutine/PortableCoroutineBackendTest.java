package io.pal.compat.coroutine;

import io.pal.BackendName;
import io.pal.coroutine.Coroutine;
import io.pal.coroutine.HandoffCoroutine;
import io.pal.spi.Backend;
import io.pal.spi.Backends;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The portable coroutine ({@link HandoffCoroutine}, what a backend without {@code CoroutineSupport} makes) belongs to the backend that made
 * it, not to whichever backend the facade has in force: its body runs in a strand of its maker and
 * takes turns through it. Backend-independent (it names both thread backends), so it runs once.
 */
@Tag("once")
@Timeout(60)
class PortableCoroutineBackendTest {

    @Test
    void theBodyRunsOnTheBackendThatMadeTheCoroutineNotTheActiveOne() {
        Backend threads = Backends.get(BackendName.THREADS);
        Backend previous = Backends.install(Backends.get(BackendName.VIRTUAL));
        try {
            try (Coroutine<Void, Boolean> c = new HandoffCoroutine<>(threads, (y, ignored) -> {
                y.yield(Thread.currentThread().isVirtual());
                return Thread.currentThread().isVirtual();
            })) {
                assertFalse(c.resume(null), "the body of a threads-backend coroutine must not run on a virtual thread");
                assertFalse(c.resume(null), "nor after a turn");
                assertTrue(c.isDone());
            }
        } finally {
            Backends.install(previous);
        }
    }
}
