package io.pal.shim.net;

import io.pal.spi.Backend;
import io.pal.spi.Backends;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Installs the shim explicitly (no coroutine backend is here to do it) and the
 * {@link SharingThreadsBackend}, so that a test picks per case whether its calls run as the JDK's
 * (a caller that shares no carrier) or through pal's park points (every caller shares one).
 */
abstract class ShimTestBase {

    static final SharingThreadsBackend BACKEND;
    private static Backend previous;

    static {
        BACKEND = new SharingThreadsBackend();
        new SocketShim().install(BACKEND);
    }

    /** The backend's "shares a carrier" answers when the current case began. */
    private long askedAtStart;

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

    /** Calls from now on run under {@code impl}. */
    void use(Impl impl) {
        BACKEND.sharing = impl == Impl.PAL;
        askedAtStart = BACKEND.sharingAnswers.sum();
    }

    /** Asserts that the case really ran under {@code impl}: pal's park points were consulted, or never said yes. */
    void assertRanUnder(Impl impl) {
        long asked = BACKEND.sharingAnswers.sum() - askedAtStart;
        if (impl == Impl.PAL) {
            assertTrue(asked > 0, "pal's park points were never consulted");
        } else {
            assertEquals(0, asked, "pal treated a caller that does not share a carrier as a strand");
        }
    }
}
