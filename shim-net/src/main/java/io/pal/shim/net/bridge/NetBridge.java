package io.pal.shim.net.bridge;

import java.io.Closeable;
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

    /** {@code () -> boolean}: the caller is a strand that shares its carrier; null until installed. */
    public static volatile MethodHandle sharesCarrierHook;
    /** {@code (int fd, int event, long nanos) -> boolean waited}, may throw IOException; null until installed. */
    public static volatile MethodHandle parkSocketHook;
    /** {@code (Object channel, int fd, int event, long nanos, boolean interruptible) -> boolean waited}; null until installed. */
    public static volatile MethodHandle parkChannelHook;
    /** {@code (int fd, int event) -> void}: the JDK tells its poller a descriptor is closing; null until installed. */
    public static volatile MethodHandle stopPollHook;
    /** {@code (Throwable thrown, Closeable socket) -> Throwable to throw instead}; null until installed. */
    public static volatile MethodHandle interruptedHook;

    private NetBridge() {
    }

    /** From the JDK's "is the caller a virtual thread?" points: whether a strand that shares a carrier calls. */
    public static boolean sharesCarrier() throws Throwable {
        MethodHandle h = sharesCarrierHook;
        return h != null && (boolean) h.invokeExact();
    }

    /** From NioSocketImpl.park: true once pal has waited for the strand; false to run the JDK's body. */
    public static boolean parkSocket(int fd, int event, long nanos) throws Throwable {
        MethodHandle h = parkSocketHook;
        return h != null && (boolean) h.invokeExact(fd, event, nanos);
    }

    /** From a selectable channel's park: true once pal has waited for the strand; false to run the JDK's body. */
    public static boolean parkChannel(Object channel, int fd, int event, long nanos, boolean interruptible) throws Throwable {
        MethodHandle h = parkChannelHook;
        return h != null && (boolean) h.invokeExact(channel, fd, event, nanos, interruptible);
    }

    /** From sun.nio.ch.Poller.stopPoll: the descriptor's strand waiter, if any, must wake. */
    public static void stopPoll(int fd, int event) throws Throwable {
        MethodHandle h = stopPollHook;
        if (h != null) {
            h.invokeExact(fd, event);
        }
    }

    /** From the JDK's socket streams and accept: what a strand's interrupted wait throws (the socket closed, as a virtual thread's). */
    public static Throwable interrupted(Throwable thrown, Closeable socket) throws Throwable {
        MethodHandle h = interruptedHook;
        return h == null ? thrown : (Throwable) h.invokeExact(thrown, socket);
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
