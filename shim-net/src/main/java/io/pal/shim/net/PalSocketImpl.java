package io.pal.shim.net;

import io.pal.spi.Backend;
import sun.net.PlatformSocketImpl;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.SocketAddress;
import java.net.SocketException;
import java.net.SocketImpl;
import java.net.SocketOption;
import java.net.SocketTimeoutException;
import java.net.StandardSocketOptions;
import java.net.UnknownHostException;
import java.nio.ByteBuffer;
import java.nio.channels.ClosedChannelException;
import java.nio.channels.NetworkChannel;
import java.nio.channels.SelectableChannel;
import java.nio.channels.SelectionKey;
import java.nio.channels.ServerSocketChannel;
import java.nio.channels.SocketChannel;
import java.util.Objects;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.LongAdder;

/**
 * pal's SocketImpl for {@link java.net.Socket} and {@link ServerSocket}: NioSocketImpl's behaviour
 * (same states, exceptions and messages) over a non-blocking {@link SocketChannel} or
 * {@link ServerSocketChannel}, waiting through {@link Backend#awaitReady} when a call would block.
 *
 * <p>States, guarded by {@code stateLock} (held only for field updates, never across a wait):
 * <pre>
 * NEW -> UNCONNECTED        // create(): channel opened, non-blocking
 * UNCONNECTED -> CONNECTING // connect() started
 * CONNECTING -> CONNECTED   // connect() finished
 * NEW -> CONNECTED          // a server's accept() filled this impl
 * any -> CLOSING            // close(): waiters are woken, then the channel is closed
 * CLOSING -> CLOSED         // close() finished
 * NEW -> CLOSED             // close() of an impl that never got a channel
 * </pre>
 * The channel owns its file descriptor's life: it closes the descriptor only when no read or write
 * of its own is in progress and no selector holds it, so this class needs none of NioSocketImpl's
 * deferred-close machinery. Every wait goes to the backend the shim was installed for when the
 * impl was made, whichever backend is active later.
 */
final class PalSocketImpl extends SocketImpl implements PlatformSocketImpl {

    /** NioSocketImpl's cap on one read or write, so the channel's temporary direct buffers stay small. */
    private static final int MAX_BUFFER_SIZE = 128 * 1024;

    /** How many impls pal has made in this JVM: a diagnostic, and how tests tell whose socket they got. */
    private static final LongAdder CREATED = new LongAdder();

    /** Socket states; see the class comment for the transitions. */
    private enum State { NEW, UNCONNECTED, CONNECTING, CONNECTED, CLOSING, CLOSED }

    /** The backend every wait of this socket goes to (the one that installed the shim). Immutable. */
    private final Backend backend;
    /** True for a listening socket's impl. Immutable. */
    private final boolean server;
    /** Guards the fields marked so; never held across a wait. */
    private final Object stateLock = new Object();
    /** Serialises readers, accept and connect; held across waits, hence a strand mutex. */
    private final StrandMutex readLock;
    /** Serialises writers; held across waits. */
    private final StrandMutex writeLock;

    /** Guarded by stateLock. */
    private State state = State.NEW;
    /** The client channel; set under stateLock by create() or accept(), then read freely. */
    private volatile SocketChannel channel;
    /** The listening channel (server impls); set under stateLock by create(). */
    private volatile ServerSocketChannel serverChannel;
    /** A server's address, kept from bind() until listen() binds and listens in one step. Guarded by stateLock. */
    private InetSocketAddress pendingBind;
    /** The channel adaptor's input stream, only for available(). Set with the connection. */
    private volatile InputStream availableSource;
    /** A reader, acceptor or connector is between begin and end: close() must report the close. Guarded by stateLock. */
    private boolean readerActive;
    /** A writer is between begin and end. Guarded by stateLock. */
    private boolean writerActive;
    /** shutdownInput/shutdownOutput happened. Guarded by stateLock. */
    private boolean inputClosed, outputClosed;
    /**
     * A server's IP_TOS, which ServerSocketChannel does not take (NioSocketImpl offers it "to
     * maintain compatibility"): kept here and given to each accepted connection, which is what it
     * means on Linux, where accepted sockets inherit it. Null if never set. Guarded by stateLock.
     */
    private Integer serverTos;
    /** SO_TIMEOUT in milliseconds, 0 meaning none. Any thread. */
    private volatile int timeout;
    /** A read saw a reset: later reads throw at once, as NioSocketImpl's. Guarded by readLock. */
    private boolean connectionReset;
    /** A read returned -1: later reads return -1 even after close (legacy behaviour). Guarded by readLock. */
    private boolean readEOF;

    PalSocketImpl(Backend backend, boolean server) {
        this.backend = backend;
        this.server = server;
        this.readLock = new StrandMutex(backend);
        this.writeLock = new StrandMutex(backend);
        CREATED.increment();
    }

    /** A new impl for a connection this server impl accepts: same backend. */
    PalSocketImpl newAccepted() {
        assert server : "accept on a client impl";
        return new PalSocketImpl(backend, false);
    }

    /** The number of impls pal has made so far in this JVM. */
    static long created() {
        return CREATED.sum();
    }

    // ---- creation, bind, listen ------------------------------------------------------------

    @Override
    protected void create(boolean stream) throws IOException {
        if (!stream) {
            throw new IOException("Datagram socket creation not supported");
        }
        synchronized (stateLock) {
            if (state != State.NEW) {
                throw new IOException("Already created");
            }
            if (server) {
                ServerSocketChannel ssc = ServerSocketChannel.open();
                ssc.configureBlocking(false);
                serverChannel = ssc;
            } else {
                SocketChannel sc = SocketChannel.open();
                sc.configureBlocking(false);
                channel = sc;
            }
            state = State.UNCONNECTED;
        }
    }

    @Override
    protected void bind(InetAddress host, int port) throws IOException {
        synchronized (stateLock) {
            ensureOpen();
            if (localport != 0 || pendingBind != null) {
                throw new SocketException("Already bound");
            }
            if (server) {
                // A ServerSocketChannel binds and listens in one call; ServerSocket.bind calls
                // listen() right after bind(), so the bind happens there, with the backlog.
                pendingBind = new InetSocketAddress(host, port);
            } else {
                channel.bind(new InetSocketAddress(host, port));
                localport = localAddress(channel).getPort();
            }
            address = host;
        }
    }

    @Override
    protected void listen(int backlog) throws IOException {
        synchronized (stateLock) {
            ensureOpen();
            if (pendingBind == null) {
                throw new SocketException("Not bound");
            }
            serverChannel.bind(pendingBind, backlog < 1 ? 50 : backlog);
            pendingBind = null;
            localport = localAddress(serverChannel).getPort();
        }
    }

    // ---- connect ---------------------------------------------------------------------------

    @Override
    protected void connect(String host, int port) throws IOException {
        connect(new InetSocketAddress(host, port), 0);
    }

    @Override
    protected void connect(InetAddress address, int port) throws IOException {
        connect(new InetSocketAddress(address, port), 0);
    }

    @Override
    protected void connect(SocketAddress remote, int millis) throws IOException {
        if (!(remote instanceof InetSocketAddress isa)) {
            throw new IOException("Unsupported address type");
        }
        if (isa.isUnresolved()) {
            throw new UnknownHostException(isa.getHostName());
        }
        InetAddress target = isa.getAddress();
        if (target.isAnyLocalAddress()) {
            target = InetAddress.getLocalHost();
        }
        InetSocketAddress to = new InetSocketAddress(target, isa.getPort());
        long nanos = millis > 0 ? TimeUnit.MILLISECONDS.toNanos(millis) : Backend.NO_TIMEOUT;
        try {
            readLock.lock(Backend.NO_TIMEOUT);
            try {
                connectLocked(to, nanos);
            } finally {
                readLock.unlock();
            }
        } catch (ClosedByInterrupt e) {
            throw closedByInterrupt(e);
        } catch (IOException e) {
            close(); // as NioSocketImpl: a failed connect leaves the socket closed
            throw e;
        }
    }

    private void connectLocked(InetSocketAddress to, long nanos) throws IOException {
        SocketChannel sc = beginConnect(to);
        boolean connected = false;
        boolean swallowed = false;
        try {
            long start = System.nanoTime();
            connected = sc.connect(to);
            while (!connected && isOpen()) {
                long left = remaining(start, nanos);
                if (left <= 0) {
                    throw new SocketTimeoutException("Connect timed out");
                }
                swallowed |= await(sc, SelectionKey.OP_CONNECT, left);
                connected = sc.finishConnect();
            }
        } catch (ClosedChannelException e) {
            throw closedUnderneath(e); // closed by another strand meanwhile: "Socket closed"
        } finally {
            endConnect(sc, connected);
            reassertInterrupt(swallowed);
        }
    }

    private SocketChannel beginConnect(InetSocketAddress to) throws SocketException {
        synchronized (stateLock) {
            switch (state) {
                case UNCONNECTED -> { }
                case NEW -> throw new SocketException("Not created");
                case CONNECTING -> throw new SocketException("Connection in progress");
                case CONNECTED -> throw new SocketException("Already connected");
                case CLOSING, CLOSED -> throw new SocketException("Socket closed");
            }
            state = State.CONNECTING;
            address = to.getAddress();
            port = to.getPort();
            readerActive = true;
            return channel;
        }
    }

    private void endConnect(SocketChannel sc, boolean connected) throws IOException {
        synchronized (stateLock) {
            readerActive = false;
            if (connected && state == State.CONNECTING) {
                state = State.CONNECTED;
                localport = localAddress(sc).getPort();
                availableSource = sc.socket().getInputStream();
            } else if (!connected && state.compareTo(State.CLOSING) >= 0) {
                throw new SocketException("Socket closed");
            }
        }
    }

    // ---- accept ----------------------------------------------------------------------------

    @Override
    protected void accept(SocketImpl si) throws IOException {
        if (!(si instanceof PalSocketImpl target)) {
            throw new IOException("pal's SocketImpl cannot accept into " + si.getClass().getName());
        }
        if (target.currentState() != State.NEW) {
            throw new SocketException("Not a newly created SocketImpl");
        }
        long nanos = timeoutNanos();
        long left = readLock.lock(nanos);
        if (left <= 0) {
            throw new SocketTimeoutException("Accept timed out");
        }
        SocketChannel accepted = null;
        try {
            accepted = acceptLocked(left);
        } catch (ClosedByInterrupt e) {
            throw closedByInterrupt(e);
        } finally {
            readLock.unlock();
        }
        Integer tos;
        synchronized (stateLock) {
            tos = serverTos;
        }
        target.connectedBy(accepted, tos);
    }

    private SocketChannel acceptLocked(long nanos) throws IOException {
        ServerSocketChannel ssc = beginAccept();
        SocketChannel accepted = null;
        boolean swallowed = false;
        try {
            long start = System.nanoTime();
            accepted = ssc.accept();
            while (accepted == null && isOpen()) {
                long left = remaining(start, nanos);
                if (left <= 0) {
                    throw new SocketTimeoutException("Accept timed out");
                }
                swallowed |= await(ssc, SelectionKey.OP_ACCEPT, left);
                accepted = ssc.accept();
            }
            return accepted;
        } catch (ClosedChannelException e) {
            throw closedUnderneath(e);
        } finally {
            endAccept(accepted);
            reassertInterrupt(swallowed);
        }
    }

    private ServerSocketChannel beginAccept() throws SocketException {
        synchronized (stateLock) {
            ensureOpen();
            if (localport == 0) {
                throw new SocketException("Not bound");
            }
            readerActive = true;
            return serverChannel;
        }
    }

    private void endAccept(SocketChannel accepted) throws IOException {
        synchronized (stateLock) {
            readerActive = false;
            if (state.compareTo(State.CLOSING) >= 0) {
                if (accepted != null) {
                    accepted.close(); // the connection close() made to wake us, or one that lost the race
                }
                throw new SocketException("Socket closed");
            }
        }
    }

    /** Fills this NEW impl with a connection its server accepted. */
    private void connectedBy(SocketChannel sc, Integer tos) throws IOException {
        InetSocketAddress remote;
        InetSocketAddress local;
        try {
            sc.configureBlocking(false);
            if (tos != null) {
                sc.setOption(StandardSocketOptions.IP_TOS, tos);
            }
            remote = (InetSocketAddress) sc.getRemoteAddress();
            local = localAddress(sc);
        } catch (IOException e) {
            sc.close();
            throw e;
        }
        synchronized (stateLock) {
            channel = sc;
            availableSource = sc.socket().getInputStream();
            localport = local.getPort();
            address = remote.getAddress();
            port = remote.getPort();
            state = State.CONNECTED;
        }
    }

    // ---- read ------------------------------------------------------------------------------

    private int read(byte[] b, int off, int len) throws IOException {
        Objects.checkFromIndexSize(off, len, b.length);
        if (len == 0) {
            return 0;
        }
        long left = readLock.lock(timeoutNanos());
        if (left <= 0) {
            throw new SocketTimeoutException("Read timed out");
        }
        try {
            if (readEOF) {
                return -1; // legacy: -1 again, even if closed since
            }
            int n = implRead(ByteBuffer.wrap(b, off, Math.min(len, MAX_BUFFER_SIZE)), left);
            if (n == -1) {
                readEOF = true;
            }
            return n;
        } catch (ClosedByInterrupt e) {
            throw closedByInterrupt(e);
        } finally {
            readLock.unlock();
        }
    }

    private int implRead(ByteBuffer dst, long nanos) throws IOException {
        int n = 0;
        boolean swallowed = false;
        SocketChannel sc = beginRead();
        try {
            if (connectionReset) {
                throw new SocketException("Connection reset");
            }
            if (isInputShutdown()) {
                return n = -1;
            }
            long start = System.nanoTime();
            n = sc.read(dst);
            while (n == 0 && isOpen()) {
                long left = remaining(start, nanos);
                if (left <= 0) {
                    throw new SocketTimeoutException("Read timed out");
                }
                swallowed |= await(sc, SelectionKey.OP_READ, left);
                n = sc.read(dst);
            }
            return n;
        } catch (ClosedChannelException e) {
            throw closedUnderneath(e);
        } catch (SocketTimeoutException e) {
            throw e;
        } catch (IOException e) {
            if ("Connection reset".equals(e.getMessage())) {
                connectionReset = true;
            }
            throw asSocketException(e);
        } finally {
            endRead(n > 0); // as NioSocketImpl: -1 while closing (our own shutdownInput) is "Socket closed"
            reassertInterrupt(swallowed);
        }
    }

    private SocketChannel beginRead() throws SocketException {
        synchronized (stateLock) {
            ensureOpenAndConnected();
            readerActive = true;
            return channel;
        }
    }

    private void endRead(boolean completed) throws SocketException {
        synchronized (stateLock) {
            readerActive = false;
            if (!completed && state.compareTo(State.CLOSING) >= 0) {
                throw new SocketException("Socket closed");
            }
        }
    }

    // ---- write -----------------------------------------------------------------------------

    private void write(byte[] b, int off, int len) throws IOException {
        Objects.checkFromIndexSize(off, len, b.length);
        if (len == 0) {
            return;
        }
        writeLock.lock(Backend.NO_TIMEOUT);
        try {
            int pos = off;
            int end = off + len;
            while (pos < end) {
                int n = implWrite(ByteBuffer.wrap(b, pos, Math.min(end - pos, MAX_BUFFER_SIZE)));
                assert n > 0 : "a write that returns must have made progress: " + n;
                pos += n;
            }
        } catch (ClosedByInterrupt e) {
            throw closedByInterrupt(e);
        } finally {
            writeLock.unlock();
        }
    }

    /**
     * Writes some of {@code src}, at least one byte; a partial write returns what it wrote. Every
     * way out without a byte written throws (the end step when the socket was closed meanwhile).
     */
    private int implWrite(ByteBuffer src) throws IOException {
        int n = 0;
        boolean swallowed = false;
        SocketChannel sc = beginWrite();
        try {
            n = sc.write(src);
            while (n == 0 && isOpen()) {
                swallowed |= await(sc, SelectionKey.OP_WRITE, Backend.NO_TIMEOUT);
                n = sc.write(src);
            }
            return n;
        } catch (ClosedChannelException e) {
            throw outputClosedOrClosed(e);
        } catch (IOException e) {
            throw asSocketException(e);
        } finally {
            endWrite(n > 0);
            reassertInterrupt(swallowed);
        }
    }

    private SocketChannel beginWrite() throws SocketException {
        synchronized (stateLock) {
            ensureOpenAndConnected();
            writerActive = true;
            return channel;
        }
    }

    private void endWrite(boolean completed) throws SocketException {
        synchronized (stateLock) {
            writerActive = false;
            if (!completed && state.compareTo(State.CLOSING) >= 0) {
                throw new SocketException("Socket closed");
            }
        }
    }

    // ---- streams, available ----------------------------------------------------------------

    @Override
    protected InputStream getInputStream() {
        return new InputStream() {
            @Override
            public int read() throws IOException {
                byte[] a = new byte[1];
                int n = read(a, 0, 1);
                return n > 0 ? a[0] & 0xff : -1;
            }

            @Override
            public int read(byte[] b, int off, int len) throws IOException {
                return PalSocketImpl.this.read(b, off, len);
            }

            @Override
            public int available() throws IOException {
                return PalSocketImpl.this.available();
            }

            @Override
            public void close() throws IOException {
                PalSocketImpl.this.close();
            }
        };
    }

    @Override
    protected OutputStream getOutputStream() {
        return new OutputStream() {
            @Override
            public void write(int b) throws IOException {
                write(new byte[] {(byte) b}, 0, 1);
            }

            @Override
            public void write(byte[] b, int off, int len) throws IOException {
                PalSocketImpl.this.write(b, off, len);
            }

            @Override
            public void close() throws IOException {
                PalSocketImpl.this.close();
            }
        };
    }

    @Override
    protected int available() throws IOException {
        synchronized (stateLock) {
            ensureOpenAndConnected();
            return inputClosed ? 0 : availableSource.available();
        }
    }

    // ---- shutdown, close -------------------------------------------------------------------

    @Override
    protected void shutdownInput() throws IOException {
        synchronized (stateLock) {
            ensureOpenAndConnected();
            if (!inputClosed) {
                channel.shutdownInput(); // also wakes a reader waiting for readiness
                inputClosed = true;
            }
        }
    }

    @Override
    protected void shutdownOutput() throws IOException {
        synchronized (stateLock) {
            ensureOpenAndConnected();
            if (!outputClosed) {
                channel.shutdownOutput();
                outputClosed = true;
            }
        }
    }

    /**
     * Closes the socket. A strand waiting for readiness in read, write, accept or connect must wake,
     * and closing a channel does not end a readiness wait on it, so the close is reported:
     * <ol>
     *   <li>mark CLOSING under the state lock, noting whether anyone is in I/O;</li>
     *   <li>close the channel: a connected one that a selector still holds shuts its output down
     *       first (unless SO_LINGER is 0), so the peer sees a FIN at once, as NioSocketImpl's close
     *       gives it;</li>
     *   <li>if anyone was in I/O, {@link Backend#channelClosed} ends their waits; woken, each finds
     *       the socket CLOSING and throws "Socket closed".</li>
     * </ol>
     * A strand that begins I/O after step 1 fails at once in its begin step.
     */
    @Override
    protected void close() throws IOException {
        boolean inIo;
        synchronized (stateLock) {
            if (state.compareTo(State.CLOSING) >= 0) {
                return;
            }
            if (state == State.NEW) {
                state = State.CLOSED;
                return;
            }
            inIo = readerActive || writerActive;
            state = State.CLOSING;
        }
        SelectableChannel ch = server ? serverChannel : channel;
        try {
            ch.close();
        } finally {
            if (inIo) {
                backend.channelClosed(ch);
            }
            synchronized (stateLock) {
                state = State.CLOSED;
            }
        }
    }

    // ---- options ---------------------------------------------------------------------------

    @Override
    protected Set<SocketOption<?>> supportedOptions() {
        return SocketOptionsSupport.supported(networkChannel(), server);
    }

    @Override
    protected <T> void setOption(SocketOption<T> opt, T value) throws IOException {
        if (!supportedOptions().contains(opt)) {
            throw new UnsupportedOperationException("'" + opt + "' not supported");
        }
        if (!opt.type().isInstance(value)) {
            throw new IllegalArgumentException("Invalid value '" + value + "'");
        }
        synchronized (stateLock) {
            ensureOpen();
            if (server && opt == StandardSocketOptions.IP_TOS) {
                serverTos = (Integer) value;
                return;
            }
            networkChannel().setOption(opt, value);
        }
    }

    @Override
    protected <T> T getOption(SocketOption<T> opt) throws IOException {
        if (!supportedOptions().contains(opt)) {
            throw new UnsupportedOperationException("'" + opt + "' not supported");
        }
        synchronized (stateLock) {
            ensureOpen();
            if (server && opt == StandardSocketOptions.IP_TOS) {
                return opt.type().cast(serverTos == null ? 0 : serverTos);
            }
            return networkChannel().getOption(opt);
        }
    }

    @Override
    public void setOption(int opt, Object value) throws SocketException {
        synchronized (stateLock) {
            ensureOpen();
            if (opt == SO_TIMEOUT) {
                if (!(value instanceof Integer i)) {
                    throw new SocketException("Bad value for SO_TIMEOUT");
                }
                if (i < 0) {
                    throw new IllegalArgumentException("timeout < 0");
                }
                timeout = i;
                return;
            }
            if (server && opt == IP_TOS) {
                if (!(value instanceof Integer i)) {
                    throw new SocketException("Bad value for IP_TOS");
                }
                serverTos = i;
                return;
            }
            SocketOptionsSupport.set(networkChannel(), opt, value);
        }
    }

    @Override
    public Object getOption(int opt) throws SocketException {
        synchronized (stateLock) {
            ensureOpen();
            if (opt == SO_TIMEOUT) {
                return timeout;
            }
            if (server && opt == IP_TOS) {
                return serverTos == null ? 0 : serverTos;
            }
            if (opt == SO_BINDADDR && pendingBind != null) {
                return pendingBind.getAddress();
            }
            return SocketOptionsSupport.get(networkChannel(), opt);
        }
    }

    @Override
    protected boolean supportsUrgentData() {
        return false; // SocketChannel cannot send OOB data; Socket.sendUrgentData then throws
    }

    @Override
    protected void sendUrgentData(int data) throws IOException {
        throw new SocketException("Urgent data not supported");
    }

    // ---- helpers ---------------------------------------------------------------------------

    /**
     * Waits for readiness through the backend.
     *
     * <p>Interrupts follow the JDK's rules for the kind of caller: a strand that shares a carrier
     * (or a virtual thread) has the socket closed and gets {@code SocketException("Closed by
     * interrupt")} with its interrupt status set, as a virtual thread does in NioSocketImpl; a
     * platform thread's socket I/O is not interruptible, so the interrupt is swallowed here and
     * re-asserted when the operation ends ({@link #reassertInterrupt}).
     *
     * @param nanos the time left, or NO_TIMEOUT; must be positive
     * @return true if an interrupt was swallowed and must be re-asserted by the caller
     */
    private boolean await(SelectableChannel ch, int op, long nanos) throws IOException {
        assert nanos > 0 : "poll-only waits are the caller's job: " + nanos;
        try {
            backend.awaitReady(ch, op, nanos);
            return false;
        } catch (InterruptedException e) {
            if (backend.currentSharesCarrier() || Thread.currentThread().isVirtual()) {
                throw new ClosedByInterrupt();
            }
            return true;
        }
    }

    /**
     * Thrown by {@link #await} for an interrupted strand; the public entry points close the socket
     * once their end-of-operation bookkeeping is done, then re-assert the interrupt, as the JDK
     * does for a virtual thread.
     */
    private static final class ClosedByInterrupt extends SocketException {
        private static final long serialVersionUID = 1L;

        ClosedByInterrupt() {
            super("Closed by interrupt");
        }
    }

    /** Closes this socket for {@code e}, re-asserts the caller's interrupt status and returns {@code e} to throw. */
    private SocketException closedByInterrupt(ClosedByInterrupt e) throws IOException {
        close();
        backend.current().interrupt();
        return e;
    }

    private static void reassertInterrupt(boolean swallowed) {
        if (swallowed) {
            Thread.currentThread().interrupt();
        }
    }

    /**
     * The channel said it is closed. Only this impl's close closes it (a non-blocking channel does
     * not close itself for an interrupt), so this is a close from another strand racing the call:
     * "Socket closed", as the end step would say. Never a count of 0 or -1, which a caller's loop
     * would retry for ever.
     */
    private static SocketException closedUnderneath(ClosedChannelException e) {
        SocketException se = new SocketException("Socket closed");
        se.initCause(e);
        return se;
    }

    /**
     * A write's ClosedChannelException: the channel refuses writes once its output is shut down,
     * where the JDK's impl gets EPIPE from the kernel and throws "Broken pipe"; otherwise the socket
     * was closed.
     */
    private SocketException outputClosedOrClosed(ClosedChannelException e) {
        synchronized (stateLock) {
            if (outputClosed && state.compareTo(State.CLOSING) < 0) {
                SocketException se = new SocketException("Broken pipe");
                se.initCause(e);
                return se;
            }
        }
        return closedUnderneath(e);
    }

    /** The time left of {@code nanos} since {@code start}; NO_TIMEOUT stays NO_TIMEOUT. */
    private static long remaining(long start, long nanos) {
        return nanos == Backend.NO_TIMEOUT ? nanos : nanos - (System.nanoTime() - start);
    }

    /** SO_TIMEOUT as a backend timeout: Java's 0 means forever, the SPI's NO_TIMEOUT does. */
    private long timeoutNanos() {
        int t = timeout;
        return t > 0 ? TimeUnit.MILLISECONDS.toNanos(t) : Backend.NO_TIMEOUT;
    }

    private State currentState() {
        synchronized (stateLock) {
            return state;
        }
    }

    private boolean isOpen() {
        synchronized (stateLock) {
            return state.compareTo(State.CLOSING) < 0;
        }
    }

    private boolean isInputShutdown() {
        synchronized (stateLock) {
            return inputClosed;
        }
    }

    private void ensureOpen() throws SocketException {
        assert Thread.holdsLock(stateLock);
        if (state == State.NEW) {
            throw new SocketException("Socket not created");
        }
        if (state.compareTo(State.CLOSING) >= 0) {
            throw new SocketException("Socket closed");
        }
    }

    private void ensureOpenAndConnected() throws SocketException {
        assert Thread.holdsLock(stateLock);
        if (state.compareTo(State.CONNECTED) < 0) {
            throw new SocketException("Not connected");
        }
        if (state.compareTo(State.CLOSING) >= 0) {
            throw new SocketException("Socket closed");
        }
    }

    private NetworkChannel networkChannel() {
        return server ? serverChannel : channel;
    }

    private static InetSocketAddress localAddress(NetworkChannel ch) throws IOException {
        return (InetSocketAddress) ch.getLocalAddress();
    }

    static SocketException asSocketException(Exception e) {
        if (e instanceof SocketException se) {
            return se;
        }
        SocketException se = new SocketException(e.getMessage());
        se.initCause(e);
        return se;
    }
}
