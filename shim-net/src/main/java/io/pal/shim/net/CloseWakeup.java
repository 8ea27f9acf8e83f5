package io.pal.shim.net;

import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.StandardSocketOptions;
import java.nio.channels.ServerSocketChannel;
import java.nio.channels.SocketChannel;

/**
 * Wakes a strand that waits for readiness on a socket that another strand is closing.
 *
 * <p>Closing a non-blocking channel does not wake a readiness wait on it: the channel defers
 * closing its descriptor while a selector holds it, and no selector is told. NioSocketImpl solves
 * this with a signal to the blocked thread; a strand is not a thread, so pal makes the socket
 * itself ready, through the kernel, which every poller (a Selector, epoll, the coroutine backend's
 * own) then reports. Only public NIO calls are used.
 */
final class CloseWakeup {

    private CloseWakeup() {
    }

    /**
     * Before closing a connected socket: shut its output down unless SO_LINGER is 0 (NioSocketImpl
     * does the same, so the peer sees a FIN even while the close is deferred), or always if a
     * writer waits (the socket becomes writable); shut its input down if a reader waits (the
     * socket becomes readable). Failures are ignored: the close that follows reports what matters.
     */
    static void shutdownForClose(SocketChannel sc, boolean readerWaits, boolean writerWaits) {
        try {
            if (writerWaits || sc.getOption(StandardSocketOptions.SO_LINGER) != 0) {
                sc.shutdownOutput();
            }
        } catch (IOException | RuntimeException ignore) {
            // already shut or reset: nothing to wake
        }
        if (readerWaits) {
            try {
                sc.shutdownInput();
            } catch (IOException | RuntimeException ignore) {
                // likewise
            }
        }
    }

    /**
     * Before closing a listening socket that an acceptor waits on: connect to it once, so that it
     * becomes acceptable. The acceptor, woken, finds the socket closing and closes the connection
     * it accepted, or the listening socket's close resets it. The connect is to the socket's own
     * address (loopback for a wildcard) and completes at once, since the waiting acceptor means the
     * backlog is empty.
     */
    static void poke(ServerSocketChannel ssc) {
        try {
            InetSocketAddress local = (InetSocketAddress) ssc.getLocalAddress();
            if (local == null) {
                return;
            }
            InetAddress to = local.getAddress().isAnyLocalAddress() ? InetAddress.getLoopbackAddress() : local.getAddress();
            try (SocketChannel sc = SocketChannel.open()) {
                sc.connect(new InetSocketAddress(to, local.getPort()));
            }
        } catch (IOException | RuntimeException ignore) {
            // the listening socket is gone already: nobody can be waiting on it
        }
    }
}
