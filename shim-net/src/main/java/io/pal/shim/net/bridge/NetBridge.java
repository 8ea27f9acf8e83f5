package io.pal.shim.net.bridge;

import java.io.Closeable;
import java.lang.invoke.MethodHandle;

/**
 * The one class the advice inlined into java.net and sun.nio.ch may call. It is injected into the
 * bootstrap class loader before any advice is applied and holds method handles into pal. They are
 * made at the first call that finds one missing, by {@link #installer} (set at installation): a
 * program that never opens a socket never makes them (ADR 0025). It names no pal class: only JDK
 * types cross.
 */
public final class NetBridge {

    /** {@code () -> boolean}: the caller is a strand that shares its carrier; null until the installer makes it. */
    public static volatile MethodHandle sharesCarrierHook;
    /** {@code (int fd, int event, long nanos) -> boolean waited}, may throw IOException; null until the installer makes it. */
    public static volatile MethodHandle parkSocketHook;
    /** {@code (Object channel, int fd, int event, long nanos, boolean interruptible) -> boolean waited}; null until the installer makes it. */
    public static volatile MethodHandle parkChannelHook;
    /** {@code (int fd, int event) -> void}: the JDK tells its poller a descriptor is closing; null until the installer makes it. */
    public static volatile MethodHandle stopPollHook;
    /** {@code (int fd) -> void}: the JDK is about to close a descriptor for good; null until the installer makes it. */
    public static volatile MethodHandle releasedHook;
    /** {@code (Throwable thrown, Closeable socket) -> Throwable to throw instead}; null until the installer makes it. */
    public static volatile MethodHandle interruptedHook;
    /** Sets the handles above (idempotent); null until the shim is installed. Called by the first entry point that finds its handle null. */
    public static volatile Runnable installer;

    private NetBridge() {
    }

    /** Runs the installer, if the shim is installed: true if it ran (the handles are set now). */
    private static boolean install() {
        Runnable r = installer;
        if (r == null) {
            return false;
        }
        r.run();
        return true;
    }

    /** From the JDK's "is the caller a virtual thread?" points: whether a strand that shares a carrier calls. */
    public static boolean sharesCarrier() throws Throwable {
        MethodHandle h = sharesCarrierHook;
        if (h == null && install()) {
            h = sharesCarrierHook;
        }
        return h != null && (boolean) h.invokeExact();
    }

    /** Substituted for {@code Thread.isVirtual()} in EPollSelectorImpl.doSelect: a strand selects as a virtual thread does. */
    public static boolean isVirtualOrStrand(Thread t) throws Throwable {
        return t.isVirtual() || sharesCarrier();
    }

    /** From NioSocketImpl.park: true once pal has waited for the strand; false to run the JDK's body. */
    public static boolean parkSocket(int fd, int event, long nanos) throws Throwable {
        MethodHandle h = parkSocketHook;
        if (h == null && install()) {
            h = parkSocketHook;
        }
        return h != null && (boolean) h.invokeExact(fd, event, nanos);
    }

    /** From a selectable channel's park: true once pal has waited for the strand; false to run the JDK's body. */
    public static boolean parkChannel(Object channel, int fd, int event, long nanos, boolean interruptible) throws Throwable {
        MethodHandle h = parkChannelHook;
        if (h == null && install()) {
            h = parkChannelHook;
        }
        return h != null && (boolean) h.invokeExact(channel, fd, event, nanos, interruptible);
    }

    /** From sun.nio.ch.Poller.stopPoll: the descriptor's strand waiter, if any, must wake. */
    public static void stopPoll(int fd, int event) throws Throwable {
        MethodHandle h = stopPollHook;
        if (h == null && install()) {
            h = stopPollHook;
        }
        if (h != null) {
            h.invokeExact(fd, event);
        }
    }

    /** From the final close of a socket's, channel's or selector's descriptor: the backend drops what it keeps for the number. */
    public static void released(int fd) throws Throwable {
        MethodHandle h = releasedHook;
        if (h == null && install()) {
            h = releasedHook;
        }
        if (h != null) {
            h.invokeExact(fd);
        }
    }

    /** From the JDK's socket streams and accept: what a strand's interrupted wait throws (the socket closed, as a virtual thread's). */
    public static Throwable interrupted(Throwable thrown, Closeable socket) throws Throwable {
        MethodHandle h = interruptedHook;
        if (h == null && install()) {
            h = interruptedHook;
        }
        return h == null ? thrown : (Throwable) h.invokeExact(thrown, socket);
    }
}
