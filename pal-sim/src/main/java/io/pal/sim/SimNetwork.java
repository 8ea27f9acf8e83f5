package io.pal.sim;

import io.pal.spi.SimConfig;

import java.io.IOException;
import java.io.InterruptedIOException;
import java.net.BindException;
import java.net.ConnectException;
import java.net.SocketException;
import java.net.SocketTimeoutException;
import java.util.ArrayDeque;
import java.util.HashMap;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.Condition;
import java.util.concurrent.locks.ReentrantLock;

/**
 * A run's network: loopback TCP between the run's own threads, in memory. One lock guards all of
 * it; a thread that waits (accept, read) waits on a condition of that lock, so it parks its virtual
 * thread: a scheduling point, and a wait the deadlock report shows. Every choice (how much of the
 * data a read returns, a write's delay, a drop, a reset) is drawn from the network's own PRNG,
 * seeded from the run's seed, in the order the run's threads ask.
 *
 * <p>Protocol "read": (1) a reader whose socket is closed gets "closed"; a reset connection throws;
 * a reader that shut its input gets -1; (2) if the first segment has arrived (its arrival time is
 * not after the virtual clock), return between one byte and all of it, the number drawn from the
 * PRNG (TCP may deliver any prefix); (3) if the peer has shut its output and nothing is left, -1;
 * (4) otherwise, if the reader may wait, wait until the first segment's arrival or a change, within
 * its timeout (SO_TIMEOUT for a socket, none for a channel); a reader that may not (a non-blocking
 * channel) or whose time is up gets "would block". Every change also signals {@link #anyChange},
 * on which selectors wait.
 * Protocol "write": (1) with probability reset, both directions reset and the write throws; (2) the
 * bytes become one segment that arrives after a delay drawn from latency (plus the retransmission
 * time if dropped), never before the segment written before it, and not inside a partition (at its
 * end instead); writes never block.
 */
final class SimNetwork {

    /** Ports given to sockets bound to port 0 and to connecting sockets start here. */
    private static final int EPHEMERAL = 40_000;

    /** Guards everything below, and every pipe of this network. */
    final ReentrantLock lock = new ReentrantLock();
    /** Signalled at every change a selector may wait for: an arrival, a connection, a close, a wake-up. */
    final Condition anyChange = lock.newCondition();
    /** The run whose clock segments arrive by. Immutable. */
    private final SimRun run;
    /** The faults to draw. Immutable. */
    private final SimConfig.NetFaults faults;
    /** Draws every choice. Guarded by lock. */
    private final SplitMix rng;
    /** Listening sockets by port. Guarded by lock. */
    private final Map<Integer, Listener> listeners = new HashMap<>();
    /** Ports in use (listening or connected). Guarded by lock. */
    private final Map<Integer, Object> bound = new HashMap<>();
    /** The next ephemeral port. Guarded by lock. */
    private int nextPort = EPHEMERAL;

    SimNetwork(SimRun run, SimConfig.NetFaults faults, long seed) {
        this.run = run;
        this.faults = faults;
        this.rng = new SplitMix(seed);
    }

    /** A listening socket's queue of connections not yet accepted. */
    final class Listener {
        final ArrayDeque<Connection> pending = new ArrayDeque<>();
        final Condition arrived = lock.newCondition();
        final int port;
        boolean closed;

        Listener(int port) {
            this.port = port;
        }
    }

    /** {@link Pipe#read(Sink, int, boolean, long)}: the reader's socket was closed. */
    static final int CLOSED = -2;
    /** {@link Pipe#read(Sink, int, boolean, long)}: nothing has arrived, and the reader may not wait (longer). */
    static final int WOULD_BLOCK = -3;

    /** Where a read puts the bytes it takes: a byte array's range, a channel's buffers. */
    @FunctionalInterface
    interface Sink {
        void put(byte[] src, int offset, int length);
    }

    /** Both directions of one connection, as its client sees them. */
    record Connection(Pipe toServer, Pipe toClient, int clientPort, int serverPort) {
    }

    /** Binds {@code port} (0: an ephemeral one) and returns it. */
    int bind(int port, Object owner) throws BindException {
        lock.lock();
        try {
            int p = port == 0 ? ephemeral() : port;
            if (bound.containsKey(p)) {
                throw new BindException("Address already in use (simulated network, port " + p + ")");
            }
            bound.put(p, owner);
            return p;
        } finally {
            lock.unlock();
        }
    }

    private int ephemeral() {
        while (bound.containsKey(nextPort)) {
            nextPort++;
        }
        return nextPort++;
    }

    void release(int port, Object owner) {
        lock.lock();
        try {
            bound.remove(port, owner);
        } finally {
            lock.unlock();
        }
    }

    Listener listen(int port) {
        lock.lock();
        try {
            Listener l = new Listener(port);
            listeners.put(port, l);
            return l;
        } finally {
            lock.unlock();
        }
    }

    void closeListener(Listener l) {
        lock.lock();
        try {
            l.closed = true;
            listeners.remove(l.port, l);
            l.arrived.signalAll();
            anyChange.signalAll();
        } finally {
            lock.unlock();
        }
    }

    /** A client connects to {@code port} from {@code clientPort}. */
    Connection connect(int port, int clientPort) throws ConnectException {
        lock.lock();
        try {
            Listener l = listeners.get(port);
            if (l == null || l.closed) {
                throw new ConnectException("Connection refused (simulated network, nothing listens on port " + port + ")");
            }
            Connection c = new Connection(new Pipe(), new Pipe(), clientPort, port);
            c.toServer.peer = c.toClient;
            c.toClient.peer = c.toServer;
            l.pending.add(c);
            l.arrived.signal();
            anyChange.signalAll();
            return c;
        } finally {
            lock.unlock();
        }
    }

    /** Waits for a connection to {@code l}, within {@code timeoutMillis} (0: no limit): a ServerSocket's accept. */
    Connection accept(Listener l, int timeoutMillis) throws IOException {
        try {
            Connection c = accept(l, true, TimeUnit.MILLISECONDS.toNanos(timeoutMillis));
            if (c == null && l.closed) {
                throw new SocketException("Socket closed");
            }
            if (c == null) {
                throw new SocketTimeoutException("Accept timed out");
            }
            return c;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new InterruptedIOException("interrupted in accept");
        }
    }

    /**
     * The next connection to {@code l}; if none is there, null unless {@code block}, else waits
     * for one within {@code timeoutNanos} (0: no limit). Null also when the listener is closed or
     * the time is up.
     */
    Connection accept(Listener l, boolean block, long timeoutNanos) throws InterruptedException {
        lock.lock();
        try {
            long left = timeoutNanos;
            while (l.pending.isEmpty()) {
                if (l.closed || !block) {
                    return null;
                }
                if (timeoutNanos == 0) {
                    l.arrived.await();
                } else if (left <= 0) {
                    return null;
                } else {
                    left = l.arrived.awaitNanos(left);
                }
            }
            return l.pending.poll();
        } finally {
            lock.unlock();
        }
    }

    /** Whether an accept on {@code l} would not wait: a connection is there or it is closed. Caller holds the lock. */
    boolean acceptable(Listener l) {
        return !l.pending.isEmpty() || l.closed;
    }

    /** One direction of a connection: segments in order, each with its arrival time. */
    final class Pipe {
        private final ArrayDeque<byte[]> segments = new ArrayDeque<>();
        private final ArrayDeque<Long> arrivals = new ArrayDeque<>();
        /** Offset into the first segment already read. */
        private int offset;
        private final Condition changed = lock.newCondition();
        /** The writer shut its output (FIN): reads end with -1 once the rest is read. */
        private boolean finished;
        /** The connection was reset: both directions throw. */
        private boolean reset;
        /** The reader closed its socket. */
        private boolean readerClosed;
        /** The reader shut its input: its reads end with -1 at once. */
        private boolean readerShut;
        /** When the last segment arrives: a later one never arrives before it. */
        private long lastArrival;
        /** The other direction, for a reset. Set once by connect; null for a process's {@code Pipe}. */
        Pipe peer;
        /** Whether writes draw the network's faults: not on a process's {@code Pipe}, which is no network. Immutable. */
        private final boolean faulty;

        /** One direction of a TCP connection. */
        Pipe() {
            this(true);
        }

        Pipe(boolean faulty) {
            this.faulty = faulty;
        }

        int read(byte[] b, int off, int len, int timeoutMillis) throws IOException {
            if (len == 0) {
                return 0;
            }
            try {
                int n = read((src, at, count) -> System.arraycopy(src, at, b, off, count), len, true,
                        TimeUnit.MILLISECONDS.toNanos(timeoutMillis));
                return switch (n) {
                    case CLOSED -> throw new SocketException("Socket closed");
                    case WOULD_BLOCK -> throw new SocketTimeoutException("Read timed out");
                    default -> n;
                };
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new InterruptedIOException("interrupted in read");
            }
        }

        /**
         * Protocol "read" into {@code sink}, at most {@code len > 0} bytes: the number given, -1 at
         * the end of the stream, {@link #CLOSED} if the reader's socket was closed, or
         * {@link #WOULD_BLOCK} if nothing has arrived and {@code block} is false or
         * {@code timeoutNanos} (0: no limit) passed. Throws if the connection was reset.
         */
        int read(Sink sink, int len, boolean block, long timeoutNanos) throws IOException, InterruptedException {
            lock.lock();
            try {
                long deadline = timeoutNanos == 0 ? Long.MAX_VALUE : now() + timeoutNanos;
                while (true) {
                    if (readerClosed) {
                        return CLOSED;
                    }
                    if (reset) {
                        throw new SocketException("Connection reset");
                    }
                    if (readerShut) {
                        return -1;
                    }
                    if (!segments.isEmpty() && arrivals.peek() <= now()) {
                        byte[] first = segments.peek();
                        int n = 1 + rng.nextInt(Math.min(len, first.length - offset)); // any prefix, as TCP may deliver
                        sink.put(first, offset, n);
                        offset += n;
                        if (offset == first.length) {
                            segments.poll();
                            arrivals.poll();
                            offset = 0;
                        }
                        return n;
                    }
                    if (segments.isEmpty() && finished) {
                        return -1;
                    }
                    long wake = segments.isEmpty() ? deadline : Math.min(deadline, arrivals.peek());
                    if (!block || wake != Long.MAX_VALUE && now() >= deadline) {
                        return WOULD_BLOCK;
                    }
                    if (wake == Long.MAX_VALUE) {
                        changed.await();
                    } else {
                        changed.awaitNanos(Math.max(1, wake - now()));
                    }
                }
            } finally {
                lock.unlock();
            }
        }

        /** Whether a read would not wait (data arrived, the end, a reset, a close). Caller holds the lock. */
        boolean readable() {
            return readerClosed || reset || readerShut || segments.isEmpty() && finished
                    || !segments.isEmpty() && arrivals.peek() <= now();
        }

        /** When the first segment not yet arrived arrives, or Long.MAX_VALUE. Caller holds the lock. */
        long nextArrival() {
            return !segments.isEmpty() && arrivals.peek() > now() ? arrivals.peek() : Long.MAX_VALUE;
        }

        void write(byte[] b, int off, int len) throws IOException {
            lock.lock();
            try {
                if (reset) {
                    throw new SocketException("Connection reset");
                }
                if (finished) {
                    throw new SocketException("Socket output is shut down");
                }
                if (len == 0) {
                    return;
                }
                if (!faulty) {
                    lastArrival = now();
                } else {
                    if (faults.reset() > 0 && rng.nextDouble() < faults.reset()) {
                        resetBoth();
                        throw new SocketException("Connection reset (simulated fault)");
                    }
                    long delay = faults.latencyMinNanos()
                            + (faults.latencyMaxNanos() > faults.latencyMinNanos() ? rng.nextLong(faults.latencyMaxNanos() - faults.latencyMinNanos() + 1) : 0);
                    if (faults.drop() > 0 && rng.nextDouble() < faults.drop()) {
                        delay += TimeUnit.MILLISECONDS.toNanos(SimConfig.NetFaults.RETRANSMIT_MILLIS);
                    }
                    lastArrival = faults.arrivalAfterPartitions(Math.max(lastArrival, now() + delay));
                }
                segments.add(java.util.Arrays.copyOfRange(b, off, off + len));
                arrivals.add(lastArrival);
                signal();
            } finally {
                lock.unlock();
            }
        }

        int available() {
            lock.lock();
            try {
                return !segments.isEmpty() && arrivals.peek() <= now() ? segments.peek().length - offset : 0;
            } finally {
                lock.unlock();
            }
        }

        /** The writer shuts its output: the reader sees the end once it has read the rest. */
        void finish() {
            lock.lock();
            try {
                finished = true;
                signal();
            } finally {
                lock.unlock();
            }
        }

        /** The reader closes its socket: its own waits end. */
        void closeReader() {
            lock.lock();
            try {
                readerClosed = true;
                signal();
            } finally {
                lock.unlock();
            }
        }

        /** The reader shuts its input: its reads, and a read waiting now, return -1. */
        void shutReader() {
            lock.lock();
            try {
                readerShut = true;
                signal();
            } finally {
                lock.unlock();
            }
        }

        private void resetBoth() {
            reset = true;
            peer.reset = true;
            signal();
            peer.signal();
        }

        /** Wakes this pipe's reader and every selector. Caller holds the lock. */
        private void signal() {
            changed.signalAll();
            anyChange.signalAll();
        }
    }

    /** Refuses an address other than a loopback one: a run cannot reach the real network. */
    static void checkLoopback(java.net.InetAddress a) throws SocketException {
        if (!a.isLoopbackAddress()) {
            throw new SocketException("the simulated network has loopback addresses only, not " + a
                    + " (a simulated run cannot reach the real network)");
        }
    }

    /** The run's virtual time. */
    long now() {
        return run.elapsedNanos();
    }
}
