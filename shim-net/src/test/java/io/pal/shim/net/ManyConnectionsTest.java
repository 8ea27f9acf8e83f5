package io.pal.shim.net;

import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.net.ServerSocket;
import java.net.Socket;
import java.util.ArrayList;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;

/**
 * The compat kit's many-connections echo through pal's park points: {@code -Dpal.net.connections}
 * connections, default 1,000, all open at once, each side on a thread of its own whose waits go
 * through the test backend's descriptor wait.
 */
@Timeout(300)
class ManyConnectionsTest extends ShimTestBase {

    private static final int CONNECTIONS = Integer.getInteger("pal.net.connections", 1_000);

    @ParameterizedTest
    @EnumSource(Impl.class)
    void allOpenAtOnceAndEveryOneEchoes(Impl impl) throws Exception {
        use(impl);
        try (ServerSocket ss = new ServerSocket(0, CONNECTIONS, NetTestSupport.LOOPBACK)) {
            ss.setSoTimeout(120_000);
            Forked<Integer> server = Forked.platform("acceptor", () -> {
                List<Socket> accepted = new ArrayList<>();
                for (int i = 0; i < CONNECTIONS; i++) {
                    accepted.add(ss.accept());
                }
                List<Forked<Void>> handlers = new ArrayList<>();
                for (Socket s : accepted) {
                    handlers.add(Forked.platform("handler", () -> {
                        try (s) {
                            DataInputStream in = new DataInputStream(s.getInputStream());
                            new DataOutputStream(s.getOutputStream()).writeInt(in.readInt());
                            assertEquals(-1, in.read());
                        }
                        return null;
                    }));
                }
                for (Forked<Void> h : handlers) {
                    h.join();
                }
                return handlers.size();
            });
            List<Forked<Void>> clients = new ArrayList<>();
            for (int i = 0; i < CONNECTIONS; i++) {
                int id = i;
                clients.add(Forked.platform("client", () -> {
                    try (Socket c = new Socket(NetTestSupport.LOOPBACK, ss.getLocalPort())) {
                        new DataOutputStream(c.getOutputStream()).writeInt(id);
                        assertEquals(id, new DataInputStream(c.getInputStream()).readInt());
                    }
                    return null;
                }));
            }
            for (Forked<Void> c : clients) {
                c.join();
            }
            assertEquals(CONNECTIONS, server.join());
        }
        assertRanUnder(impl);
    }
}
