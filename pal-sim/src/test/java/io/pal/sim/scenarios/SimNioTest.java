package io.pal.sim.scenarios;

import io.pal.sim.Outcome;
import io.pal.sim.SimRunner;
import io.pal.spi.SimConfig;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.net.ConnectException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.SocketException;
import java.nio.ByteBuffer;
import java.nio.channels.AsynchronousCloseException;
import java.nio.channels.ClosedByInterruptException;
import java.nio.channels.SelectionKey;
import java.nio.channels.Selector;
import java.nio.channels.ServerSocketChannel;
import java.nio.channels.SocketChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * NIO channels between the strands of a run go through its in-memory network, as sockets do: no
 * kernel descriptor, reads whose sizes the seed chooses, faults drawn from the seed, timeouts and
 * latency on virtual time, and a Selector that waits on virtual time too.
 */
@Timeout(120)
class SimNioTest {

    private static SimConfig config(long seed, String net) {
        return new SimConfig(seed, SimConfig.Strategy.RANDOM, 3, 1_000_000, false, SimConfig.DEFAULT_EPOCH,
                SimConfig.NetFaults.parse(net));
    }

    private static void passes(Outcome o) {
        assertEquals(Outcome.Kind.PASSED, o.kind(), o.reason());
    }

    private static long openDescriptors() throws IOException {
        try (Stream<Path> fds = Files.list(Path.of("/proc/self/fd"))) {
            return fds.count();
        }
    }

    private static ServerSocketChannel listen() throws IOException {
        return ServerSocketChannel.open().bind(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0));
    }

    /** What one run of the echo saw: the bytes the client got back, the sizes of its reads, descriptors taken. */
    private record Echo(byte[] received, List<Integer> reads, long descriptorsTaken, Outcome outcome) {
    }

    /**
     * A client strand sends three messages in one gathering write and shuts its output; a server
     * strand echoes what it reads with scattering reads until the end; the client reads to the end.
     */
    private static Echo echo(long seed) {
        ByteArrayOutputStream received = new ByteArrayOutputStream();
        List<Integer> reads = new ArrayList<>();
        long[] taken = new long[1];
        Outcome o = SimRunner.run(config(seed, ""), () -> {
            long before = openDescriptors();
            try (ServerSocketChannel server = listen()) {
                int port = ((InetSocketAddress) server.getLocalAddress()).getPort();
                Thread echoer = new Thread(() -> {
                    try (SocketChannel s = server.accept()) {
                        ByteBuffer[] two = {ByteBuffer.allocate(7), ByteBuffer.allocate(64)};
                        while (s.read(two) >= 0) {
                            for (ByteBuffer b : two) {
                                b.flip();
                            }
                            s.write(two);
                            for (ByteBuffer b : two) {
                                b.clear();
                            }
                        }
                    } catch (IOException e) {
                        throw new AssertionError(e);
                    }
                });
                echoer.start();
                try (SocketChannel c = SocketChannel.open(new InetSocketAddress(InetAddress.getLoopbackAddress(), port))) {
                    taken[0] = openDescriptors() - before;
                    ByteBuffer[] message = {bytes("one,"), bytes("two,"), bytes("three and the rest of a longer message")};
                    long total = c.write(message);
                    assertEquals(46, total);
                    c.shutdownOutput();
                    ByteBuffer in = ByteBuffer.allocate(100);
                    for (int n; (n = c.read(in)) >= 0; ) {
                        reads.add(n);
                    }
                    received.write(in.array(), 0, in.position());
                }
                echoer.join();
            }
        }, System.err);
        return new Echo(received.toByteArray(), reads, taken[0], o);
    }

    private static ByteBuffer bytes(String s) {
        return ByteBuffer.wrap(s.getBytes(StandardCharsets.US_ASCII));
    }

    @Test
    void anEchoIsByteAndTraceIdenticalUnderOneSeedAndTakesNoKernelDescriptor() {
        Echo a = echo(11);
        Echo b = echo(11);
        passes(a.outcome());
        passes(b.outcome());
        assertEquals("one,two,three and the rest of a longer message", new String(a.received(), StandardCharsets.US_ASCII));
        assertArrayEquals(a.received(), b.received());
        assertEquals(a.reads(), b.reads());
        assertEquals(a.outcome().trace(), b.outcome().trace());
        assertEquals(a.outcome().steps(), b.outcome().steps());
        assertEquals(0, a.descriptorsTaken(), "a server, an accepted and a connected channel took kernel descriptors");
    }

    /** One write of 1,000 bytes; the sizes of the reads that took it. */
    private static List<Integer> readSizes(long seed) {
        List<Integer> sizes = new ArrayList<>();
        passes(SimRunner.run(config(seed, ""), () -> {
            try (ServerSocketChannel server = listen();
                 SocketChannel c = SocketChannel.open(server.getLocalAddress());
                 SocketChannel s = server.accept()) {
                c.write(ByteBuffer.allocate(1000));
                c.close();
                ByteBuffer buf = ByteBuffer.allocate(4096);
                for (int n; (n = s.read(buf)) >= 0; ) {
                    sizes.add(n);
                }
                assertEquals(1000, buf.position());
            }
        }, System.err));
        return sizes;
    }

    @Test
    void aWriteArrivesInReadsWhoseSizesTheSeedChooses() {
        List<Integer> a = readSizes(5);
        assertEquals(a, readSizes(5));
        assertTrue(a.size() > 1, "one write arrived in one read: " + a);
        Set<List<Integer>> seen = new HashSet<>();
        for (long seed = 0; seed < 10; seed++) {
            seen.add(readSizes(seed));
        }
        assertTrue(seen.size() > 5, "10 seeds segmented one write only " + seen.size() + " ways");
    }

    @Test
    void aResetFaultAndAPartitionReachChannels() {
        passes(SimRunner.run(config(2, "reset=1"), () -> {
            try (ServerSocketChannel server = listen();
                 SocketChannel c = SocketChannel.open(server.getLocalAddress());
                 SocketChannel s = server.accept()) {
                SocketException e = assertThrows(SocketException.class, () -> c.write(ByteBuffer.allocate(1)));
                assertTrue(e.getMessage().contains("reset"), e.getMessage());
                assertThrows(SocketException.class, () -> s.read(ByteBuffer.allocate(1)));
            }
        }, System.err));
        long[] arrived = new long[2];
        passes(SimRunner.run(config(3, "latency=10-10ms,partition=100-400ms"), () -> {
            try (ServerSocketChannel server = listen();
                 SocketChannel c = SocketChannel.open(server.getLocalAddress());
                 SocketChannel s = server.accept()) {
                long t0 = System.nanoTime();
                c.write(ByteBuffer.wrap(new byte[] {1}));           // due at 10 ms
                assertEquals(1, s.read(ByteBuffer.allocate(1)));
                arrived[0] = System.nanoTime() - t0;
                Thread.sleep(150);
                c.write(ByteBuffer.wrap(new byte[] {2}));           // due at 170 ms, inside the partition: held to 400
                assertEquals(1, s.read(ByteBuffer.allocate(1)));
                arrived[1] = System.nanoTime() - t0;
            }
        }, System.err));
        assertEquals(List.of(10L, 400L), java.util.Arrays.stream(arrived).map(TimeUnit.NANOSECONDS::toMillis).boxed().toList());
    }

    @Test
    void aBlockedReadEndsByCloseOrInterruptAsTheJdksDoes() {
        passes(SimRunner.run(config(4, ""), () -> {
            try (ServerSocketChannel server = listen();
                 SocketChannel c = SocketChannel.open(server.getLocalAddress());
                 SocketChannel s = server.accept()) {
                Thread closer = new Thread(() -> {
                    try {
                        Thread.sleep(5);
                        s.close();
                    } catch (Exception e) {
                        throw new AssertionError(e);
                    }
                });
                closer.start();
                assertThrows(AsynchronousCloseException.class, () -> s.read(ByteBuffer.allocate(1)));
                closer.join();
            }
            try (ServerSocketChannel server = listen();
                 SocketChannel c = SocketChannel.open(server.getLocalAddress());
                 SocketChannel s = server.accept()) {
                Thread me = Thread.currentThread();
                Thread interrupter = new Thread(() -> {
                    try {
                        Thread.sleep(5);
                    } catch (InterruptedException e) {
                        throw new AssertionError(e);
                    }
                    me.interrupt();
                });
                interrupter.start();
                assertThrows(ClosedByInterruptException.class, () -> c.read(ByteBuffer.allocate(1)));
                assertTrue(Thread.interrupted(), "the interrupt status was cleared");
                assertFalse(c.isOpen(), "an interrupted read left the channel open");
                interrupter.join();
            }
        }, System.err));
    }

    @Test
    void nothingListeningRefusesAndOnlyLoopbackIsReachable() {
        passes(SimRunner.run(config(1, ""), () -> {
            assertThrows(ConnectException.class, () -> SocketChannel.open(new InetSocketAddress(InetAddress.getLoopbackAddress(), 4444)));
            assertThrows(SocketException.class, () -> SocketChannel.open(new InetSocketAddress(InetAddress.getByAddress(new byte[] {10, 0, 0, 1}), 80)));
        }, System.err));
    }

    /**
     * A channel's socket adaptors (what libraries that set options through {@code channel.socket()}
     * use) are views of the channel: their accept and read wait at most SO_TIMEOUT, on virtual time,
     * and their streams carry the channel's bytes.
     */
    @Test
    void theSocketAdaptorsTimeOutOnVirtualTimeAndCarryTheChannelsBytes() {
        passes(SimRunner.run(config(8, ""), () -> {
            try (ServerSocketChannel server = ServerSocketChannel.open()) {
                java.net.ServerSocket ss = server.socket();
                ss.bind(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0));
                ss.setSoTimeout(200);
                long t0 = System.nanoTime();
                assertThrows(java.net.SocketTimeoutException.class, ss::accept);
                assertEquals(200, TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - t0));
                try (SocketChannel c = SocketChannel.open()) {
                    java.net.Socket client = c.socket();
                    client.setTcpNoDelay(true);
                    client.connect(ss.getLocalSocketAddress());
                    assertTrue(client.getTcpNoDelay());
                    assertEquals(ss.getLocalPort(), client.getPort());
                    try (java.net.Socket accepted = ss.accept()) {
                        assertSame(accepted, accepted.getChannel().socket());
                        accepted.setSoTimeout(90_000);
                        long t1 = System.nanoTime();
                        assertThrows(java.net.SocketTimeoutException.class, () -> accepted.getInputStream().read());
                        assertEquals(90_000, TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - t1));
                        client.getOutputStream().write("hi".getBytes(StandardCharsets.US_ASCII));
                        client.shutdownOutput();
                        assertEquals("hi", new String(accepted.getInputStream().readAllBytes(), StandardCharsets.US_ASCII));
                    }
                }
            }
        }, System.err));
    }

    /** {@code Pipe.open()} in a run is in memory too: a select on its source waits for the sink's write. */
    @Test
    void aPipeIsInMemoryAndASelectWaitsForItsWrite() {
        passes(SimRunner.run(config(9, "latency=7-7ms"), () -> {
            long before = openDescriptors();
            java.nio.channels.Pipe pipe = java.nio.channels.Pipe.open();
            try (Selector selector = Selector.open()) {
                assertEquals(0, openDescriptors() - before, "a pipe and a selector took kernel descriptors");
                pipe.source().configureBlocking(false);
                pipe.source().register(selector, SelectionKey.OP_READ);
                Thread writer = new Thread(() -> {
                    try {
                        Thread.sleep(30);
                        pipe.sink().write(bytes("ping"));
                        pipe.sink().close();
                    } catch (Exception e) {
                        throw new AssertionError(e);
                    }
                });
                writer.start();
                long t0 = System.nanoTime();
                assertEquals(1, selector.select());
                assertEquals(30, TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - t0), "a pipe took the network's latency (30 ms is the writer's sleep alone)");
                ByteBuffer got = ByteBuffer.allocate(16);
                while (pipe.source().read(got) >= 0) {
                    selector.selectedKeys().clear();
                    selector.select();
                }
                assertEquals("ping", new String(got.array(), 0, got.position(), StandardCharsets.US_ASCII));
                writer.join();
            } finally {
                pipe.source().close();
            }
        }, System.err));
    }

    /**
     * A non-blocking server on one Selector echoes three clients; every segment takes 5 ms each way,
     * so each client has its echo exactly 10 virtual ms after it wrote: the selector waited on the
     * virtual clock for arrivals that signal nothing when they become due.
     */
    @Test
    void aSelectorServesClientsOnVirtualTime() {
        List<Long> waits = new ArrayList<>();
        passes(SimRunner.run(config(6, "latency=5-5ms"), () -> {
            try (ServerSocketChannel server = listen(); Selector selector = Selector.open()) {
                server.configureBlocking(false);
                server.register(selector, SelectionKey.OP_ACCEPT);
                List<Thread> clients = new ArrayList<>();
                for (int i = 0; i < 3; i++) {
                    String text = "client-" + i;
                    Thread t = new Thread(() -> {
                        try (SocketChannel c = SocketChannel.open(server.getLocalAddress())) {
                            long t0 = System.nanoTime();
                            c.write(bytes(text));
                            ByteBuffer back = ByteBuffer.allocate(text.length());
                            while (back.hasRemaining()) {
                                assertTrue(c.read(back) > 0, "the echo ended early");
                            }
                            synchronized (waits) {
                                waits.add(TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - t0));
                            }
                            assertEquals(text, new String(back.array(), StandardCharsets.US_ASCII));
                        } catch (IOException e) {
                            throw new AssertionError(e);
                        }
                    });
                    t.start();
                    clients.add(t);
                }
                int ended = 0;
                while (ended < 3) {
                    selector.select();
                    for (var it = selector.selectedKeys().iterator(); it.hasNext(); ) {
                        SelectionKey k = it.next();
                        it.remove();
                        if (k.isAcceptable()) {
                            SocketChannel s = server.accept();
                            if (s != null) {
                                s.configureBlocking(false);
                                s.register(selector, SelectionKey.OP_READ);
                            }
                        } else if (k.isReadable()) {
                            SocketChannel s = (SocketChannel) k.channel();
                            ByteBuffer buf = ByteBuffer.allocate(64);
                            int n = s.read(buf);
                            if (n < 0) {
                                s.close();
                                ended++;
                            } else {
                                buf.flip();
                                s.write(buf);
                            }
                        }
                    }
                }
                for (Thread t : clients) {
                    t.join();
                }
                long t0 = System.nanoTime();
                assertEquals(0, selector.select(250));
                assertEquals(250, TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - t0));
                Thread waker = new Thread(() -> {
                    try {
                        Thread.sleep(40);
                    } catch (InterruptedException e) {
                        throw new AssertionError(e);
                    }
                    selector.wakeup();
                });
                waker.start();
                long t1 = System.nanoTime();
                assertEquals(0, selector.select());
                assertEquals(40, TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - t1));
                waker.join();
            }
        }, System.err));
        assertEquals(List.of(10L, 10L, 10L), waits);
    }
}
