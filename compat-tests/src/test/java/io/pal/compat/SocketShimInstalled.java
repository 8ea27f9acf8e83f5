package io.pal.compat;

import io.pal.spi.Backends;
import io.pal.spi.Shim;
import org.junit.jupiter.api.extension.BeforeAllCallback;
import org.junit.jupiter.api.extension.ExtensionContext;

import java.util.ServiceLoader;

/**
 * Installs shim-net's socket shim for the active backend before a class's tests, found by
 * ServiceLoader as a carrier-sharing backend finds its shims. The suite installs it on every
 * backend, so that on threads and virtual threads it also proves that an installed shim changes
 * nothing for strands that do not share a carrier (their sockets stay the JDK's). Idempotent.
 */
public final class SocketShimInstalled implements BeforeAllCallback {

    @Override
    public void beforeAll(ExtensionContext context) {
        Shim shim = ServiceLoader.load(Shim.class).stream().map(ServiceLoader.Provider::get)
                .filter(s -> s.name().equals("java-net-socket"))
                .findFirst().orElseThrow(() -> new AssertionError("shim-net is not on the class path"));
        shim.install(Backends.active());
    }
}
