package io.pal.shim.net;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

import java.io.IOException;
import java.net.ServerSocket;
import java.net.Socket;
import java.net.SocketOption;
import java.net.StandardSocketOptions;
import java.util.Map;
import java.util.TreeMap;

import static io.pal.shim.net.NetTestSupport.listen;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Options set and read back through every API the JDK offers, on both impls: the results must be equal. */
@SuppressWarnings("try") // closing a socket inside its try-with-resources is what these tests exercise
@Timeout(30)
class SocketOptionsTest extends ShimTestBase {

    @Test
    void optionsBehaveAsTheJdksDo() throws Exception {
        use(Impl.JDK);
        Map<String, Object> jdk = exercise();
        assertRanUnder(Impl.JDK);
        use(Impl.PAL);
        Map<String, Object> pal = exercise();
        assertRanUnder(Impl.PAL);
        assertEquals(jdk, pal);
    }

    /** Sets and reads options on a server, an unconnected and a connected socket; returns what it saw. */
    private static Map<String, Object> exercise() throws IOException {
        Map<String, Object> seen = new TreeMap<>();
        try (ServerSocket ss = new ServerSocket()) {
            seen.put("server reuseaddr default", ss.getReuseAddress());
            ss.setReuseAddress(false);
            seen.put("server reuseaddr off", ss.getReuseAddress());
            ss.setReuseAddress(true);
            ss.setReceiveBufferSize(32 * 1024);
            seen.put("server rcvbuf >= asked", ss.getReceiveBufferSize() >= 32 * 1024);
            ss.bind(new java.net.InetSocketAddress(NetTestSupport.LOOPBACK, 0));
            seen.put("server local address", ss.getInetAddress());
            seen.put("server options", names(ss.supportedOptions()));
            seen.put("server typed reuseaddr", ss.getOption(StandardSocketOptions.SO_REUSEADDR));
            seen.put("server tos default", ss.getOption(StandardSocketOptions.IP_TOS));
            ss.setOption(StandardSocketOptions.IP_TOS, 0x10);
            seen.put("server tos", ss.getOption(StandardSocketOptions.IP_TOS));
        }
        try (ServerSocket ss = listen(); Socket c = new Socket()) {
            seen.put("unconnected nodelay", c.getTcpNoDelay());
            c.setTcpNoDelay(true);
            seen.put("nodelay", c.getTcpNoDelay());
            c.setKeepAlive(true);
            seen.put("keepalive", c.getKeepAlive());
            c.setSoLinger(true, 5);
            seen.put("linger on", c.getSoLinger());
            c.setSoLinger(false, 0);
            seen.put("linger off", c.getSoLinger());
            c.setSendBufferSize(16 * 1024);
            seen.put("sndbuf >= asked", c.getSendBufferSize() >= 16 * 1024);
            c.setReceiveBufferSize(16 * 1024);
            seen.put("rcvbuf >= asked", c.getReceiveBufferSize() >= 16 * 1024);
            c.setReuseAddress(true);
            seen.put("reuseaddr", c.getReuseAddress());
            c.setSoTimeout(1234);
            seen.put("timeout", c.getSoTimeout());
            seen.put("client options", names(c.supportedOptions()));
            seen.put("unconnected local address", c.getLocalAddress());
            seen.put("negative timeout", assertThrows(IllegalArgumentException.class, () -> c.setSoTimeout(-1)).getMessage());
            c.connect(NetTestSupport.addressOf(ss));
            try (Socket s = ss.accept()) {
                seen.put("connected nodelay kept", c.getTcpNoDelay());
                seen.put("accepted nodelay", s.getTcpNoDelay());
                c.setOption(StandardSocketOptions.TCP_NODELAY, false);
                seen.put("typed nodelay", c.getOption(StandardSocketOptions.TCP_NODELAY));
                c.setOption(StandardSocketOptions.SO_KEEPALIVE, false);
                seen.put("typed keepalive", c.getOption(StandardSocketOptions.SO_KEEPALIVE));
                seen.put("typed linger", c.getOption(StandardSocketOptions.SO_LINGER));
                seen.put("oobinline", s.getOOBInline());
                s.setOOBInline(true);
                seen.put("oobinline on", s.getOOBInline());
                seen.put("connected local address", c.getLocalAddress());
                seen.put("unsupported typed", assertThrows(UnsupportedOperationException.class,
                        () -> c.setOption(StandardSocketOptions.IP_MULTICAST_LOOP, true)).getMessage());
            }
            c.close();
            seen.put("closed", assertThrows(java.net.SocketException.class, c::getTcpNoDelay).getMessage());
        }
        return seen;
    }

    private static String names(java.util.Set<SocketOption<?>> options) {
        return new java.util.TreeSet<>(options.stream().map(SocketOption::name).toList()).toString();
    }

    @Test
    void reuseAddressLetsAServerRebindAPortInTimeWait() throws Exception {
        use(Impl.PAL);
        int port;
        try (ServerSocket ss = listen(); Socket c = new Socket(NetTestSupport.LOOPBACK, ss.getLocalPort());
             Socket s = ss.accept()) {
            port = ss.getLocalPort();
            s.close(); // the server side closes first: its end goes to TIME_WAIT
            assertEquals(-1, c.getInputStream().read());
        }
        try (ServerSocket again = new ServerSocket()) {
            assertTrue(again.getReuseAddress());
            again.bind(new java.net.InetSocketAddress(NetTestSupport.LOOPBACK, port));
            assertEquals(port, again.getLocalPort());
        }
        assertRanUnder(Impl.PAL);
    }

    /** Urgent data, which pal's own SocketImpl could not send, works as the JDK's. */
    @Test
    void urgentDataIsSent() throws Exception {
        use(Impl.PAL);
        try (ServerSocket ss = listen(); Socket c = new Socket(NetTestSupport.LOOPBACK, ss.getLocalPort());
             Socket s = ss.accept()) {
            s.setOOBInline(true);
            c.sendUrgentData(42);
            assertEquals(42, s.getInputStream().read());
        }
        assertRanUnder(Impl.PAL);
    }
}
