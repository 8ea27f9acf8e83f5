package io.pal.sim;

import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.SocketAddress;
import java.net.SocketOption;
import java.nio.channels.AlreadyBoundException;
import java.nio.channels.AsynchronousCloseException;
import java.nio.channels.ClosedChannelException;
import java.nio.channels.NotYetBoundException;
import java.nio.channels.SelectionKey;
import java.nio.channels.ServerSocketChannel;
import java.nio.channels.SocketChannel;
import java.nio.channels.UnresolvedAddressException;
import java.nio.channels.UnsupportedAddressTypeException;
import java.util.Set;
import java.util.concurrent.locks.ReentrantLock;

/**
 * A {@code ServerSocketChannel} of a run's {@link SimNetwork}: it listens on a loopback port of the
 * network, and accept takes the connections queued there, waiting for one in blocking mode (parked
 * on the network's lock, ended by close or interrupt as the JDK's is) and returning null at once in
 * non-blocking mode. The backlog is not bounded.
 */
final class SimServerSocketChannel extends ServerSocketChannel {

    /** The run's network. Immutable. */
    private final SimNetwork net;
    /** One accept at a time, as the JDK's channel. */
    private final ReentrantLock acceptLock = new ReentrantLock();
    /** Guards the fields below. */
    private final Object stateLock = new Object();
    private final SimChannelOptions options = new SimChannelOptions(SimChannelOptions.LISTENER);
    /** Set by bind. */
    private volatile SimNetwork.Listener listener;

    SimServerSocketChannel(SimSelectorProvider provider, SimNetwork net) {
        super(provider);
        this.net = net;
    }

    /** The port {@code local} names (0 for null: an ephemeral one); refuses an address the network does not have. */
    static int portOf(SocketAddress local) throws IOException {
        if (local == null) {
            return 0;
        }
        if (!(local instanceof InetSocketAddress at)) {
            throw new UnsupportedAddressTypeException();
        }
        if (at.isUnresolved()) {
            throw new UnresolvedAddressException();
        }
        if (!at.getAddress().isAnyLocalAddress()) {
            SimNetwork.checkLoopback(at.getAddress());
        }
        return at.getPort();
    }

    @Override
    public ServerSocketChannel bind(SocketAddress local, int backlog) throws IOException {
        synchronized (stateLock) {
            ensureOpen();
            if (listener != null) {
                throw new AlreadyBoundException();
            }
            int port = net.bind(portOf(local), this);
            listener = net.listen(port);
        }
        return this;
    }

    @Override
    public SocketAddress getLocalAddress() throws IOException {
        ensureOpen();
        SimNetwork.Listener l = listener;
        return l == null ? null : new InetSocketAddress(InetAddress.getLoopbackAddress(), l.port);
    }

    @Override
    public <T> ServerSocketChannel setOption(SocketOption<T> name, T value) throws IOException {
        options.set(isOpen(), name, value);
        return this;
    }

    @Override
    public <T> T getOption(SocketOption<T> name) throws IOException {
        return options.get(isOpen(), name);
    }

    @Override
    public Set<SocketOption<?>> supportedOptions() {
        return options.supported();
    }

    /** The socket adaptor, made at the first call. */
    private ServerSocket adaptor;

    @Override
    public ServerSocket socket() {
        synchronized (stateLock) {
            if (adaptor == null) {
                try {
                    adaptor = new SimServerSocketAdaptor(this, net);
                } catch (IOException e) {
                    throw new IllegalStateException("inconsistent state: a ServerSocket over a simulated socket refused", e);
                }
            }
            return adaptor;
        }
    }

    /** The listening port, or -1 if not bound. */
    int localPort() {
        SimNetwork.Listener l = listener;
        return l == null ? -1 : l.port;
    }

    @Override
    public SocketChannel accept() throws IOException {
        return accept(0);
    }

    /** An accept that waits (in blocking mode) at most {@code timeoutNanos}, 0: no limit; then SocketTimeoutException. */
    SocketChannel accept(long timeoutNanos) throws IOException {
        acceptLock.lock();
        try {
            ensureOpen();
            SimNetwork.Listener l = listener;
            if (l == null) {
                throw new NotYetBoundException();
            }
            boolean blocking = isBlocking();
            SimNetwork.Connection c = null;
            if (blocking) {
                begin();
            }
            try {
                c = net.accept(l, blocking, timeoutNanos);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt(); // the interrupt closed the channel: end throws
            } finally {
                if (blocking) {
                    end(c != null);
                }
            }
            if (c == null && !isOpen()) {
                throw new AsynchronousCloseException();
            }
            if (c == null && blocking) {
                throw new java.net.SocketTimeoutException("Accept timed out");
            }
            return c == null ? null : SimSocketChannel.accepted((SimSelectorProvider) provider(), net, c);
        } finally {
            acceptLock.unlock();
        }
    }

    /** The operations a selector would find ready now. Caller holds the network's lock. */
    int readyOps() {
        SimNetwork.Listener l = listener;
        return isOpen() && l != null && net.acceptable(l) ? SelectionKey.OP_ACCEPT : 0;
    }

    SimNetwork network() {
        return net;
    }

    @Override
    protected void implCloseSelectableChannel() {
        SimNetwork.Listener l = listener;
        if (l != null) {
            net.closeListener(l);
            net.release(l.port, this);
        }
    }

    @Override
    protected void implConfigureBlocking(boolean block) {
        // the mode is read at the start of each accept
    }

    private void ensureOpen() throws ClosedChannelException {
        if (!isOpen()) {
            throw new ClosedChannelException();
        }
    }

    @Override
    public String toString() {
        SimNetwork.Listener l = listener;
        return "SimServerSocketChannel[" + (!isOpen() ? "closed" : l == null ? "unbound" : "port " + l.port) + "]";
    }
}
