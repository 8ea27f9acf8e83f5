package io.pal.sim;

import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.SocketAddress;
import java.net.SocketOption;
import java.nio.ByteBuffer;
import java.nio.channels.AlreadyBoundException;
import java.nio.channels.AlreadyConnectedException;
import java.nio.channels.AsynchronousCloseException;
import java.nio.channels.ClosedChannelException;
import java.nio.channels.ConnectionPendingException;
import java.nio.channels.NoConnectionPendingException;
import java.nio.channels.NotYetConnectedException;
import java.nio.channels.SelectionKey;
import java.nio.channels.SocketChannel;
import java.nio.channels.UnresolvedAddressException;
import java.nio.channels.UnsupportedAddressTypeException;
import java.util.Objects;
import java.util.Set;
import java.util.concurrent.locks.ReentrantLock;

/**
 * A {@code SocketChannel} of a run's {@link SimNetwork}: reads and writes the two pipes of one
 * connection, in blocking or non-blocking mode, with the seeded segmentation and faults of the
 * network. A blocking read parks its virtual thread on the network's lock (a scheduling point);
 * it ends as the JDK's does when another thread closes the channel (AsynchronousCloseException) or
 * interrupts the reader (ClosedByInterruptException, the channel closed), by the machinery of
 * {@code AbstractInterruptibleChannel}. A connect on loopback completes at once in blocking mode; in
 * non-blocking mode it returns false and {@code finishConnect} completes it (OP_CONNECT is ready at
 * once). Writes never wait: the network's pipes have no bound.
 */
final class SimSocketChannel extends SocketChannel {

    /** The run's network. Immutable. */
    private final SimNetwork net;
    /** One reader at a time, one writer at a time, as the JDK's channel. */
    private final ReentrantLock readLock = new ReentrantLock();
    private final ReentrantLock writeLock = new ReentrantLock();
    /** Guards the fields below; never held while waiting. */
    private final Object stateLock = new Object();
    private final SimChannelOptions options = new SimChannelOptions(SimChannelOptions.STREAM);
    /** The local port, 0 until bound (by bind, or by connect). */
    private int localPort;
    /** The peer's port, once connected (or connecting). */
    private int remotePort;
    /** What this end reads from and writes to; set by connect or by the accepting side. */
    private volatile SimNetwork.Pipe in;
    private volatile SimNetwork.Pipe out;
    /** A non-blocking connect that finishConnect has not completed yet. */
    private boolean pending;
    /** Connected (finishConnect done, or connected in blocking mode, or accepted). */
    private volatile boolean connected;
    /** shutdownInput / shutdownOutput were called. */
    private volatile boolean inputShut;
    private volatile boolean outputShut;

    SimSocketChannel(SimSelectorProvider provider, SimNetwork net) {
        super(provider);
        this.net = net;
    }

    /** The server's end of a connection an accept took. */
    static SimSocketChannel accepted(SimSelectorProvider provider, SimNetwork net, SimNetwork.Connection c) {
        SimSocketChannel ch = new SimSocketChannel(provider, net);
        ch.in = c.toServer();
        ch.out = c.toClient();
        ch.localPort = c.serverPort();
        ch.remotePort = c.clientPort();
        ch.connected = true;
        return ch;
    }

    // ---------------------------------------------------------------- addresses and options

    @Override
    public SocketChannel bind(SocketAddress local) throws IOException {
        synchronized (stateLock) {
            ensureOpen();
            if (connected || pending) {
                throw new AlreadyConnectedException();
            }
            if (localPort != 0) {
                throw new AlreadyBoundException();
            }
            localPort = net.bind(SimServerSocketChannel.portOf(local), this);
        }
        return this;
    }

    @Override
    public SocketAddress getLocalAddress() throws IOException {
        synchronized (stateLock) {
            ensureOpen();
            return localPort == 0 ? null : new InetSocketAddress(InetAddress.getLoopbackAddress(), localPort);
        }
    }

    @Override
    public SocketAddress getRemoteAddress() throws IOException {
        synchronized (stateLock) {
            ensureOpen();
            return connected ? new InetSocketAddress(InetAddress.getLoopbackAddress(), remotePort) : null;
        }
    }

    @Override
    public <T> SocketChannel setOption(SocketOption<T> name, T value) throws IOException {
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
    private Socket adaptor;

    @Override
    public Socket socket() {
        synchronized (stateLock) {
            if (adaptor == null) {
                try {
                    adaptor = new SimSocketAdaptor(this);
                } catch (java.net.SocketException e) {
                    throw new IllegalStateException("inconsistent state: a Socket without an implementation refused", e);
                }
            }
            return adaptor;
        }
    }

    /** The local port, or 0 if not bound. */
    int localPort() {
        synchronized (stateLock) {
            return localPort;
        }
    }

    boolean isInputShut() {
        return inputShut;
    }

    boolean isOutputShut() {
        return outputShut;
    }

    // ---------------------------------------------------------------- connecting

    @Override
    public boolean isConnected() {
        return connected;
    }

    @Override
    public boolean isConnectionPending() {
        synchronized (stateLock) {
            return pending;
        }
    }

    @Override
    public boolean connect(SocketAddress remote) throws IOException {
        InetSocketAddress to = checkAddress(remote);
        synchronized (stateLock) {
            ensureOpen();
            if (connected) {
                throw new AlreadyConnectedException();
            }
            if (pending) {
                throw new ConnectionPendingException();
            }
            if (localPort == 0) {
                localPort = net.bind(0, this);
            }
            SimNetwork.Connection c;
            try {
                c = net.connect(to.getPort(), localPort);
            } catch (IOException refused) {
                close();
                throw refused;
            }
            in = c.toClient();
            out = c.toServer();
            remotePort = to.getPort();
            if (isBlocking()) {
                connected = true;
                return true;
            }
            pending = true;
            return false;
        }
    }

    private static InetSocketAddress checkAddress(SocketAddress remote) throws IOException {
        if (!(Objects.requireNonNull(remote, "remote") instanceof InetSocketAddress to)) {
            throw new UnsupportedAddressTypeException();
        }
        if (to.isUnresolved()) {
            throw new UnresolvedAddressException();
        }
        SimNetwork.checkLoopback(to.getAddress());
        return to;
    }

    @Override
    public boolean finishConnect() throws IOException {
        synchronized (stateLock) {
            ensureOpen();
            if (connected) {
                return true;
            }
            if (!pending) {
                throw new NoConnectionPendingException();
            }
            pending = false;
            connected = true;
            return true;
        }
    }

    // ---------------------------------------------------------------- reading and writing

    @Override
    public int read(ByteBuffer dst) throws IOException {
        return (int) read(new ByteBuffer[] {Objects.requireNonNull(dst, "dst")}, 0, 1);
    }

    @Override
    public long read(ByteBuffer[] dsts, int offset, int length) throws IOException {
        return read(dsts, offset, length, 0);
    }

    /** A read of the socket adaptor's stream: blocking, within {@code timeoutMillis} (0: no limit, as SO_TIMEOUT). */
    int read(byte[] b, int off, int len, int timeoutMillis) throws IOException {
        if (!isBlocking()) {
            throw new java.nio.channels.IllegalBlockingModeException();
        }
        return (int) read(new ByteBuffer[] {ByteBuffer.wrap(b, off, len)}, 0, 1, java.util.concurrent.TimeUnit.MILLISECONDS.toNanos(timeoutMillis));
    }

    /** A read that waits (in blocking mode) at most {@code timeoutNanos}, 0: no limit; then SocketTimeoutException. */
    private long read(ByteBuffer[] dsts, int offset, int length, long timeoutNanos) throws IOException {
        Objects.checkFromIndexSize(offset, length, dsts.length);
        readLock.lock();
        try {
            SimNetwork.Pipe p = connectedPipe(in);
            return inputShut ? -1 : SimChannelIO.read(p, dsts, offset, length, isBlocking(), timeoutNanos, bracket);
        } finally {
            readLock.unlock();
        }
    }

    /** This channel's begin and end, for {@link SimChannelIO}. */
    private final SimChannelIO.Bracket bracket = new SimChannelIO.Bracket() {
        @Override
        public void begin() {
            SimSocketChannel.this.begin();
        }

        @Override
        public void end(boolean completed) throws AsynchronousCloseException {
            SimSocketChannel.this.end(completed);
        }
    };

    @Override
    public int write(ByteBuffer src) throws IOException {
        return (int) write(new ByteBuffer[] {Objects.requireNonNull(src, "src")}, 0, 1);
    }

    /** A gathering write is one segment of the network (it may still arrive in several reads). */
    @Override
    public long write(ByteBuffer[] srcs, int offset, int length) throws IOException {
        Objects.checkFromIndexSize(offset, length, srcs.length);
        writeLock.lock();
        try {
            SimNetwork.Pipe p = connectedPipe(out);
            if (outputShut) {
                throw new ClosedChannelException();
            }
            return SimChannelIO.write(p, srcs, offset, length, isBlocking(), this::isOpen, bracket);
        } finally {
            writeLock.unlock();
        }
    }

    private SimNetwork.Pipe connectedPipe(SimNetwork.Pipe p) throws ClosedChannelException {
        ensureOpen();
        if (!connected) {
            throw new NotYetConnectedException();
        }
        return p;
    }

    @Override
    public SocketChannel shutdownInput() throws IOException {
        synchronized (stateLock) {
            ensureOpen();
            if (!connected) {
                throw new NotYetConnectedException();
            }
            if (!inputShut) {
                inputShut = true;
                in.shutReader();
            }
        }
        return this;
    }

    @Override
    public SocketChannel shutdownOutput() throws IOException {
        synchronized (stateLock) {
            ensureOpen();
            if (!connected) {
                throw new NotYetConnectedException();
            }
            if (!outputShut) {
                outputShut = true;
                out.finish();
            }
        }
        return this;
    }

    // ---------------------------------------------------------------- selection and closing

    /** The operations a selector would find ready now. Caller holds the network's lock. */
    int readyOps() {
        if (!isOpen()) {
            return 0;
        }
        if (!connected) {
            return in != null ? SelectionKey.OP_CONNECT : 0; // a pending connect is done on loopback
        }
        int ops = outputShut ? 0 : SelectionKey.OP_WRITE;
        return inputShut || in.readable() ? ops | SelectionKey.OP_READ : ops;
    }

    /** When something will arrive for a read that would wait now, or Long.MAX_VALUE. Caller holds the network's lock. */
    long nextArrival() {
        SimNetwork.Pipe p = in;
        return connected && p != null ? p.nextArrival() : Long.MAX_VALUE;
    }

    SimNetwork network() {
        return net;
    }

    @Override
    protected void implCloseSelectableChannel() {
        SimNetwork.Pipe i = in;
        SimNetwork.Pipe o = out;
        if (o != null) {
            o.finish();
        }
        if (i != null) {
            i.closeReader();
        }
        synchronized (stateLock) {
            if (localPort != 0) {
                net.release(localPort, this);
            }
        }
    }

    @Override
    protected void implConfigureBlocking(boolean block) {
        // the mode is read at the start of each operation
    }

    private void ensureOpen() throws ClosedChannelException {
        if (!isOpen()) {
            throw new ClosedChannelException();
        }
    }

    @Override
    public String toString() {
        return "SimSocketChannel[" + (isOpen() ? connected ? "connected local=" + localPort + " remote=" + remotePort : "unconnected" : "closed") + "]";
    }
}
