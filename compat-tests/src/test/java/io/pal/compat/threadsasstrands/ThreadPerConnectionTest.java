package io.pal.compat.threadsasstrands;

import io.pal.BackendName;
import io.pal.compat.Await;
import io.pal.compat.PlatformThreads;
import io.pal.junit.AllBackends;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Queue;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicInteger;

import static io.pal.compat.threadsasstrands.TasTests.awaitState;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * A thread-per-connection echo server written for platform threads, unchanged: an acceptor thread,
 * {@code new Thread(handler).start()} for every accepted socket, clients on an
 * {@code Executors.newFixedThreadPool}, all plain blocking java.net I/O on loopback. Every connection
 * is open and every handler blocked at once; then every byte is echoed.
 *
 * <p>On coroutines, 4,000 connections (8,001 of the program's threads, all strands) cost fewer than
 * 40 JVM threads above the count before. On threads and virtual, where the program's threads stay
 * platform threads, 500 connections show the echo only (and a thread each).
 */
@AllBackends
@Timeout(value = 300)
class ThreadPerConnectionTest {

    private static final int PAYLOAD = 256;
    private static final int THREAD_LIMIT_ABOVE_START = 40;

    @Test
    void everyByteIsEchoedWhileAllConnectionsAreOpen(BackendName backend) throws Exception {
        int connections = backend == BackendName.COROUTINES ? 4_000 : 500;
        int threadsBefore = PlatformThreads.count();
        CountDownLatch gate = new CountDownLatch(1);
        AtomicInteger arrived = new AtomicInteger();
        Queue<Thread> handlers = new ConcurrentLinkedQueue<>();
        ExecutorService clients = Executors.newFixedThreadPool(connections);
        try (ServerSocket server = new ServerSocket(0, connections, InetAddress.getLoopbackAddress())) {
            Thread acceptor = new Thread(() -> {
                try {
                    for (int i = 0; i < connections; i++) {
                        Socket s = server.accept();
                        Thread h = new Thread(() -> handle(s, arrived, gate), "handler-" + i);
                        handlers.add(h);
                        h.start();
                    }
                } catch (IOException e) {
                    throw new java.io.UncheckedIOException(e);
                }
            }, "acceptor");
            acceptor.start();
            List<Future<byte[]>> echoes = new ArrayList<>(connections);
            for (int i = 0; i < connections; i++) {
                int id = i;
                echoes.add(clients.submit(() -> client(id, server.getLocalPort())));
            }
            acceptor.join();
            // Every handler has read its request: the count is the condition. A handler's state alone
            // cannot say it: one still parked in its socket read is WAITING as well.
            Await.until(arrived.get() + " of " + connections + " handlers read their request",
                    () -> arrived.get() == connections);
            for (Thread h : handlers) {
                awaitState(h, Thread.State.WAITING); // it arrived, so this wait is the gate's
            }
            int threadsWhileOpen = PlatformThreads.count();
            System.out.println("[" + backend.id() + "] " + connections + " connections open, JVM threads "
                    + threadsBefore + " -> " + threadsWhileOpen);
            if (backend == BackendName.COROUTINES) {
                assertTrue(threadsWhileOpen < threadsBefore + THREAD_LIMIT_ABOVE_START,
                        "JVM threads " + threadsBefore + " -> " + threadsWhileOpen);
            }
            gate.countDown();
            for (int i = 0; i < connections; i++) {
                assertArrayEquals(payload(i), echoes.get(i).get(), "echo of connection " + i);
            }
            for (Thread h : handlers) {
                h.join();
            }
        } finally {
            clients.shutdownNow();
        }
    }

    private static byte[] payload(int id) {
        byte[] b = new byte[PAYLOAD];
        Arrays.fill(b, (byte) id);
        b[0] = (byte) (id >> 8);
        return b;
    }

    /** Reads the id and the payload, waits at the gate, echoes both, and expects the client's close. */
    private static void handle(Socket s, AtomicInteger arrived, CountDownLatch gate) {
        try (s) {
            DataInputStream in = new DataInputStream(s.getInputStream());
            DataOutputStream out = new DataOutputStream(s.getOutputStream());
            int id = in.readInt();
            byte[] payload = in.readNBytes(PAYLOAD);
            arrived.incrementAndGet();
            gate.await();
            out.writeInt(id);
            out.write(payload);
            out.flush();
            if (in.read() != -1) {
                throw new IOException("client " + id + " sent more than it should");
            }
        } catch (IOException | InterruptedException e) {
            throw new AssertionError(e);
        }
    }

    /** Sends its id and payload, then blocks reading the echo; returns the echoed payload. */
    private static byte[] client(int id, int port) throws IOException {
        try (Socket s = new Socket(InetAddress.getLoopbackAddress(), port)) {
            DataInputStream in = new DataInputStream(s.getInputStream());
            DataOutputStream out = new DataOutputStream(s.getOutputStream());
            out.writeInt(id);
            out.write(payload(id));
            out.flush();
            assertEquals(id, in.readInt());
            byte[] echoed = in.readNBytes(PAYLOAD);
            s.shutdownOutput();
            assertEquals(-1, in.read());
            return echoed;
        }
    }
}
