package io.pal.compat.net;

import io.pal.BackendName;
import io.pal.Pal;
import io.pal.Strand;
import io.pal.StrandState;
import io.pal.junit.AllBackends;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

import java.io.InputStream;
import java.net.ConnectException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.net.SocketException;
import java.net.SocketTimeoutException;
import java.time.Duration;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Callable;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * java.net socket semantics as a strand sees them, the same on every backend. Sockets are made
 * inside strands, as programs on pal make them (a socket's impl is chosen when it is created).
 */
@AllBackends
@Timeout(60)
class SocketSemanticsTest {

    private static final InetAddress LOOPBACK = InetAddress.getLoopbackAddress();

    @BeforeAll
    static void installShim() {
        NetShims.installSocketShim();
    }

    /** Runs {@code body} in a strand and returns its result, rethrowing its failure. */
    private static <T> T inStrand(Callable<T> body) throws Exception {
        try {
            return Pal.spawn(body).join();
        } catch (ExecutionException e) {
            if (e.getCause() instanceof Exception x) {
                throw x;
            }
            throw e;
        }
    }

    @Test
    void readTimesOutAndTheSocketStaysUsable() throws Exception {
        inStrand(() -> {
            try (ServerSocket ss = new ServerSocket(0, 50, LOOPBACK);
                 Socket c = new Socket(LOOPBACK, ss.getLocalPort()); Socket s = ss.accept()) {
                s.setSoTimeout(50);
                SocketTimeoutException e = assertThrows(SocketTimeoutException.class, () -> s.getInputStream().read());
                assertEquals("Read timed out", e.getMessage());
                c.getOutputStream().write(9);
                assertEquals(9, s.getInputStream().read());
            }
            return null;
        });
    }

    @Test
    void acceptTimesOutAndConnectToAClosedPortIsRefused() throws Exception {
        inStrand(() -> {
            int port;
            try (ServerSocket ss = new ServerSocket(0, 50, LOOPBACK)) {
                ss.setSoTimeout(50);
                assertEquals("Accept timed out", assertThrows(SocketTimeoutException.class, ss::accept).getMessage());
                port = ss.getLocalPort();
            }
            ConnectException e = assertThrows(ConnectException.class,
                    () -> new Socket().connect(new InetSocketAddress(LOOPBACK, port), 5_000));
            assertTrue(e.getMessage().startsWith("Connection refused"), e.getMessage());
            return null;
        });
    }

    @Test
    void closeFromAnotherStrandWakesABlockedReader(BackendName backend) throws Exception {
        inStrand(() -> {
            try (ServerSocket ss = new ServerSocket(0, 50, LOOPBACK);
                 Socket c = new Socket(LOOPBACK, ss.getLocalPort()); Socket s = ss.accept()) {
                InputStream in = s.getInputStream();
                Strand<Integer> reader = Pal.spawn("reader", () -> in.read());
                awaitParkedUnlessThreads(reader, backend);
                s.close();
                ExecutionException e = assertThrows(ExecutionException.class, reader::join);
                assertInstanceOf(SocketException.class, e.getCause());
                assertEquals("Socket closed", e.getCause().getMessage());
                assertEquals(-1, c.getInputStream().read());
            }
            return null;
        });
    }

    /**
     * On the thread backends a strand blocked in the JDK's accept is RUNNABLE (native poll), so the
     * test cannot wait for "blocked". Each attempt waits a little longer before the close; a close
     * that came before accept began gives the JDK's "Socket is closed", one that woke a blocked
     * accept gives "Socket closed". Only those two are legal, and the woken case must happen.
     */
    @Test
    void closeFromAnotherStrandWakesABlockedAcceptor(BackendName backend) throws Exception {
        inStrand(() -> {
            for (int attempt = 0; attempt < 50; attempt++) {
                ServerSocket ss = new ServerSocket(0, 50, LOOPBACK);
                Strand<Socket> acceptor = Pal.spawn("acceptor", ss::accept);
                awaitParkedUnlessThreads(acceptor, backend);
                if (backend == BackendName.THREADS) {
                    Pal.sleep(Duration.ofMillis(attempt));
                }
                ss.close();
                ExecutionException e = assertThrows(ExecutionException.class, acceptor::join);
                assertInstanceOf(SocketException.class, e.getCause());
                String message = e.getCause().getMessage();
                if (message.equals("Socket closed")) {
                    return null;
                }
                assertEquals("Socket is closed", message, "neither a woken accept nor one that saw the close first");
                assertEquals(BackendName.THREADS, backend, "the acceptor was parked, yet accept had not begun");
            }
            throw new AssertionError("no attempt caught the acceptor blocked in accept");
        });
    }

    @Test
    void shutdownOutputIsThePeersEofAndResetIsConnectionReset() throws Exception {
        inStrand(() -> {
            try (ServerSocket ss = new ServerSocket(0, 50, LOOPBACK);
                 Socket c = new Socket(LOOPBACK, ss.getLocalPort()); Socket s = ss.accept()) {
                c.getOutputStream().write(new byte[] {1, 2, 3});
                c.shutdownOutput();
                assertEquals(3, s.getInputStream().readAllBytes().length);
                s.getOutputStream().write(4);
                assertEquals(4, c.getInputStream().read());
                s.setSoLinger(true, 0);
                s.close();
                SocketException e = assertThrows(SocketException.class, () -> c.getInputStream().read());
                assertEquals("Connection reset", e.getMessage());
            }
            return null;
        });
    }

    /**
     * Waits, bounded, until {@code s} is suspended in its socket wait. A platform thread blocked in
     * a socket call reports RUNNING, so on the threads backend there is no state to wait for; the
     * outcome asserted is the same whether the close comes before or during the wait.
     */
    private static void awaitParkedUnlessThreads(Strand<?> s, BackendName backend) throws InterruptedException {
        if (backend == BackendName.THREADS) {
            return;
        }
        long deadline = System.nanoTime() + Duration.ofSeconds(10).toNanos();
        while (s.state() != StrandState.PARKED) {
            if (System.nanoTime() - deadline > 0) {
                throw new AssertionError("strand never parked: " + s.state());
            }
            Pal.sleep(Duration.ofMillis(1));
        }
    }
}
