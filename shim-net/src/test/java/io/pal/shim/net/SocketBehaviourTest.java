package io.pal.shim.net;

import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.ConnectException;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.net.SocketException;
import java.net.SocketTimeoutException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

import static io.pal.shim.net.NetTestSupport.addressOf;
import static io.pal.shim.net.NetTestSupport.awaitBlockedInSocketWait;
import static io.pal.shim.net.NetTestSupport.awaitCondition;
import static io.pal.shim.net.NetTestSupport.listen;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Every socket behaviour run twice, with the same assertions: as the JDK runs it (the reference)
 * and through pal's park points for a caller that shares a carrier, so a difference fails one.
 */
@SuppressWarnings("try") // closing a socket inside its try-with-resources is what these tests exercise
@Timeout(30)
class SocketBehaviourTest extends ShimTestBase {

    private static final byte[] HELLO = "hello".getBytes(StandardCharsets.US_ASCII);

    @ParameterizedTest
    @EnumSource(Impl.class)
    void connectAcceptAndEchoThroughTheStreams(Impl impl) throws Exception {
        use(impl);
        try (ServerSocket ss = listen(); Socket c = new Socket()) {
            c.connect(addressOf(ss));
            try (Socket s = ss.accept()) {
                c.getOutputStream().write(HELLO);
                assertArrayEquals(HELLO, s.getInputStream().readNBytes(HELLO.length));
                s.getOutputStream().write(HELLO);
                s.getOutputStream().write('!');
                assertArrayEquals(HELLO, c.getInputStream().readNBytes(HELLO.length));
                assertEquals('!', c.getInputStream().read());
                assertEquals(c.getLocalPort(), s.getPort());
                assertEquals(ss.getLocalPort(), s.getLocalPort());
                assertEquals(ss.getLocalPort(), c.getPort());
                assertEquals(NetTestSupport.LOOPBACK, c.getInetAddress());
                assertEquals(NetTestSupport.LOOPBACK, s.getLocalAddress());
                assertEquals(new InetSocketAddress(NetTestSupport.LOOPBACK, ss.getLocalPort()), c.getRemoteSocketAddress());
                assertTrue(c.isConnected() && s.isConnected() && ss.isBound());
            }
        }
        assertRanUnder(impl);
    }

    @ParameterizedTest
    @EnumSource(Impl.class)
    void connectToAClosedPortIsRefused(Impl impl) throws Exception {
        use(impl);
        int port;
        try (ServerSocket ss = listen()) {
            port = ss.getLocalPort();
        }
        Socket c = new Socket();
        ConnectException e = assertThrows(ConnectException.class,
                () -> c.connect(new InetSocketAddress(NetTestSupport.LOOPBACK, port)));
        assertTrue(e.getMessage().startsWith("Connection refused"), e.getMessage());
        assertTrue(c.isClosed());
        assertThrows(ConnectException.class, () -> new Socket(NetTestSupport.LOOPBACK, port).close());
        assertRanUnder(impl);
    }

    @ParameterizedTest
    @EnumSource(Impl.class)
    void acceptTimesOutAndStaysUsable(Impl impl) throws Exception {
        use(impl);
        try (ServerSocket ss = listen()) {
            ss.setSoTimeout(50);
            assertEquals(50, ss.getSoTimeout());
            SocketTimeoutException e = assertThrows(SocketTimeoutException.class, ss::accept);
            assertEquals("Accept timed out", e.getMessage());
            try (Socket c = new Socket(NetTestSupport.LOOPBACK, ss.getLocalPort()); Socket s = ss.accept()) {
                assertEquals(c.getLocalPort(), s.getPort());
                assertEquals(0, s.getSoTimeout(), "ServerSocket.accept() does not pass SO_TIMEOUT on");
            }
        }
        assertRanUnder(impl);
    }

    @ParameterizedTest
    @EnumSource(Impl.class)
    void readTimesOutAndStaysUsable(Impl impl) throws Exception {
        use(impl);
        try (ServerSocket ss = listen(); Socket c = new Socket(NetTestSupport.LOOPBACK, ss.getLocalPort());
             Socket s = ss.accept()) {
            s.setSoTimeout(50);
            InputStream in = s.getInputStream();
            SocketTimeoutException e = assertThrows(SocketTimeoutException.class, in::read);
            assertEquals("Read timed out", e.getMessage());
            assertFalse(s.isClosed());
            c.getOutputStream().write(42);
            assertEquals(42, in.read());
            s.setSoTimeout(0);
            c.getOutputStream().write(HELLO);
            assertArrayEquals(HELLO, in.readNBytes(HELLO.length));
        }
        assertRanUnder(impl);
    }

    @ParameterizedTest
    @EnumSource(Impl.class)
    void shutdownInputMakesReadsReturnEof(Impl impl) throws Exception {
        use(impl);
        try (ServerSocket ss = listen(); Socket c = new Socket(NetTestSupport.LOOPBACK, ss.getLocalPort());
             Socket s = ss.accept()) {
            InputStream in = s.getInputStream();
            s.shutdownInput();
            assertTrue(s.isInputShutdown());
            assertEquals(-1, in.read());
            assertEquals(-1, in.read(new byte[8]));
            assertEquals(0, in.available());
            s.getOutputStream().write(HELLO); // output still works
            assertArrayEquals(HELLO, c.getInputStream().readNBytes(HELLO.length));
        }
        assertRanUnder(impl);
    }

    @ParameterizedTest
    @EnumSource(Impl.class)
    void shutdownOutputGivesThePeerEofAndKeepsTheOtherDirection(Impl impl) throws Exception {
        use(impl);
        try (ServerSocket ss = listen(); Socket c = new Socket(NetTestSupport.LOOPBACK, ss.getLocalPort());
             Socket s = ss.accept()) {
            c.getOutputStream().write(HELLO);
            c.shutdownOutput();
            assertTrue(c.isOutputShutdown());
            assertArrayEquals(HELLO, s.getInputStream().readAllBytes()); // ends at the peer's EOF
            assertEquals(-1, s.getInputStream().read());
            s.getOutputStream().write(7);
            assertEquals(7, c.getInputStream().read());
            SocketException e = assertThrows(SocketException.class, () -> c.getOutputStream());
            assertEquals("Socket output is shutdown", e.getMessage());
        }
        assertRanUnder(impl);
    }

    @ParameterizedTest
    @EnumSource(Impl.class)
    void closeFromAnotherThreadWakesABlockedReader(Impl impl) throws Exception {
        use(impl);
        try (ServerSocket ss = listen(); Socket c = new Socket(NetTestSupport.LOOPBACK, ss.getLocalPort());
             Socket s = ss.accept()) {
            InputStream in = s.getInputStream();
            Forked<Integer> reader = Forked.platform("reader", () -> in.read());
            awaitBlockedInSocketWait(reader.thread);
            s.close();
            Throwable t = reader.failure();
            assertInstanceOf(SocketException.class, t);
            assertEquals("Socket closed", t.getMessage());
            assertEquals(-1, c.getInputStream().read(), "the peer sees EOF");
        }
        assertRanUnder(impl);
    }

    @ParameterizedTest
    @EnumSource(Impl.class)
    void closeFromAnotherThreadWakesABlockedAcceptor(Impl impl) throws Exception {
        use(impl);
        ServerSocket ss = listen();
        Forked<Socket> acceptor = Forked.platform("acceptor", ss::accept);
        awaitBlockedInSocketWait(acceptor.thread);
        ss.close();
        Throwable t = acceptor.failure();
        assertInstanceOf(SocketException.class, t);
        assertEquals("Socket closed", t.getMessage());
        assertTrue(ss.isClosed());
        assertRanUnder(impl);
    }

    @ParameterizedTest
    @EnumSource(Impl.class)
    void closeFromAnotherThreadWakesABlockedWriter(Impl impl) throws Exception {
        use(impl);
        try (ServerSocket ss = listen()) {
            ss.setReceiveBufferSize(4096);
            try (Socket c = new Socket(); Socket s = connectAndAccept(ss, c)) {
                c.setSendBufferSize(4096);
                OutputStream out = c.getOutputStream();
                Forked<Void> writer = Forked.platform("writer", () -> {
                    byte[] chunk = new byte[64 * 1024];
                    for (int i = 0; i < 1024; i++) { // 64 MiB: far more than both buffers hold
                        out.write(chunk);
                    }
                    return null;
                });
                awaitBlockedInSocketWait(writer.thread);
                c.close();
                Throwable t = writer.failure();
                assertInstanceOf(SocketException.class, t);
                assertEquals("Socket closed", t.getMessage());
                assertFalse(s.isClosed());
            }
        }
        assertRanUnder(impl);
    }

    @ParameterizedTest
    @EnumSource(Impl.class)
    void closeFromAnotherThreadEndsAConnectThatWaits(Impl impl) throws Exception {
        use(impl);
        List<Socket> queued = new ArrayList<>();
        try (ServerSocket ss = new ServerSocket(0, 1, NetTestSupport.LOOPBACK)) {
            // Fill the accept queue (backlog 1 holds two), so that the next connect waits for ever.
            for (int i = 0; i < 2; i++) {
                Socket q = new Socket();
                q.connect(addressOf(ss), 1_000);
                queued.add(q);
            }
            Socket c = new Socket();
            Forked<Void> connector = Forked.platform("connector", () -> {
                c.connect(addressOf(ss));
                return null;
            });
            awaitBlockedInSocketWait(connector.thread);
            c.close();
            Throwable t = connector.failure();
            assertInstanceOf(SocketException.class, t);
            assertTrue(t.getMessage().startsWith("Socket closed"), t.getMessage());
        } finally {
            for (Socket q : queued) {
                q.close();
            }
        }
        assertRanUnder(impl);
    }

    @ParameterizedTest
    @EnumSource(Impl.class)
    void operationsOnAClosedSocketSaySo(Impl impl) throws Exception {
        use(impl);
        try (ServerSocket ss = listen(); Socket c = new Socket(NetTestSupport.LOOPBACK, ss.getLocalPort());
             Socket s = ss.accept()) {
            InputStream in = s.getInputStream();
            OutputStream out = s.getOutputStream();
            s.close();
            assertEquals("Socket closed", assertThrows(SocketException.class, in::read).getMessage());
            assertEquals("Socket closed", assertThrows(SocketException.class, () -> out.write(1)).getMessage());
            assertEquals("Socket is closed", assertThrows(SocketException.class, s::getInputStream).getMessage());
            s.close(); // twice is fine
        }
        assertRanUnder(impl);
    }

    @ParameterizedTest
    @EnumSource(Impl.class)
    void peerResetIsConnectionReset(Impl impl) throws Exception {
        use(impl);
        try (ServerSocket ss = listen(); Socket c = new Socket(NetTestSupport.LOOPBACK, ss.getLocalPort());
             Socket s = ss.accept()) {
            c.setSoLinger(true, 0);
            c.close(); // linger 0: RST instead of FIN
            InputStream in = s.getInputStream();
            SocketException e = assertThrows(SocketException.class, in::read);
            assertEquals("Connection reset", e.getMessage());
            SocketException again = assertThrows(SocketException.class, in::read);
            assertEquals("Connection reset", again.getMessage());
        }
        assertRanUnder(impl);
    }

    @ParameterizedTest
    @EnumSource(Impl.class)
    void eofIsMinusOneAndStaysSo(Impl impl) throws Exception {
        use(impl);
        try (ServerSocket ss = listen(); Socket c = new Socket(NetTestSupport.LOOPBACK, ss.getLocalPort());
             Socket s = ss.accept()) {
            c.getOutputStream().write(HELLO);
            c.close();
            InputStream in = s.getInputStream();
            assertArrayEquals(HELLO, in.readNBytes(HELLO.length));
            assertEquals(-1, in.read());
            assertEquals(-1, in.read(new byte[4], 0, 4));
            assertEquals(0, in.read(new byte[4], 0, 0));
            s.close();
            assertEquals(-1, in.read(), "legacy: -1 again after EOF, even once closed");
        }
        assertRanUnder(impl);
    }

    @ParameterizedTest
    @EnumSource(Impl.class)
    void availableCountsWhatArrived(Impl impl) throws Exception {
        use(impl);
        try (ServerSocket ss = listen(); Socket c = new Socket(NetTestSupport.LOOPBACK, ss.getLocalPort());
             Socket s = ss.accept()) {
            InputStream in = s.getInputStream();
            assertEquals(0, in.available());
            c.getOutputStream().write(HELLO);
            awaitCondition("5 bytes available", Duration.ofSeconds(10), () -> {
                try {
                    return in.available() == HELLO.length;
                } catch (IOException e) {
                    throw new AssertionError(e);
                }
            });
            assertArrayEquals(HELLO, in.readNBytes(HELLO.length));
            assertEquals(0, in.available());
        }
        assertRanUnder(impl);
    }

    @ParameterizedTest
    @EnumSource(Impl.class)
    void interruptedStrandOrVirtualThreadHasItsSocketClosed(Impl impl) throws Exception {
        use(impl);
        try (ServerSocket ss = listen(); Socket c = new Socket(NetTestSupport.LOOPBACK, ss.getLocalPort());
             Socket s = ss.accept()) {
            InputStream in = s.getInputStream();
            // The JDK closes a socket whose reader is interrupted only for a virtual thread; pal gives
            // a strand that shares a carrier the same treatment (here: any caller, see SharingThreadsBackend).
            Forked<Boolean> reader = (impl == Impl.JDK ? Forked.<Boolean>virtual("reader", () -> readInterrupted(in))
                    : Forked.platform("reader", () -> readInterrupted(in)));
            awaitBlockedInSocketWait(reader.thread);
            reader.thread.interrupt();
            assertTrue(reader.join(), "interrupt status kept");
            assertTrue(s.isClosed(), "the socket's stream closed the Socket, as for a virtual thread");
            assertEquals(-1, c.getInputStream().read(), "the peer sees EOF");
            assertEquals("Socket closed", assertThrows(SocketException.class, () -> in.read(new byte[1])).getMessage());
        }
        assertRanUnder(impl);
    }

    private static boolean readInterrupted(InputStream in) throws IOException {
        SocketException e = assertThrows(SocketException.class, in::read);
        assertEquals("Closed by interrupt", e.getMessage());
        return Thread.currentThread().isInterrupted();
    }

    static Socket connectAndAccept(ServerSocket ss, Socket c) throws IOException {
        c.connect(addressOf(ss));
        return ss.accept();
    }
}
