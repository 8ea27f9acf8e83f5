package io.pal.compat.net;

import io.pal.BackendName;
import io.pal.Pal;
import io.pal.Strand;
import io.pal.compat.Await;
import io.pal.compat.SocketSuite;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

import java.net.DatagramPacket;
import java.net.DatagramSocket;
import java.net.InetSocketAddress;
import java.net.SocketException;
import java.net.SocketTimeoutException;
import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutionException;

import static io.pal.compat.net.NetTests.LOOPBACK;
import static io.pal.compat.net.NetTests.awaitSuspendedUnlessThreads;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

/**
 * java.net.DatagramSocket from strands: a receive parks until a datagram arrives, SO_TIMEOUT, a
 * close from another strand, an interrupt, and many receivers waiting at once. The sockets are
 * made by this plain thread, as a program's {@code main} would make them.
 */
@SocketSuite
@Timeout(value = 120, threadMode = Timeout.ThreadMode.SEPARATE_THREAD)
class DatagramTest {

    /** Receivers waiting at once: many more than carriers. */
    private static final int RECEIVERS = 200;

    @Test
    void manyReceivesParkUntilTheirDatagramsArrive(BackendName backend) throws Exception {
        List<DatagramSocket> sockets = new ArrayList<>();
        try (DatagramSocket sender = new DatagramSocket()) {
            for (int i = 0; i < RECEIVERS; i++) {
                sockets.add(new DatagramSocket(new InetSocketAddress(LOOPBACK, 0)));
            }
            List<Strand<Integer>> receivers = new ArrayList<>();
            for (DatagramSocket s : sockets) {
                receivers.add(Pal.spawn("receiver", () -> receiveInt(s)));
            }
            for (Strand<Integer> r : receivers) {
                awaitSuspendedUnlessThreads(r, backend);
            }
            Pal.spawn("sender", () -> {
                for (int i = 0; i < RECEIVERS; i++) {
                    byte[] b = ByteBuffer.allocate(4).putInt(i).array();
                    sender.send(new DatagramPacket(b, b.length, sockets.get(i).getLocalSocketAddress()));
                }
                return null;
            }).join(Await.LIMIT);
            for (int i = 0; i < RECEIVERS; i++) {
                assertEquals(i, receivers.get(i).join(Await.LIMIT));
            }
        } finally {
            sockets.forEach(DatagramSocket::close);
        }
    }

    @Test
    void aReceiveTimesOutAndTheSocketStaysUsable() throws Exception {
        try (DatagramSocket s = new DatagramSocket(new InetSocketAddress(LOOPBACK, 0)); DatagramSocket sender = new DatagramSocket()) {
            s.setSoTimeout(50);
            Strand<Integer> r = Pal.spawn("receiver", () -> {
                assertEquals("Receive timed out", assertThrows(SocketTimeoutException.class, () -> receiveInt(s)).getMessage());
                byte[] b = ByteBuffer.allocate(4).putInt(9).array();
                sender.send(new DatagramPacket(b, b.length, s.getLocalSocketAddress()));
                return receiveInt(s);
            });
            assertEquals(9, r.join(Await.LIMIT));
        }
    }

    @Test
    void aCloseFromAnotherStrandEndsABlockedReceive(BackendName backend) throws Exception {
        DatagramSocket s = new DatagramSocket(new InetSocketAddress(LOOPBACK, 0));
        Strand<Integer> r = Pal.spawn("receiver", () -> receiveInt(s));
        awaitSuspendedUnlessThreads(r, backend);
        if (backend == BackendName.THREADS) {
            Await.until("the receiver blocked in receive", () -> NetTests.blockedInNative("receiver", "DatagramChannelImpl"));
        }
        Pal.spawn("closer", () -> {
            s.close();
            return null;
        }).join(Await.LIMIT);
        ExecutionException e = assertThrows(ExecutionException.class, () -> r.join(Await.LIMIT));
        SocketException se = assertInstanceOf(SocketException.class, e.getCause());
        assertEquals("Socket closed", se.getMessage());
    }

    /** As a virtual thread's: the socket is closed and the receive throws "Closed by interrupt"; a platform thread's receive ignores interrupts. */
    @Test
    void anInterruptedReceiveClosesTheSocket(BackendName backend) throws Exception {
        assumeTrue(backend != BackendName.THREADS, "a platform thread's DatagramSocket receive ignores interrupts (the JDK's rule)");
        try (DatagramSocket s = new DatagramSocket(new InetSocketAddress(LOOPBACK, 0))) {
            Strand<Integer> r = Pal.spawn("receiver", () -> receiveInt(s));
            awaitSuspendedUnlessThreads(r, backend);
            r.interrupt();
            ExecutionException e = assertThrows(ExecutionException.class, () -> r.join(Await.LIMIT));
            assertEquals("Closed by interrupt", assertInstanceOf(SocketException.class, e.getCause()).getMessage());
            assertTrue(s.isClosed());
        }
    }

    private static int receiveInt(DatagramSocket s) throws java.io.IOException {
        DatagramPacket p = new DatagramPacket(new byte[16], 16);
        s.receive(p);
        return ByteBuffer.wrap(p.getData(), 0, p.getLength()).getInt();
    }
}
