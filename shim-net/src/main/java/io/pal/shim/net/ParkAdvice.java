package io.pal.shim.net;

import io.pal.shim.net.bridge.NetBridge;
import net.bytebuddy.asm.Advice;
import sun.nio.ch.IOUtil;
import sun.nio.ch.SelChImpl;

import java.io.Closeable;
import java.io.FileDescriptor;
import java.nio.channels.Channel;

/**
 * Advice at the JDK's own virtual-thread points in its sockets and selectable channels, inlined
 * into {@code sun.nio.ch} and {@code java.net}: each asks the bridge whether the caller is a strand
 * that shares its carrier and, if so, does what the JDK does for a virtual thread, with pal's wait
 * in place of the JDK's poller. For any other caller they change nothing. Stateless; they name only
 * JDK types and the bridge (see the package essay, "the JDK's park points").
 */
final class ParkAdvice {

    private ParkAdvice() {
    }

    /** {@code NioSocketImpl.configureNonBlockingIfNeeded(fd, timed)}: a strand's I/O makes the socket non-blocking, as a virtual thread's. */
    static final class SocketConfigure {
        @Advice.OnMethodEnter
        static void enter(@Advice.Argument(value = 1, readOnly = false) boolean timed) throws Throwable {
            if (!timed && NetBridge.sharesCarrier()) {
                timed = true;
            }
        }
    }

    /** {@code NioSocketImpl.park(fd, event, nanos)}: a strand waits in pal (0 nanos: no limit). */
    static final class SocketPark {
        @Advice.OnMethodEnter(skipOn = Advice.OnNonDefaultValue.class)
        static boolean enter(@Advice.Argument(0) FileDescriptor fd, @Advice.Argument(1) int event,
                             @Advice.Argument(2) long nanos) throws Throwable {
            return NetBridge.parkSocket(IOUtil.fdVal(fd), event, nanos);
        }
    }

    /**
     * {@code configureSocketNonBlockingIfVirtualThread()} of SocketChannelImpl, ServerSocketChannelImpl,
     * SinkChannelImpl, SourceChannelImpl and DatagramChannelImpl: what its body does for a virtual
     * thread (the caller holds the channel's read or write lock, so its descriptor stays valid).
     */
    static final class ChannelConfigure {
        @Advice.OnMethodExit
        static void exit(@Advice.This Channel self,
                         @Advice.FieldValue(value = "forcedNonBlocking", readOnly = false) boolean forced,
                         @Advice.FieldValue("fd") FileDescriptor fd,
                         @Advice.FieldValue("stateLock") Object stateLock) throws Throwable {
            if (!forced && NetBridge.sharesCarrier()) {
                synchronized (stateLock) {
                    if (self.isOpen()) {
                        IOUtil.configureBlocking(fd, false);
                        forced = true;
                    }
                }
            }
        }
    }

    /** {@code SelChImpl.park(event, nanos)}, the default every selectable channel but DatagramChannelImpl uses (nanos &lt;= 0: no limit). */
    static final class ChannelPark {
        @Advice.OnMethodEnter(skipOn = Advice.OnNonDefaultValue.class)
        static boolean enter(@Advice.This SelChImpl self, @Advice.Argument(0) int event,
                             @Advice.Argument(1) long nanos) throws Throwable {
            return NetBridge.parkChannel(self, self.getFDVal(), event, nanos, true);
        }
    }

    /** {@code DatagramChannelImpl.park(event, nanos)}: as {@link ChannelPark}, and a DatagramSocket's channel is not interruptible. */
    static final class DatagramPark {
        @Advice.OnMethodEnter(skipOn = Advice.OnNonDefaultValue.class)
        static boolean enter(@Advice.This SelChImpl self, @Advice.Argument(0) int event, @Advice.Argument(1) long nanos,
                             @Advice.FieldValue("interruptible") boolean interruptible) throws Throwable {
            return NetBridge.parkChannel(self, self.getFDVal(), event, nanos, interruptible);
        }
    }

    /**
     * {@code NativeThread.current()}: a strand is recorded as the JDK records a virtual thread, so
     * a close or shutdown tells the poller ({@code Poller.stopPoll}) instead of signalling the
     * carrier's native thread, which by then runs something else.
     */
    static final class NativeThreadCurrent {
        @Advice.OnMethodExit
        static void exit(@Advice.Return(readOnly = false) long result) throws Throwable {
            if (NetBridge.sharesCarrier()) {
                result = -1L;
            }
        }
    }

    /**
     * {@code Poller.pollSelector(fd, nanos)}, where a virtual thread's {@code Selector.select} waits
     * for the selector's epoll descriptor (0 nanos: no limit); reached by a strand through the
     * substitution in {@code EPollSelectorImpl.doSelect}. Wakeup, a ready key and an interrupt end it.
     */
    static final class SelectorPark {
        @Advice.OnMethodEnter(skipOn = Advice.OnNonDefaultValue.class)
        static boolean enter(@Advice.Argument(0) int fd, @Advice.Argument(1) long nanos) throws Throwable {
            return NetBridge.parkChannel(null, fd, 1, nanos, true); // 1: POLLIN
        }
    }

    /** {@code Poller.stopPoll(fd, event)}: pal's waiter on the descriptor wakes too; the JDK's body still runs for its own. */
    static final class StopPoll {
        @Advice.OnMethodEnter
        static void enter(@Advice.Argument(0) int fd, @Advice.Argument(1) int event) throws Throwable {
            NetBridge.stopPoll(fd, event);
        }
    }

    /**
     * {@code UnixDispatcher.close(fd)}, the final close of every socket, channel and pipe descriptor
     * (the JDK's poller registers nothing for long, pal's netpoll does): the backend forgets the
     * number before the kernel can give it to a new file. Any caller, strand or not.
     */
    static final class DescriptorClose {
        @Advice.OnMethodEnter
        static void enter(@Advice.Argument(0) FileDescriptor fd) throws Throwable {
            NetBridge.released(IOUtil.fdVal(fd));
        }
    }

    /** {@code EPollSelectorImpl.implClose()}: as {@link DescriptorClose}, for the selector's epoll descriptor a strand's select waits on. */
    static final class SelectorClose {
        @Advice.OnMethodEnter
        static void enter(@Advice.FieldValue("epfd") int epfd) throws Throwable {
            NetBridge.released(epfd);
        }
    }

    /**
     * The JDK's socket streams, ServerSocket.implAccept and DatagramSocket's receive close their
     * socket and throw "Closed by interrupt" when a virtual thread's wait was interrupted; this does
     * the same for a strand.
     */
    static final class ClosedByInterrupt {
        @Advice.OnMethodExit(onThrowable = Throwable.class)
        static void exit(@Advice.This Closeable self, @Advice.Thrown(readOnly = false) Throwable thrown) throws Throwable {
            if (thrown != null) {
                thrown = NetBridge.interrupted(thrown, self);
            }
        }
    }
}
