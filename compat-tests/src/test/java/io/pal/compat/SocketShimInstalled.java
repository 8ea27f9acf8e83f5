package io.pal.compat;

import io.pal.BackendName;
import io.pal.spi.Backends;
import io.pal.spi.Shim;
import io.pal.spi.ShimHooks;
import org.junit.jupiter.api.extension.BeforeAllCallback;
import org.junit.jupiter.api.extension.ExtensionContext;

import java.time.Duration;
import java.util.ServiceLoader;

/**
 * Installs shim-net's socket shim for the active backend before a class's tests, found by
 * ServiceLoader as a carrier-sharing backend finds its shims. The suite installs it on every
 * backend, so that on threads and virtual threads it also proves that an installed shim changes
 * nothing for strands that do not share a carrier (their sockets stay the JDK's). Idempotent.
 * A backend whose strands share carriers (coroutines, sim) installed every shim on the class path
 * with its own hooks when it was made, and is left alone: installing again would retarget the shim.
 */
public final class SocketShimInstalled implements BeforeAllCallback {

    @Override
    public void beforeAll(ExtensionContext context) {
        Shim shim = ServiceLoader.load(Shim.class).stream().map(ServiceLoader.Provider::get)
                .filter(s -> s.name().equals("java-net-socket"))
                .findFirst().orElseThrow(() -> new AssertionError("shim-net is not on the class path"));
        BackendName active = Backends.active().name();
        if (active == BackendName.THREADS || active == BackendName.VIRTUAL) {
            shim.install(THREADS_HOOKS);
        }
    }

    /** The hooks of a backend whose strands are threads of their own: no caller shares a carrier. */
    private static final ShimHooks THREADS_HOOKS = new ShimHooks() {
        @Override
        public void sleep(long nanos) throws InterruptedException {
            Thread.sleep(Duration.ofNanos(nanos));
        }

        @Override
        public void yieldNow() {
            Thread.yield();
        }
    };
}
