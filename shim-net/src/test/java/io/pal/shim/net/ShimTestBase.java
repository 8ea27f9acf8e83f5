package io.pal.shim.net;

import io.pal.spi.Backend;
import io.pal.spi.Backends;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Installs the shim explicitly (no coroutine backend is here to do it) and the
 * {@link SharingThreadsBackend}, so that a test picks per case whose SocketImpl it gets.
 */
abstract class ShimTestBase {

    static final SharingThreadsBackend BACKEND;
    private static Backend previous;

    static {
        BACKEND = new SharingThreadsBackend();
        new SocketShim().install(BACKEND);
    }

    /** pal impls made when the current case began. */
    private long createdAtStart;

    @BeforeAll
    static void installSharingBackend() {
        new SocketShim().install(BACKEND); // idempotent: a second call changes nothing
        previous = Backends.install(BACKEND);
    }

    @AfterAll
    static void restoreBackend() {
        BACKEND.sharing = true;
        Backends.install(previous);
    }

    /** Sockets created from now on get {@code impl}. */
    void use(Impl impl) {
        BACKEND.sharing = impl == Impl.PAL;
        createdAtStart = PalSocketImpl.created();
    }

    /** Asserts that the case's sockets really were made by {@code impl}. */
    void assertMadeBy(Impl impl) {
        long made = PalSocketImpl.created() - createdAtStart;
        if (impl == Impl.PAL) {
            assertTrue(made > 0, "no socket of pal's was made");
        } else {
            assertEquals(0, made, "pal made sockets for a caller that does not share a carrier");
        }
    }
}
