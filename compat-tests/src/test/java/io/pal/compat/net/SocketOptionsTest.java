package io.pal.compat.net;

import io.pal.compat.SocketSuite;
import io.pal.compat.net.NetTests.Connection;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.net.SocketException;
import java.net.SocketOption;
import java.net.StandardSocketOptions;
import java.util.Set;

import static io.pal.compat.net.NetTests.LOOPBACK;
import static io.pal.compat.net.NetTests.inConnection;
import static io.pal.compat.net.NetTests.inStrand;
import static io.pal.compat.net.NetTests.listen;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * TCP_NODELAY, SO_KEEPALIVE, SO_LINGER, SO_RCVBUF, SO_SNDBUF and SO_REUSEADDR, set and read back
 * through both of Socket's APIs (the setters and the typed options), before and after connecting.
 * Buffer sizes are what the kernel granted, which on Linux is at least what was asked.
 */
@SocketSuite
@Timeout(value = 60, threadMode = Timeout.ThreadMode.SEPARATE_THREAD)
class SocketOptionsTest {

    private static final Set<SocketOption<?>> CLIENT_OPTIONS = Set.of(StandardSocketOptions.TCP_NODELAY,
            StandardSocketOptions.SO_KEEPALIVE, StandardSocketOptions.SO_LINGER, StandardSocketOptions.SO_RCVBUF,
            StandardSocketOptions.SO_SNDBUF, StandardSocketOptions.SO_REUSEADDR);

    @Test
    void optionsOfAnUnconnectedSocketAreKeptThroughTheConnect() throws Exception {
        inStrand(() -> {
            try (ServerSocket ss = listen(); Socket c = new Socket()) {
                assertTrue(c.supportedOptions().containsAll(CLIENT_OPTIONS), c.supportedOptions().toString());
                assertFalse(c.getTcpNoDelay());
                c.setTcpNoDelay(true);
                c.setKeepAlive(true);
                c.setSoLinger(true, 5);
                c.setSendBufferSize(32 * 1024);
                c.setReceiveBufferSize(32 * 1024);
                c.setReuseAddress(true);
                c.connect(NetTests.addressOf(ss));
                try (Socket s = ss.accept()) {
                    assertTrue(c.getTcpNoDelay());
                    assertTrue(c.getKeepAlive());
                    assertEquals(5, c.getSoLinger());
                    assertTrue(c.getSendBufferSize() >= 32 * 1024, "SO_SNDBUF " + c.getSendBufferSize());
                    assertTrue(c.getReceiveBufferSize() >= 32 * 1024, "SO_RCVBUF " + c.getReceiveBufferSize());
                    assertTrue(c.getReuseAddress());
                    assertFalse(s.getTcpNoDelay(), "an accepted socket has its own options");
                }
            }
        });
    }

    @Test
    void theTypedOptionsAndTheSettersAreTheSameOptions() throws Exception {
        inConnection(k -> {
            Socket c = k.client();
            c.setOption(StandardSocketOptions.TCP_NODELAY, true);
            assertTrue(c.getTcpNoDelay());
            c.setTcpNoDelay(false);
            assertEquals(false, c.getOption(StandardSocketOptions.TCP_NODELAY));
            c.setOption(StandardSocketOptions.SO_KEEPALIVE, true);
            assertTrue(c.getKeepAlive());
            c.setSoLinger(true, 3);
            assertEquals(3, c.getOption(StandardSocketOptions.SO_LINGER));
            c.setOption(StandardSocketOptions.SO_LINGER, -1);
            assertEquals(-1, c.getSoLinger(), "negative: linger off");
            c.setOption(StandardSocketOptions.SO_SNDBUF, 16 * 1024);
            assertEquals(c.getSendBufferSize(), c.getOption(StandardSocketOptions.SO_SNDBUF));
            c.setOption(StandardSocketOptions.SO_RCVBUF, 16 * 1024);
            assertEquals(c.getReceiveBufferSize(), c.getOption(StandardSocketOptions.SO_RCVBUF));
            c.setOption(StandardSocketOptions.SO_REUSEADDR, false);
            assertFalse(c.getReuseAddress());
            assertThrows(IllegalArgumentException.class, () -> c.setSoTimeout(-1));
            assertEquals("'IP_MULTICAST_LOOP' not supported", assertThrows(UnsupportedOperationException.class,
                    () -> c.setOption(StandardSocketOptions.IP_MULTICAST_LOOP, true)).getMessage());
            c.close();
            assertEquals("Socket is closed", assertThrows(SocketException.class, c::getTcpNoDelay).getMessage());
        });
    }

    @Test
    void serverSocketOptions() throws Exception {
        inStrand(() -> {
            try (ServerSocket ss = new ServerSocket()) {
                assertTrue(ss.getReuseAddress(), "the JDK turns SO_REUSEADDR on for server sockets");
                ss.setReuseAddress(false);
                assertFalse(ss.getOption(StandardSocketOptions.SO_REUSEADDR));
                ss.setOption(StandardSocketOptions.SO_REUSEADDR, true);
                ss.setReceiveBufferSize(64 * 1024);
                assertTrue(ss.getReceiveBufferSize() >= 64 * 1024, "SO_RCVBUF " + ss.getReceiveBufferSize());
                ss.bind(new InetSocketAddress(LOOPBACK, 0));
                try (Socket c = new Socket(LOOPBACK, ss.getLocalPort()); Socket s = ss.accept()) {
                    assertTrue(s.getReceiveBufferSize() >= 64 * 1024, "accepted sockets inherit the server's SO_RCVBUF");
                    assertTrue(c.isConnected());
                }
            }
        });
    }

    /** The server side closes first, so its end waits in TIME_WAIT; SO_REUSEADDR lets a new server bind the port. */
    @Test
    void reuseAddressLetsAServerRebindAPortInTimeWait() throws Exception {
        inStrand(() -> {
            int port;
            try (Connection k = Connection.open()) {
                port = k.listener().getLocalPort();
                k.server().close();
                assertEquals(-1, k.client().getInputStream().read());
            }
            try (ServerSocket again = new ServerSocket()) {
                assertTrue(again.getReuseAddress());
                again.bind(new InetSocketAddress(LOOPBACK, port));
                assertEquals(port, again.getLocalPort());
            }
        });
    }
}
