package io.pal.shim.net;

import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;
import org.junit.jupiter.api.function.ThrowingSupplier;

import java.io.InputStream;
import java.io.OutputStream;
import java.net.ServerSocket;
import java.net.Socket;
import java.net.SocketException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Set;

import static io.pal.shim.net.NetTestSupport.LOOPBACK;
import static io.pal.shim.net.NetTestSupport.listen;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The rule for every socket call: it makes progress or throws what the JDK throws; it never spins.
 * Each case runs as the JDK runs it and through pal's park points, with the same assertions, under a deadline
 * (a call that loops without progress fails the case instead of hanging the run): a write after
 * shutdownOutput, a read after shutdownInput, reads and writes after close, after the peer's reset,
 * and with the caller's interrupt status set.
 */
@SuppressWarnings("try") // closing a socket inside its try-with-resources is what these tests exercise
@Timeout(60)
class SocketFailureTest extends ShimTestBase {

    private static final Duration DEADLINE = Duration.ofSeconds(10);
    private static final byte[] HELLO = "hello".getBytes(StandardCharsets.US_ASCII);

    @ParameterizedTest
    @EnumSource(Impl.class)
    void writeAfterShutdownOutputIsBrokenPipe(Impl impl) throws Exception {
        use(impl);
        try (ServerSocket ss = listen(); Socket c = new Socket(LOOPBACK, ss.getLocalPort()); Socket s = ss.accept()) {
            OutputStream out = c.getOutputStream();
            c.shutdownOutput();
            within(() -> {
                assertEquals("Broken pipe", assertThrows(SocketException.class, () -> out.write(1)).getMessage());
                assertEquals("Broken pipe", assertThrows(SocketException.class, () -> out.write(HELLO)).getMessage());
                return null;
            });
            assertEquals(-1, s.getInputStream().read(), "the peer sees EOF");
            assertFalse(c.isClosed());
        }
        assertRanUnder(impl);
    }

    @ParameterizedTest
    @EnumSource(Impl.class)
    void readAfterShutdownInputIsEofEvenWithDataPending(Impl impl) throws Exception {
        use(impl);
        try (ServerSocket ss = listen(); Socket c = new Socket(LOOPBACK, ss.getLocalPort()); Socket s = ss.accept()) {
            c.getOutputStream().write(HELLO);
            InputStream in = s.getInputStream();
            s.shutdownInput();
            within(() -> {
                assertEquals(-1, in.read());
                assertEquals(-1, in.read(new byte[8], 0, 8));
                return null;
            });
        }
        assertRanUnder(impl);
    }

    @ParameterizedTest
    @EnumSource(Impl.class)
    void readsAndWritesAfterCloseSaySocketClosed(Impl impl) throws Exception {
        use(impl);
        try (ServerSocket ss = listen(); Socket c = new Socket(LOOPBACK, ss.getLocalPort()); Socket s = ss.accept()) {
            InputStream in = c.getInputStream();
            OutputStream out = c.getOutputStream();
            s.getOutputStream().write(HELLO); // data pending does not make a closed socket readable
            c.shutdownOutput(); // nor does an earlier shutdown change what close says
            c.close();
            within(() -> {
                assertEquals("Socket closed", assertThrows(SocketException.class, in::read).getMessage());
                assertEquals("Socket closed", assertThrows(SocketException.class, () -> in.read(new byte[4])).getMessage());
                assertEquals("Socket closed", assertThrows(SocketException.class, () -> out.write(1)).getMessage());
                assertEquals("Socket closed", assertThrows(SocketException.class, () -> out.write(HELLO)).getMessage());
                return null;
            });
        }
        assertRanUnder(impl);
    }

    /** After the peer's RST the first write reports the reset, every later one a broken pipe. */
    @ParameterizedTest
    @EnumSource(Impl.class)
    void writesAfterThePeersResetFail(Impl impl) throws Exception {
        use(impl);
        try (ServerSocket ss = listen(); Socket c = new Socket(LOOPBACK, ss.getLocalPort()); Socket s = ss.accept()) {
            s.setSoLinger(true, 0);
            s.close(); // linger 0: RST instead of FIN
            OutputStream out = c.getOutputStream();
            within(() -> {
                SocketException first = null;
                while (first == null) { // loopback delivers the RST before long; until then a write may succeed
                    try {
                        out.write(HELLO);
                    } catch (SocketException e) {
                        first = e;
                    }
                }
                assertTrue(Set.of("Connection reset by peer", "Broken pipe").contains(first.getMessage()), first.getMessage());
                assertEquals("Broken pipe", assertThrows(SocketException.class, () -> out.write(1)).getMessage());
                return null;
            });
            assertFalse(c.isClosed());
        }
        assertRanUnder(impl);
    }

    /**
     * A caller whose interrupt status is set and whose calls need not wait: they complete, and
     * the status stays set, on a platform thread (the JDK's socket I/O ignores interrupts) and on a
     * virtual thread or carrier-sharing strand alike (an interrupt closes the socket only when a
     * call would wait).
     */
    @ParameterizedTest
    @EnumSource(Impl.class)
    void anInterruptedCallerStillReadsAndWritesWhatNeedsNoWait(Impl impl) throws Exception {
        use(impl);
        try (ServerSocket ss = listen(); Socket c = new Socket(LOOPBACK, ss.getLocalPort()); Socket s = ss.accept()) {
            s.getOutputStream().write(HELLO);
            Forked<Boolean> caller = Forked.platform("interrupted", () -> {
                Thread.currentThread().interrupt();
                c.getOutputStream().write(HELLO);
                assertArrayEquals(HELLO, c.getInputStream().readNBytes(HELLO.length));
                return Thread.currentThread().isInterrupted();
            });
            assertTrue(within(caller::join), "interrupt status kept");
            assertArrayEquals(HELLO, s.getInputStream().readNBytes(HELLO.length));
            assertFalse(c.isClosed());
        }
        assertRanUnder(impl);
    }

    /**
     * An interrupted caller whose read must wait: a virtual thread's socket is closed with
     * "Closed by interrupt" (the JDK), as is a carrier-sharing strand's (pal), the status kept.
     */
    @ParameterizedTest
    @EnumSource(Impl.class)
    void anInterruptedStrandWhoseReadMustWaitHasItsSocketClosed(Impl impl) throws Exception {
        use(impl);
        try (ServerSocket ss = listen(); Socket c = new Socket(LOOPBACK, ss.getLocalPort()); Socket s = ss.accept()) {
            InputStream in = c.getInputStream();
            Forked<Boolean> reader = interruptedStrand(impl, () -> {
                Thread.currentThread().interrupt();
                assertEquals("Closed by interrupt", assertThrows(SocketException.class, in::read).getMessage());
                return Thread.currentThread().isInterrupted();
            });
            assertTrue(within(reader::join), "interrupt status kept");
            assertEquals(-1, s.getInputStream().read(), "the peer sees EOF");
            assertEquals("Socket closed", assertThrows(SocketException.class, () -> in.read(new byte[1])).getMessage());
        }
        assertRanUnder(impl);
    }

    @ParameterizedTest
    @EnumSource(Impl.class)
    void anInterruptedStrandWhoseAcceptMustWaitHasItsServerClosed(Impl impl) throws Exception {
        use(impl);
        try (ServerSocket ss = listen()) {
            Forked<Boolean> acceptor = interruptedStrand(impl, () -> {
                Thread.currentThread().interrupt();
                assertEquals("Closed by interrupt", assertThrows(SocketException.class, ss::accept).getMessage());
                return Thread.currentThread().isInterrupted();
            });
            assertTrue(within(acceptor::join), "interrupt status kept");
            assertEquals("Socket is closed", assertThrows(SocketException.class, ss::accept).getMessage());
        }
        assertRanUnder(impl);
    }

    /** The JDK gives "Closed by interrupt" to virtual threads only; pal's park points to every strand that shares a carrier (here: any caller). */
    private static <T> Forked<T> interruptedStrand(Impl impl, java.util.concurrent.Callable<T> task) {
        return impl == Impl.JDK ? Forked.virtual("interrupted", task) : Forked.platform("interrupted", task);
    }

    /** Runs {@code body}, failing if it takes longer than {@link #DEADLINE} (a spin or a hang). */
    private static <T> T within(ThrowingSupplier<T> body) {
        return assertTimeoutPreemptively(DEADLINE, body, "no progress: the call spins or hangs");
    }
}
