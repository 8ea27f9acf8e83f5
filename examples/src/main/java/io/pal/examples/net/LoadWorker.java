package io.pal.examples.net;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.StandardSocketOptions;
import java.nio.channels.CancelledKeyException;
import java.nio.channels.SelectionKey;
import java.nio.channels.Selector;
import java.nio.channels.SocketChannel;
import java.util.ArrayList;
import java.util.List;

/**
 * One thread of the {@link LoadGenerator}: a selector over its share of the connections.
 *
 * <ol>
 *   <li>Connect: opens its connections, at most {@code window} not yet answered at a time, and sends
 *       each a first request as soon as it is connected; a first answer counts it as ready.</li>
 *   <li>Wait for the start (every connection of every worker ready).</li>
 *   <li>Load: each connection sends its next request as soon as the last is answered; responses that
 *       complete in [measureStart, measureEnd) are counted and their latencies recorded.</li>
 *   <li>Drain: at measureEnd no new request is sent; the outstanding ones are awaited up to
 *       {@code drain}, so that the total is exactly what the server answered; then close everything.</li>
 * </ol>
 */
final class LoadWorker implements Runnable {

    private static final long DRAIN_NANOS = 2_000_000_000L;

    /** Configuration and the phases, shared with the coordinator. */
    private final LoadGenerator.Run run;
    /** Connections this worker opens. */
    private final int quota;
    /** Index of this worker's first connection, to spread source addresses. */
    private final int firstIndex;
    /** Its connections, in the order opened. */
    private final List<LoadConnection> connections = new ArrayList<>();
    private final Selector selector;

    /** Latencies of the measured responses, in nanoseconds. Read by the coordinator after join. */
    final LatencyHistogram latencies = new LatencyHistogram();
    /** Responses inside the measured window. Read after join. */
    long measured;
    /** Every response, first ones and warm-up included. Read after join. */
    long total;
    /** Connections that failed (connect or I/O). Read after join. */
    int failed;
    /** The first failure's description, or null. Read after join. */
    String firstFailure;
    /** Connections that completed no response in the measured window. Read after join. */
    int silent;

    /** Connections opened or attempted. */
    private int opened;
    private int answered;
    private boolean started;
    private long drainUntil = Long.MAX_VALUE;

    LoadWorker(LoadGenerator.Run run, int firstIndex, int quota) throws IOException {
        this.run = run;
        this.firstIndex = firstIndex;
        this.quota = quota;
        this.selector = Selector.open();
    }

    void wakeup() {
        selector.wakeup();
    }

    @Override
    public void run() {
        try {
            loop();
        } catch (IOException | RuntimeException e) {
            fail(null, e);
        } finally {
            for (LoadConnection c : connections) {
                if (c.answered && c.measured == 0) {
                    silent++;
                }
                close(c);
            }
            try {
                selector.close();
            } catch (IOException ignored) {
                // nothing registered any more
            }
        }
    }

    private void loop() throws IOException {
        while (!run.aborted) {
            openMore();
            if (!started && run.started) {
                started = true;
                for (LoadConnection c : connections) {
                    if (c.answered && !c.awaiting && c.channel.isOpen()) {
                        send(c);
                    }
                }
            }
            long now = System.nanoTime();
            if (started && now - run.measureEnd >= 0) {
                if (drainUntil == Long.MAX_VALUE) {
                    drainUntil = now + DRAIN_NANOS;
                }
                if (outstanding() == 0 || now - drainUntil >= 0) {
                    return;
                }
            }
            long waitMillis = started && drainUntil == Long.MAX_VALUE
                    ? Math.max(1, Math.min(50, (run.measureEnd - now) / 1_000_000)) : 50;
            selector.select(waitMillis);
            for (SelectionKey key : selector.selectedKeys()) {
                handle((LoadConnection) key.attachment(), key);
            }
            selector.selectedKeys().clear();
        }
    }

    private void openMore() {
        while (opened < quota && opened - answered - failed < run.config.window()) {
            int index = firstIndex + opened++;
            SocketChannel ch = null;
            try {
                ch = SocketChannel.open();
                ch.configureBlocking(false);
                ch.setOption(StandardSocketOptions.TCP_NODELAY, true);
                if (!run.config.sources().isEmpty()) {
                    ch.bind(new InetSocketAddress(run.config.sources().get(index % run.config.sources().size()), 0));
                }
                SelectionKey key = ch.register(selector, 0);
                Exchange ex = run.config.exchange();
                LoadConnection c = new LoadConnection(ch, key, Math.max(ex.responseCapacity(), 256), ex.responseCapacity());
                key.attach(c);
                connections.add(c);
                if (ch.connect(run.config.server())) {
                    send(c);
                } else {
                    key.interestOps(SelectionKey.OP_CONNECT);
                }
            } catch (IOException e) {
                if (ch != null) {
                    close(ch);
                }
                fail(null, e);
            }
        }
    }

    private void handle(LoadConnection c, SelectionKey key) {
        try {
            if (key.isConnectable()) {
                if (c.channel.finishConnect()) {
                    send(c);
                }
                return;
            }
            if (key.isWritable()) {
                writeRest(c);
            }
            if (key.isReadable()) {
                read(c);
            }
        } catch (IOException | CancelledKeyException e) {
            fail(c, e);
        }
    }

    private void send(LoadConnection c) throws IOException {
        c.request.clear();
        run.config.exchange().request(c.seq++, c.request);
        c.response.clear();
        c.awaiting = true;
        c.sentAt = System.nanoTime();
        writeRest(c);
    }

    private void writeRest(LoadConnection c) throws IOException {
        c.channel.write(c.request);
        c.key.interestOps(c.request.hasRemaining() ? SelectionKey.OP_READ | SelectionKey.OP_WRITE : SelectionKey.OP_READ);
    }

    private void read(LoadConnection c) throws IOException {
        if (c.channel.read(c.response) < 0) {
            throw new IOException("the server closed the connection");
        }
        if (!c.awaiting || !run.config.exchange().complete(c.response, c.request)) {
            if (!c.awaiting && c.response.position() > 0) {
                throw new IOException("the server sent bytes nobody asked for");
            }
            return;
        }
        long now = System.nanoTime();
        c.awaiting = false;
        total++;
        if (!c.answered) {
            c.answered = true;
            answered++;
            run.ready.incrementAndGet();
        } else if (started && now - run.measureStart >= 0 && now - run.measureEnd < 0) {
            latencies.record(now - c.sentAt);
            measured++;
            c.measured++;
        }
        if (started && drainUntil == Long.MAX_VALUE && now - run.measureEnd < 0) {
            send(c);
        } else {
            c.key.interestOps(SelectionKey.OP_READ); // to see a close or stray bytes
        }
    }

    private int outstanding() {
        int n = 0;
        for (LoadConnection c : connections) {
            if (c.awaiting && c.channel.isOpen()) {
                n++;
            }
        }
        return n;
    }

    private void fail(LoadConnection c, Exception e) {
        failed++;
        run.failed.incrementAndGet();
        if (firstFailure == null) {
            firstFailure = e.getClass().getSimpleName() + (e.getMessage() == null ? "" : ": " + e.getMessage());
        }
        if (c != null) {
            c.awaiting = false;
            close(c);
        }
    }

    private static void close(LoadConnection c) {
        if (c != null) {
            close(c.channel);
        }
    }

    private static void close(SocketChannel ch) {
        try {
            ch.close();
        } catch (IOException ignored) {
            // closing: nothing to do about it
        }
    }
}
