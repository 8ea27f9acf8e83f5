package io.pal.shim.net.bridge;

import java.lang.invoke.MethodHandle;
import java.net.SocketImpl;

/**
 * The one class the socket advice inlined into java.net may call. It is injected into the
 * bootstrap class loader before any advice is applied and holds method handles into pal, set
 * once at installation. It names no pal class: only JDK types cross.
 */
public final class NetBridge {

    /** {@code (boolean server) -> SocketImpl or null}; null until installed. */
    public static volatile MethodHandle createHook;
    /** {@code (SocketImpl serverImpl) -> SocketImpl accepted, or null}, may throw IOException; null until installed. */
    public static volatile MethodHandle acceptHook;
    /** {@code () -> void}: the accept advice's exit; null until installed. */
    public static volatile MethodHandle acceptDoneHook;

    private NetBridge() {
    }

    /** From SocketImpl.createPlatformSocketImpl: pal's impl, or null to let the JDK make its own. */
    public static SocketImpl create(boolean server) throws Throwable {
        MethodHandle h = createHook;
        return h == null ? null : (SocketImpl) h.invokeExact(server);
    }

    /** From ServerSocket.platformImplAccept: the accepted impl if pal owns the server, else null. */
    public static SocketImpl accept(SocketImpl serverImpl) throws Throwable {
        MethodHandle h = acceptHook;
        return h == null ? null : (SocketImpl) h.invokeExact(serverImpl);
    }

    /** From ServerSocket.platformImplAccept's exit, normal or not. */
    public static void acceptDone() throws Throwable {
        MethodHandle h = acceptDoneHook;
        if (h != null) {
            h.invokeExact();
        }
    }
}
