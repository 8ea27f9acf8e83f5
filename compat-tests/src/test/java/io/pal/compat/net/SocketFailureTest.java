package io.pal.compat.net;

import io.pal.BackendName;
import io.pal.Pal;
import io.pal.Strand;
import io.pal.compat.SocketSuite;
import io.pal.compat.net.NetTests.Connection;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

import java.io.InputStream;
import java.io.OutputStream;
import java.net.SocketException;
import java.time.Duration;
import java.util.Set;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeoutException;

import static io.pal.compat.net.NetTests.HELLO;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

/**
 * Every socket call makes progress or throws what the JDK throws; none spins. Each case runs its
 * calls in a strand that must finish within a deadline, so a call that loops without progress (and
 * on coroutines starves its carrier) fails the case instead of hanging the suite: a write after
 * shutdownOutput, a read after shutdownInput, reads and writes after close, after the peer's reset
 * and with the strand's interrupt status set.
 */
@SocketSuite
@Timeout(value = 60, threadMode = Timeout.ThreadMode.SEPARATE_THREAD)
class SocketFailureTest {

    private static final Duration DEADLINE = Duration.ofSeconds(10);

    @Test
    void writeAfterShutdownOutputIsBrokenPipe() throws Exception {
        withinDeadline(k -> {
            OutputStream out = k.client().getOutputStream();
            k.client().shutdownOutput();
            assertEquals("Broken pipe", assertThrows(SocketException.class, () -> out.write(1)).getMessage());
            assertEquals("Broken pipe", assertThrows(SocketException.class, () -> out.write(HELLO)).getMessage());
            assertEquals(-1, k.server().getInputStream().read(), "the peer sees EOF");
            assertFalse(k.client().isClosed());
        });
    }

    @Test
    void readAfterShutdownInputIsEofEvenWithDataPending() throws Exception {
        withinDeadline(k -> {
            k.client().getOutputStream().write(HELLO);
            InputStream in = k.server().getInputStream();
            k.server().shutdownInput();
            assertEquals(-1, in.read());
            assertEquals(-1, in.read(new byte[8], 0, 8));
        });
    }

    @Test
    void readsAndWritesAfterCloseSaySocketClosed() throws Exception {
        withinDeadline(k -> {
            InputStream in = k.client().getInputStream();
            OutputStream out = k.client().getOutputStream();
            k.server().getOutputStream().write(HELLO);
            k.client().shutdownOutput();
            k.client().close();
            assertEquals("Socket closed", assertThrows(SocketException.class, in::read).getMessage());
            assertEquals("Socket closed", assertThrows(SocketException.class, () -> in.read(new byte[4])).getMessage());
            assertEquals("Socket closed", assertThrows(SocketException.class, () -> out.write(1)).getMessage());
            assertEquals("Socket closed", assertThrows(SocketException.class, () -> out.write(HELLO)).getMessage());
        });
    }

    /** After the peer's RST the first failing write reports the reset (or a broken pipe), every later one a broken pipe. */
    @Test
    void writesAfterThePeersResetFail() throws Exception {
        withinDeadline(k -> {
            k.server().setSoLinger(true, 0);
            k.server().close(); // linger 0: RST instead of FIN
            OutputStream out = k.client().getOutputStream();
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
        });
    }

    /** Calls that need not wait complete for an interrupted strand, which stays interrupted, on every backend. */
    @Test
    void anInterruptedStrandStillReadsAndWritesWhatNeedsNoWait() throws Exception {
        withinDeadline(k -> {
            k.server().getOutputStream().write(HELLO);
            Thread.currentThread().interrupt();
            try {
                k.client().getOutputStream().write(HELLO);
                assertArrayEquals(HELLO, k.client().getInputStream().readNBytes(HELLO.length));
                assertTrue(Thread.currentThread().isInterrupted(), "interrupt status kept");
            } finally {
                Thread.interrupted();
            }
            assertArrayEquals(HELLO, k.server().getInputStream().readNBytes(HELLO.length));
            assertFalse(k.client().isClosed());
        });
    }

    /**
     * An interrupted strand whose read must wait has its socket closed with "Closed by interrupt",
     * as a virtual thread's; a platform thread's socket I/O ignores interrupts, so the threads
     * backend is not asked.
     */
    @Test
    void anInterruptedStrandWhoseReadMustWaitHasItsSocketClosed(BackendName backend) throws Exception {
        assumeTrue(backend != BackendName.THREADS, "a platform thread's socket read ignores interrupts (the JDK's rule)");
        withinDeadline(k -> {
            InputStream in = k.client().getInputStream();
            Thread.currentThread().interrupt();
            try {
                assertEquals("Closed by interrupt", assertThrows(SocketException.class, in::read).getMessage());
                assertTrue(Thread.currentThread().isInterrupted(), "interrupt status kept");
            } finally {
                Thread.interrupted();
            }
            assertEquals(-1, k.server().getInputStream().read(), "the peer sees EOF");
            assertEquals("Socket closed", assertThrows(SocketException.class, () -> in.read(new byte[1])).getMessage());
        });
    }

    /** Runs {@code body} with a fresh connection in a strand that must end within {@link #DEADLINE}. */
    private static void withinDeadline(NetTests.ConnectionBody body) throws Exception {
        Strand<Void> s = Pal.spawn("within-deadline", () -> {
            try (Connection k = Connection.open()) {
                body.run(k);
            }
            return null;
        });
        try {
            s.join(DEADLINE);
        } catch (TimeoutException e) {
            fail("no progress within " + DEADLINE + ": a call spins or hangs; " + s);
        } catch (ExecutionException e) {
            throw NetTests.bodyFailure(e);
        }
    }
}
