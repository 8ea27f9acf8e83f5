package io.pal.compat.net;

import io.pal.spi.Shim;

import java.util.ServiceLoader;

/**
 * Installs the socket shim the way a carrier-sharing backend does: found by ServiceLoader. The
 * coroutine backend installs it itself when it starts; the socket tests install it explicitly on
 * every backend, so that on threads and virtual they also prove that an installed shim changes
 * nothing for strands that do not share a carrier (those sockets stay the JDK's). Idempotent.
 */
public final class NetShims {

    private NetShims() {
    }

    public static void installSocketShim() {
        Shim shim = ServiceLoader.load(Shim.class).stream().map(ServiceLoader.Provider::get)
                .filter(s -> s.name().equals("java-net-socket"))
                .findFirst().orElseThrow(() -> new AssertionError("shim-net is not on the class path"));
        shim.install(io.pal.spi.Backends.active());
    }
}
