package io.pal.shim.net;

import io.pal.spi.ShimHooks;

import java.io.Closeable;
import java.io.IOException;
import java.io.InterruptedIOException;
import java.lang.invoke.MethodHandle;
import java.lang.invoke.MethodHandles;
import java.lang.invoke.MethodType;
import java.net.SocketException;
import java.net.SocketTimeoutException;
import java.nio.channels.Channel;
import java.nio.channels.spi.AbstractInterruptibleChannel;

/**
 * pal's side of {@link ParkAdvice}: the JDK's virtual-thread behaviour at each park point, with the
 * wait going to the backend's {@link ShimHooks#awaitDescriptor}. Every method is cheap for a caller
 * that does not share a carrier: one field read and one question to the backend.
 */
final class ParkHooks {

    /** {@code AbstractInterruptibleChannel.begin()}: the channel's own interrupt step. Set by {@link #init}. */
    private static MethodHandle channelBegin;

    private ParkHooks() {
    }

    /** Resolves what the hooks need from java.base; the shim has opened java.nio.channels.spi to this module. */
    static void init() throws ReflectiveOperationException {
        channelBegin = MethodHandles.privateLookupIn(AbstractInterruptibleChannel.class, MethodHandles.lookup())
                .findVirtual(AbstractInterruptibleChannel.class, "begin", MethodType.methodType(void.class));
    }

    /** The backend if the caller is a strand sharing its carrier, else null. */
    private static ShimHooks sharing() {
        ShimHooks b = Hooks.target;
        return b != null && b.currentSharesCarrier() ? b : null;
    }

    static boolean sharesCarrier() {
        return sharing() != null;
    }

    /** The backend if the caller's descriptor waits go to it (a strand, sharing its carrier or a virtual thread on it), else null. */
    private static ShimHooks waiting() {
        ShimHooks b = Hooks.target;
        return b != null && b.currentWaitsForDescriptors() ? b : null;
    }

    /**
     * NioSocketImpl.park: the strand waits in the backend (the JDK's 0 means no limit); an
     * interrupted strand gets the JDK's InterruptedIOException, which the socket's stream or accept
     * turns into "Closed by interrupt" ({@link #interrupted}).
     */
    static boolean parkSocket(int fd, int event, long nanos) throws IOException {
        ShimHooks b = waiting();
        if (b == null) {
            return false;
        }
        b.awaitDescriptor(fd, event, nanos > 0 ? nanos : ShimHooks.NO_TIMEOUT);
        if (Thread.currentThread().isInterrupted()) {
            throw new InterruptedIOException();
        }
        return true;
    }

    /**
     * A selectable channel's park (nanos &lt;= 0: no limit), or with no channel a selector's wait for
     * its epoll descriptor (whose select loop checks the interrupt itself). An interrupted strand's channel is closed
     * by the channel's own interrupt step, so its I/O call ends with ClosedByInterruptException, as a
     * virtual thread's or a platform thread's does; the non-interruptible channel under a
     * DatagramSocket gets the JDK's InterruptedIOException instead.
     */
    static boolean parkChannel(Object channel, int fd, int event, long nanos, boolean interruptible) throws Throwable {
        ShimHooks b = waiting();
        if (b == null) {
            return false;
        }
        b.awaitDescriptor(fd, event, nanos > 0 ? nanos : ShimHooks.NO_TIMEOUT);
        if (channel != null && Thread.currentThread().isInterrupted() && ((Channel) channel).isOpen()) {
            if (!interruptible) {
                throw new InterruptedIOException();
            }
            channelBegin.invokeExact((AbstractInterruptibleChannel) channel);
        }
        return true;
    }

    /** Poller.stopPoll: the descriptor is closing; the backend wakes its waiter. */
    static void stopPoll(int fd, int event) {
        ShimHooks b = Hooks.target;
        if (b != null) {
            b.descriptorClosing(fd, event);
        }
    }

    /** A descriptor's final close: the backend forgets the number. */
    static void released(int fd) {
        ShimHooks b = Hooks.target;
        if (b != null) {
            b.descriptorReleased(fd);
        }
    }

    /**
     * What an interrupted wait of a strand ends with in the JDK's socket streams, accept and
     * DatagramSocket receive: as for a virtual thread, the socket is closed and the call throws
     * {@code SocketException("Closed by interrupt")}, the interrupt status kept. Anything else is
     * thrown as it was.
     */
    static Throwable interrupted(Throwable thrown, Closeable socket) throws IOException {
        if (thrown instanceof InterruptedIOException && !(thrown instanceof SocketTimeoutException)
                && Thread.currentThread().isInterrupted() && sharesCarrier()) {
            socket.close();
            return new SocketException("Closed by interrupt");
        }
        return thrown;
    }
}
