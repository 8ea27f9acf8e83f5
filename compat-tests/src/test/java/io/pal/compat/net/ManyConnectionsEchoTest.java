package io.pal.compat.net;

import io.pal.BackendName;
import io.pal.Pal;
import io.pal.Strand;
import io.pal.compat.Latch;
import io.pal.compat.PlatformThreads;
import io.pal.compat.SocketSuite;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.net.ServerSocket;
import java.net.Socket;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;

import static io.pal.compat.net.NetTests.LOOPBACK;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

/**
 * Many loopback connections open at once, every side a strand doing plain blocking java.net I/O,
 * and what they cost in platform threads. The count is {@code -Dpal.net.connections}, default
 * 5,000 (10,000 sockets, half the descriptor limit of the machines pal is tested on, and on the
 * threads backend 10,000 platform threads); the demo's 10,000 connections need
 * {@code -Dpal.net.connections=10000} and {@code ulimit -n} above 20,000.
 *
 * <p>Protocol: each client connects and sends its id, then blocks reading the echo. The server
 * accepts every connection and gives each a handler strand, which reads the id and waits at a gate.
 * Once every id has arrived (so every connection is open) and every client is blocked in its read,
 * the JVM's live platform threads are counted; then the gate opens, each handler echoes the id and
 * a payload, and everything is joined with exact counts.
 */
@SocketSuite
@Timeout(value = 300, threadMode = Timeout.ThreadMode.SEPARATE_THREAD)
class ManyConnectionsEchoTest {

    private static final int CONNECTIONS = Integer.getInteger("pal.net.connections", 5_000);
    private static final int PAYLOAD = 256;

    @Test
    void everyConnectionEchoesWhileAllAreOpenAndBlockedInRead(BackendName backend) throws Exception {
        echoWhileAllWait(backend, Pal.spawn("listen", () -> new ServerSocket(0, CONNECTIONS, LOOPBACK)).join());
    }

    /**
     * A legacy program's shape: the ServerSocket is bound on a plain thread (here the test's, as
     * {@code main} would), and every connection it accepts is served by a strand. Its sockets, and
     * those it accepts, are the JDK's; they must park strands all the same.
     */
    @Test
    void aServerSocketBoundOnAPlainThreadServesEveryConnectionFromStrands(BackendName backend) throws Exception {
        echoWhileAllWait(backend, new ServerSocket(0, CONNECTIONS, LOOPBACK));
    }

    private static void echoWhileAllWait(BackendName backend, ServerSocket ss) throws Exception {
        int threadsBefore = PlatformThreads.count();
        Latch gate = new Latch();
        AtomicInteger arrived = new AtomicInteger();
        try (ss) {
            ss.setSoTimeout(120_000); // a client that failed to connect must not leave the acceptor waiting for ever
            Strand<Integer> server = Pal.spawn("acceptor", () -> serve(ss, arrived, gate));
            List<Strand<Object>> clients = new ArrayList<>(CONNECTIONS);
            for (int i = 0; i < CONNECTIONS; i++) {
                int id = i;
                clients.add(Pal.spawn("client-" + i, () -> {
                    client(id, ss.getLocalPort());
                    return null;
                }));
            }
            PlatformThreads.assertCostOnceAllWait(backend, clients, arrived::get, 2 * CONNECTIONS, threadsBefore);
            assertEquals(CONNECTIONS, arrived.get());
            gate.release();
            for (Strand<Object> c : clients) {
                c.join();
            }
            assertEquals(CONNECTIONS, server.join());
        }
    }

    /** Accepts every connection and hands each to a strand; returns how many echoed. */
    private static int serve(ServerSocket ss, AtomicInteger arrived, Latch gate) throws Exception {
        List<Strand<Object>> handlers = new ArrayList<>(CONNECTIONS);
        for (int i = 0; i < CONNECTIONS; i++) {
            Socket s = ss.accept();
            handlers.add(Pal.spawn(() -> {
                handle(s, arrived, gate);
                return null;
            }));
        }
        for (Strand<Object> h : handlers) {
            h.join();
        }
        return handlers.size();
    }

    private static void handle(Socket s, AtomicInteger arrived, Latch gate) throws Exception {
        try (s) {
            DataInputStream in = new DataInputStream(s.getInputStream());
            DataOutputStream out = new DataOutputStream(s.getOutputStream());
            int id = in.readInt();
            arrived.incrementAndGet();
            gate.await();
            out.writeInt(id);
            out.write(in.readNBytes(PAYLOAD));
            if (in.read() != -1) {
                throw new IOException("client " + id + " sent more than it should");
            }
        }
    }

    private static void client(int id, int port) throws IOException {
        try (Socket s = new Socket(LOOPBACK, port)) {
            DataInputStream in = new DataInputStream(s.getInputStream());
            DataOutputStream out = new DataOutputStream(s.getOutputStream());
            out.writeInt(id);
            assertEquals(id, in.readInt()); // blocks until the gate opens
            byte[] payload = new byte[PAYLOAD];
            Arrays.fill(payload, (byte) id);
            out.write(payload);
            assertArrayEquals(payload, in.readNBytes(PAYLOAD));
            s.shutdownOutput();
            assertEquals(-1, in.read());
        }
    }
}
