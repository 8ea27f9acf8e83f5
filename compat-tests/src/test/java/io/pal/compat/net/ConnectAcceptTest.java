package io.pal.compat.net;

import io.pal.BackendName;
import io.pal.compat.SocketSuite;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

import javax.net.ServerSocketFactory;
import javax.net.SocketFactory;
import java.net.ConnectException;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.net.SocketTimeoutException;
import java.util.ArrayList;
import java.util.List;

import static io.pal.compat.net.NetTests.HELLO;
import static io.pal.compat.net.NetTests.LOOPBACK;
import static io.pal.compat.net.NetTests.addressOf;
import static io.pal.compat.net.NetTests.closedWhileBlocked;
import static io.pal.compat.net.NetTests.inStrand;
import static io.pal.compat.net.NetTests.listen;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Connect (with and without a timeout), accept, their timeouts and failures, and a close that ends them. */
@SocketSuite
@Timeout(value = 60, threadMode = Timeout.ThreadMode.SEPARATE_THREAD)
class ConnectAcceptTest {

    @Test
    void connectWithoutATimeoutThenAcceptAndEcho() throws Exception {
        inStrand(() -> {
            try (ServerSocket ss = listen(); Socket c = new Socket()) {
                c.connect(addressOf(ss));
                try (Socket s = ss.accept()) {
                    echo(c, s);
                    assertEquals(c.getLocalPort(), s.getPort());
                    assertEquals(ss.getLocalPort(), s.getLocalPort());
                    assertEquals(new InetSocketAddress(LOOPBACK, ss.getLocalPort()), c.getRemoteSocketAddress());
                    assertEquals(LOOPBACK, s.getInetAddress());
                    assertTrue(c.isConnected() && s.isConnected() && ss.isBound());
                }
            }
        });
    }

    @Test
    void connectWithATimeoutThatIsNotReached() throws Exception {
        inStrand(() -> {
            try (ServerSocket ss = listen(); Socket c = new Socket()) {
                c.connect(addressOf(ss), 10_000);
                try (Socket s = ss.accept()) {
                    echo(c, s);
                }
            }
        });
    }

    /**
     * A listener whose accept queue is full drops SYNs, so a loopback connect hangs until its
     * timeout: the connects that fit in the queue succeed, the first that does not times out.
     */
    @Test
    void connectTimesOutWhenTheListenerQueueIsFull() throws Exception {
        inStrand(() -> {
            List<Socket> queued = new ArrayList<>();
            try (ServerSocket ss = new ServerSocket(0, 1, LOOPBACK)) {
                SocketTimeoutException timedOut = null;
                for (int i = 0; i < 8 && timedOut == null; i++) {
                    Socket c = new Socket();
                    try {
                        c.connect(addressOf(ss), 200);
                        queued.add(c);
                    } catch (SocketTimeoutException e) {
                        timedOut = e;
                        assertTrue(c.isClosed(), "a failed connect closes the socket");
                    }
                }
                assertNotNull(timedOut, "no connect timed out");
                assertEquals("Connect timed out", timedOut.getMessage());
            } finally {
                for (Socket s : queued) {
                    s.close();
                }
            }
        });
    }

    @Test
    void connectToAPortNobodyListensOnIsRefused() throws Exception {
        inStrand(() -> {
            int port;
            try (ServerSocket ss = listen()) {
                port = ss.getLocalPort();
            }
            Socket c = new Socket();
            ConnectException e = assertThrows(ConnectException.class, () -> c.connect(new InetSocketAddress(LOOPBACK, port), 5_000));
            assertTrue(e.getMessage().startsWith("Connection refused"), e.getMessage());
            assertTrue(c.isClosed(), "a failed connect closes the socket");
            assertThrows(ConnectException.class, () -> new Socket(LOOPBACK, port).close());
        });
    }

    @Test
    void acceptTimesOutAndTheServerStaysUsable() throws Exception {
        inStrand(() -> {
            try (ServerSocket ss = listen()) {
                ss.setSoTimeout(50);
                assertEquals(50, ss.getSoTimeout());
                assertEquals("Accept timed out", assertThrows(SocketTimeoutException.class, ss::accept).getMessage());
                try (Socket c = new Socket(LOOPBACK, ss.getLocalPort()); Socket s = ss.accept()) {
                    assertEquals(c.getLocalPort(), s.getPort());
                    assertEquals(0, s.getSoTimeout(), "accept does not pass the server's SO_TIMEOUT on");
                }
            }
        });
    }

    @Test
    void closeFromAnotherStrandWakesABlockedAcceptor(BackendName backend) throws Exception {
        inStrand(() -> closedWhileBlocked(backend, () -> {
            ServerSocket ss = listen();
            return new NetTests.Blocking(ss::accept, ss, ss);
        }));
    }

    /** The accept queue of a backlog-1 listener is filled, so that a connect without a timeout waits for ever. */
    @Test
    void closeFromAnotherStrandEndsAConnectThatWaits(BackendName backend) throws Exception {
        inStrand(() -> {
            List<Socket> queued = new ArrayList<>();
            try (ServerSocket ss = new ServerSocket(0, 1, LOOPBACK)) {
                for (int i = 0; i < 2; i++) { // backlog 1 holds two on Linux
                    Socket q = new Socket();
                    q.connect(addressOf(ss), 5_000);
                    queued.add(q);
                }
                closedWhileBlocked(backend, () -> {
                    Socket c = new Socket();
                    return new NetTests.Blocking(() -> {
                        c.connect(addressOf(ss));
                        return null;
                    }, c, c);
                });
            } finally {
                for (Socket q : queued) {
                    q.close();
                }
            }
        });
    }

    @Test
    void theDefaultSocketFactoriesMakeWorkingSockets() throws Exception {
        inStrand(() -> {
            try (ServerSocket ss = ServerSocketFactory.getDefault().createServerSocket(0, 50, LOOPBACK)) {
                try (Socket a = SocketFactory.getDefault().createSocket(LOOPBACK, ss.getLocalPort()); Socket sa = ss.accept()) {
                    echo(a, sa);
                }
                try (Socket b = SocketFactory.getDefault().createSocket()) {
                    b.connect(addressOf(ss), 10_000);
                    try (Socket sb = ss.accept()) {
                        echo(b, sb);
                    }
                }
            }
        });
    }

    /** Client to server and back, through the sockets' streams. */
    static void echo(Socket client, Socket server) throws Exception {
        client.getOutputStream().write(HELLO);
        byte[] got = server.getInputStream().readNBytes(HELLO.length);
        assertArrayEquals(HELLO, got);
        server.getOutputStream().write(got);
        assertArrayEquals(HELLO, client.getInputStream().readNBytes(HELLO.length));
    }
}
