package io.pal.shim.net;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

import java.net.ConnectException;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.net.SocketException;
import java.net.SocketTimeoutException;
import java.time.Duration;

import static io.pal.shim.net.NetTestSupport.awaitBlockedInSocketWait;
import static io.pal.shim.net.NetTestSupport.listen;
import static io.pal.shim.net.NetTestSupport.openFds;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Every socket path through pal's park points, including the ones that end in an exception or a close from another
 * thread, gives back every file descriptor: /proc/self/fd counts the same before and after.
 */
@SuppressWarnings("try") // closing a socket inside its try-with-resources is what these tests exercise
@Timeout(120)
class FdLeakTest extends ShimTestBase {

    private static final int ROUNDS = 100;

    @Test
    void noDescriptorLeaks() throws Exception {
        use(Impl.PAL);
        round(); // warm up: classes, selector provider, temporary buffers
        int before = openFds();
        for (int i = 0; i < ROUNDS; i++) {
            round();
        }
        assertRanUnder(Impl.PAL);
        // A closing channel registered with a selector releases its descriptor when that selector
        // deregisters it, which may be a moment later: wait for the count to settle, with a bound.
        long deadline = System.nanoTime() + Duration.ofSeconds(10).toNanos();
        int after = openFds();
        while (after > before && System.nanoTime() - deadline < 0) {
            Thread.sleep(10);
            after = openFds();
        }
        System.out.println("FdLeakTest: " + before + " descriptors before, " + after + " after " + ROUNDS + " rounds");
        assertTrue(after <= before, "descriptors leaked: " + before + " before, " + after + " after " + ROUNDS + " rounds");
    }

    /** One of each: echo, read timeout, refused connect, close while reading, close while accepting, reset. */
    private static void round() throws Exception {
        int refusedPort;
        try (ServerSocket ss = listen()) {
            ss.setSoTimeout(5_000);
            try (Socket c = new Socket(NetTestSupport.LOOPBACK, ss.getLocalPort()); Socket s = ss.accept()) {
                c.getOutputStream().write(1);
                assertEquals(1, s.getInputStream().read());
                s.setSoTimeout(1);
                assertThrows(SocketTimeoutException.class, () -> s.getInputStream().read());
            }
            try (Socket c = new Socket(NetTestSupport.LOOPBACK, ss.getLocalPort()); Socket s = ss.accept()) {
                Forked<Integer> reader = Forked.platform("reader", () -> s.getInputStream().read());
                awaitBlockedInSocketWait(reader.thread);
                s.close();
                assertTrue(reader.failure() instanceof SocketException);
                c.setSoLinger(true, 0);
            }
            refusedPort = ss.getLocalPort();
        }
        ServerSocket ss = listen();
        Forked<Socket> acceptor = Forked.platform("acceptor", ss::accept);
        awaitBlockedInSocketWait(acceptor.thread);
        ss.close();
        assertTrue(acceptor.failure() instanceof SocketException);
        assertThrows(ConnectException.class, () -> new Socket().connect(new InetSocketAddress(NetTestSupport.LOOPBACK, refusedPort)));
    }
}
