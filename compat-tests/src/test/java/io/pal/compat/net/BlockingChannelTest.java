package io.pal.compat.net;

import io.pal.BackendName;
import io.pal.Pal;
import io.pal.Strand;
import io.pal.compat.Await;
import io.pal.compat.Latch;
import io.pal.compat.PlatformThreads;
import io.pal.compat.SocketSuite;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

import java.io.EOFException;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.nio.ByteBuffer;
import java.nio.channels.AsynchronousCloseException;
import java.nio.channels.ClosedByInterruptException;
import java.nio.channels.DatagramChannel;
import java.nio.channels.Pipe;
import java.nio.channels.ReadableByteChannel;
import java.nio.channels.ServerSocketChannel;
import java.nio.channels.SocketChannel;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.atomic.AtomicInteger;

import static io.pal.compat.net.NetTests.LOOPBACK;
import static io.pal.compat.net.NetTests.awaitSuspendedUnlessThreads;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * java.nio's selectable channels in blocking mode, used by strands: SocketChannel,
 * ServerSocketChannel, Pipe's source and sink, and DatagramChannel. A strand blocked in one parks;
 * a close from another strand ends the call with AsynchronousCloseException, and an interrupt with
 * ClosedByInterruptException (channels are interruptible for every kind of thread).
 */
@SocketSuite
@Timeout(value = 300, threadMode = Timeout.ThreadMode.SEPARATE_THREAD)
class BlockingChannelTest {

    /** {@code -Dpal.net.channelConnections}, default 2,000. */
    private static final int CONNECTIONS = Integer.getInteger("pal.net.channelConnections", 2_000);

    /**
     * A ServerSocketChannel opened by a plain thread (the test's, as {@code main} would), whose
     * accepted channels are served by strands, and blocking SocketChannel clients in strands; every
     * client waits for its answer at once before any is given.
     */
    @Test
    void aServerChannelOpenedOnAPlainThreadServesBlockingClientsInStrands(BackendName backend) throws Exception {
        int threadsBefore = PlatformThreads.count();
        Latch gate = new Latch();
        AtomicInteger arrived = new AtomicInteger();
        try (ServerSocketChannel ssc = ServerSocketChannel.open()) {
            ssc.bind(new InetSocketAddress(LOOPBACK, 0), CONNECTIONS);
            InetSocketAddress address = (InetSocketAddress) ssc.getLocalAddress();
            Strand<Integer> acceptor = Pal.spawn("acceptor", () -> serve(ssc, arrived, gate));
            List<Strand<Object>> clients = new ArrayList<>(CONNECTIONS);
            for (int i = 0; i < CONNECTIONS; i++) {
                int id = i;
                clients.add(Pal.spawn("client-" + i, () -> {
                    client(id, address);
                    return null;
                }));
            }
            PlatformThreads.assertCostOnceAllWait(backend, clients, arrived::get, 2 * CONNECTIONS, threadsBefore);
            gate.release();
            for (Strand<Object> c : clients) {
                c.join(Await.LIMIT);
            }
            assertEquals(CONNECTIONS, acceptor.join(Await.LIMIT));
        }
    }

    private static int serve(ServerSocketChannel ssc, AtomicInteger arrived, Latch gate) throws Exception {
        List<Strand<Object>> handlers = new ArrayList<>(CONNECTIONS);
        for (int i = 0; i < CONNECTIONS; i++) {
            SocketChannel sc = ssc.accept();
            handlers.add(Pal.spawn(() -> {
                try (sc) {
                    ByteBuffer id = readFully(sc, 4);
                    arrived.incrementAndGet();
                    gate.await();
                    sc.write(id.flip());
                    if (sc.read(ByteBuffer.allocate(1)) != -1) {
                        throw new IOException("a client sent more than its id");
                    }
                }
                return null;
            }));
        }
        for (Strand<Object> h : handlers) {
            h.join();
        }
        return handlers.size();
    }

    private static void client(int id, InetSocketAddress address) throws IOException {
        try (SocketChannel sc = SocketChannel.open(address)) {
            sc.write(ByteBuffer.allocate(4).putInt(id).flip());
            assertEquals(id, readFully(sc, 4).getInt(0)); // waits until the gate opens
            sc.shutdownOutput();
            assertEquals(-1, sc.read(ByteBuffer.allocate(1)));
        }
    }

    private static ByteBuffer readFully(ReadableByteChannel ch, int n) throws IOException {
        ByteBuffer b = ByteBuffer.allocate(n);
        while (b.hasRemaining()) {
            if (ch.read(b) < 0) {
                throw new EOFException("after " + b.position() + " of " + n + " bytes");
            }
        }
        return b;
    }

    @Test
    void aPipeCarriesBytesBetweenStrandsThatWaitOnIt(BackendName backend) throws Exception {
        Pipe pipe = Pipe.open();
        try (Pipe.SourceChannel source = pipe.source(); Pipe.SinkChannel sink = pipe.sink()) {
            Strand<Integer> reader = Pal.spawn("pipe-reader", () -> readFully(source, 4).getInt(0));
            awaitSuspendedUnlessThreads(reader, backend);
            Pal.spawn("pipe-writer", () -> sink.write(ByteBuffer.allocate(4).putInt(42).flip())).join(Await.LIMIT);
            assertEquals(42, reader.join(Await.LIMIT));
        }
    }

    @Test
    void aDatagramChannelReceiveParksUntilADatagramArrives(BackendName backend) throws Exception {
        try (DatagramChannel receiver = DatagramChannel.open().bind(new InetSocketAddress(LOOPBACK, 0));
             DatagramChannel sender = DatagramChannel.open()) {
            Strand<Integer> reader = Pal.spawn("receiver", () -> {
                ByteBuffer b = ByteBuffer.allocate(16);
                receiver.receive(b);
                return b.flip().getInt();
            });
            awaitSuspendedUnlessThreads(reader, backend);
            Pal.spawn("sender", () -> sender.send(ByteBuffer.allocate(4).putInt(7).flip(), receiver.getLocalAddress()))
                    .join(Await.LIMIT);
            assertEquals(7, reader.join(Await.LIMIT));
        }
    }

    @Test
    @SuppressWarnings("try") // the sink only keeps the pipe open
    void aCloseFromAnotherStrandEndsABlockedChannelRead(BackendName backend) throws Exception {
        Pipe pipe = Pipe.open();
        try (Pipe.SinkChannel sink = pipe.sink()) {
            Pipe.SourceChannel source = pipe.source();
            Strand<Integer> reader = Pal.spawn("pipe-reader-closed", () -> source.read(ByteBuffer.allocate(1)));
            awaitSuspendedUnlessThreads(reader, backend);
            if (backend == BackendName.THREADS) {
                Await.until("the reader blocked in the pipe", () -> NetTests.blockedInNative("pipe-reader-closed", "SourceChannelImpl"));
            }
            source.close();
            ExecutionException e = assertThrows(ExecutionException.class, () -> reader.join(Await.LIMIT));
            assertInstanceOf(AsynchronousCloseException.class, e.getCause());
        }
    }

    @Test
    void anInterruptEndsABlockedChannelReadAndClosesTheChannel(BackendName backend) throws Exception {
        Pipe pipe = Pipe.open();
        try (Pipe.SourceChannel source = pipe.source(); Pipe.SinkChannel sink = pipe.sink()) {
            Strand<Integer> reader = Pal.spawn("pipe-reader", () -> source.read(ByteBuffer.allocate(1)));
            awaitSuspendedUnlessThreads(reader, backend); // on threads an interrupt before the read closes the pipe as well
            reader.interrupt();
            ExecutionException e = assertThrows(ExecutionException.class, () -> reader.join(Await.LIMIT));
            assertInstanceOf(ClosedByInterruptException.class, e.getCause());
            assertFalse(source.isOpen());
            assertTrue(sink.isOpen());
        }
    }
}
