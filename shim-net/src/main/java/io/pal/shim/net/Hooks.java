package io.pal.shim.net;

import io.pal.spi.Backend;

import java.io.IOException;
import java.net.SocketImpl;

/** What the bridge's method handles point at: pal's side of each intercepted call. */
final class Hooks {

    /** The carrier-sharing backend that installed the shim; null before. */
    static volatile Backend target;

    /**
     * Set while ServerSocket.platformImplAccept runs for a server whose impl is the JDK's, so that
     * the SocketImpl it creates for the connection is the JDK's too (NioSocketImpl.accept casts its
     * argument to NioSocketImpl). Set and cleared by the same carrier without a yield in between.
     */
    private static final ThreadLocal<Boolean> JDK_ACCEPT = new ThreadLocal<>();

    private Hooks() {
    }

    /**
     * SocketImpl.createPlatformSocketImpl: pal's impl when the caller is a strand that shares its
     * carrier; null, leaving the JDK's body to make NioSocketImpl, in every other case.
     */
    static SocketImpl create(boolean server) {
        if (JDK_ACCEPT.get() != null) {
            JDK_ACCEPT.remove();
            return null;
        }
        Backend b = target;
        return b != null && b.currentSharesCarrier() ? new PalSocketImpl(b, server) : null;
    }

    /**
     * ServerSocket.platformImplAccept: a server whose impl is pal's accepts into a new impl of pal's,
     * whoever calls; a JDK server runs the JDK's body, and its connection gets a JDK impl.
     */
    static SocketImpl accept(SocketImpl serverImpl) throws IOException {
        if (serverImpl instanceof PalSocketImpl pal) {
            PalSocketImpl accepted = pal.newAccepted();
            pal.accept(accepted);
            return accepted;
        }
        JDK_ACCEPT.set(Boolean.TRUE);
        return null;
    }

    /** ServerSocket.platformImplAccept's exit, normal or exceptional. */
    static void acceptDone() {
        JDK_ACCEPT.remove();
    }
}
