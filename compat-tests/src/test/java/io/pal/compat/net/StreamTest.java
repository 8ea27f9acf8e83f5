package io.pal.compat.net;

import io.pal.BackendName;
import io.pal.compat.Await;
import io.pal.compat.SocketSuite;
import io.pal.compat.net.NetTests.Connection;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.net.SocketException;
import java.net.SocketTimeoutException;

import static io.pal.compat.net.NetTests.HELLO;
import static io.pal.compat.net.NetTests.closedWhileBlocked;
import static io.pal.compat.net.NetTests.inConnection;
import static io.pal.compat.net.NetTests.inStrand;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * A connection's streams: reads and writes, SO_TIMEOUT, shutdown of either direction (half-close),
 * EOF, a peer's reset, available(), and a close from another strand that ends a blocked read or
 * write with the JDK's exception.
 */
@SocketSuite
@Timeout(value = 60, threadMode = Timeout.ThreadMode.SEPARATE_THREAD)
class StreamTest {

    @Test
    void everyReadAndWriteOfTheStreamsCarriesTheBytes() throws Exception {
        inConnection(k -> {
            OutputStream out = k.client().getOutputStream();
            InputStream in = k.server().getInputStream();
            out.write(7);
            out.write(HELLO);
            out.write(HELLO, 1, 3);
            out.flush();
            assertEquals(7, in.read());
            byte[] buf = new byte[HELLO.length];
            assertEquals(HELLO.length, in.readNBytes(buf, 0, buf.length));
            assertArrayEquals(HELLO, buf);
            byte[] part = new byte[3];
            int n = in.read(part, 0, 3); // at least one byte; the rest may come in a second read
            assertEquals(3, n + in.readNBytes(part, n, 3 - n));
            assertArrayEquals(new byte[] {HELLO[1], HELLO[2], HELLO[3]}, part);
            assertEquals(0, in.read(new byte[4], 0, 0), "a zero-length read returns at once");
        });
    }

    @Test
    void readTimesOutAndTheSocketStaysUsable() throws Exception {
        inConnection(k -> {
            k.server().setSoTimeout(50);
            assertEquals(50, k.server().getSoTimeout());
            InputStream in = k.server().getInputStream();
            assertEquals("Read timed out", assertThrows(SocketTimeoutException.class, in::read).getMessage());
            assertFalse(k.server().isClosed());
            k.client().getOutputStream().write(9);
            assertEquals(9, in.read());
            k.server().setSoTimeout(0);
            k.client().getOutputStream().write(HELLO);
            assertArrayEquals(HELLO, in.readNBytes(HELLO.length));
        });
    }

    @Test
    void shutdownInputMakesReadsReturnEofAndLeavesOutputWorking() throws Exception {
        inConnection(k -> {
            InputStream in = k.server().getInputStream();
            k.server().shutdownInput();
            assertTrue(k.server().isInputShutdown());
            assertEquals(-1, in.read());
            assertEquals(-1, in.read(new byte[8]));
            assertEquals(0, in.available());
            k.server().getOutputStream().write(HELLO);
            assertArrayEquals(HELLO, k.client().getInputStream().readNBytes(HELLO.length));
        });
    }

    /** Half-close: the client's shutdownOutput is the server's EOF, and the server still answers. */
    @Test
    void shutdownOutputIsThePeersEofAndTheOtherDirectionStillWorks() throws Exception {
        inConnection(k -> {
            k.client().getOutputStream().write(HELLO);
            k.client().shutdownOutput();
            assertTrue(k.client().isOutputShutdown());
            assertArrayEquals(HELLO, k.server().getInputStream().readAllBytes());
            k.server().getOutputStream().write(HELLO);
            k.server().close();
            assertArrayEquals(HELLO, k.client().getInputStream().readAllBytes());
            SocketException e = assertThrows(SocketException.class, () -> k.client().getOutputStream());
            assertEquals("Socket output is shutdown", e.getMessage());
        });
    }

    @Test
    void eofIsMinusOneAndStaysSoEvenAfterClose() throws Exception {
        inConnection(k -> {
            k.client().getOutputStream().write(HELLO);
            k.client().close();
            InputStream in = k.server().getInputStream();
            assertArrayEquals(HELLO, in.readNBytes(HELLO.length));
            assertEquals(-1, in.read());
            assertEquals(-1, in.read(new byte[4], 0, 4));
            k.server().close();
            assertEquals(-1, in.read(), "legacy: -1 again after EOF, even once closed");
        });
    }

    /** SO_LINGER 0 makes a close send RST: the peer's reads fail with "Connection reset", every time. */
    @Test
    void aPeersResetIsConnectionResetAndStaysSo() throws Exception {
        inConnection(k -> {
            k.client().setSoLinger(true, 0);
            k.client().close();
            InputStream in = k.server().getInputStream();
            assertEquals("Connection reset", assertThrows(SocketException.class, in::read).getMessage());
            assertEquals("Connection reset", assertThrows(SocketException.class, in::read).getMessage());
        });
    }

    @Test
    void availableCountsWhatHasArrived() throws Exception {
        inConnection(k -> {
            InputStream in = k.server().getInputStream();
            assertEquals(0, in.available());
            k.client().getOutputStream().write(HELLO);
            Await.until("5 bytes available", () -> available(in) == HELLO.length);
            assertEquals(1, in.read(new byte[1]));
            assertEquals(HELLO.length - 1, in.available());
            assertEquals(HELLO.length - 1, in.readNBytes(HELLO.length - 1).length);
            assertEquals(0, in.available());
        });
    }

    @Test
    void closeFromAnotherStrandWakesABlockedReader(BackendName backend) throws Exception {
        inStrand(() -> closedWhileBlocked(backend, () -> {
            Connection k = Connection.open();
            InputStream in = k.server().getInputStream();
            return new NetTests.Blocking(in::read, k.server(), k);
        }));
    }

    /** The writer fills both sides' small buffers (64 MiB is far more than they hold) and waits. */
    @Test
    void closeFromAnotherStrandWakesABlockedWriter(BackendName backend) throws Exception {
        inStrand(() -> closedWhileBlocked(backend, () -> {
            Connection k = Connection.open();
            k.client().setSendBufferSize(4096);
            k.server().setReceiveBufferSize(4096);
            OutputStream out = k.client().getOutputStream();
            return new NetTests.Blocking(() -> {
                byte[] chunk = new byte[64 * 1024];
                for (int i = 0; i < 1024; i++) {
                    out.write(chunk);
                }
                return null;
            }, k.client(), k);
        }));
    }

    @Test
    void everyCallOnAClosedSocketSaysSo() throws Exception {
        inConnection(k -> {
            InputStream in = k.server().getInputStream();
            OutputStream out = k.server().getOutputStream();
            k.server().close();
            assertEquals("Socket closed", assertThrows(SocketException.class, in::read).getMessage());
            assertEquals("Socket closed", assertThrows(SocketException.class, () -> out.write(1)).getMessage());
            assertEquals("Socket is closed", assertThrows(SocketException.class, k.server()::getInputStream).getMessage());
            k.server().close(); // twice is fine
        });
    }

    private static int available(InputStream in) {
        try {
            return in.available();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
