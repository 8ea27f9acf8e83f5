package io.pal.compat.net;

import io.pal.Pal;
import io.pal.Strand;
import io.pal.junit.AllBackends;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

/**
 * Many loopback connections open at once, each echoing, every side a strand doing plain blocking
 * java.net I/O. The count is {@code -Dpal.net.connections} (default 1,000 to keep CI time modest;
 * the figure is 10,000: {@code -Dpal.net.connections=10000}, which needs
 * {@code ulimit -n} above 20,000 and, on the threads backend, 20,000 platform threads).
 *
 * <p>All connections are open at the same time by construction: the server accepts all of them
 * before it answers any, and every client blocks in a read until it is answered.
 */
@AllBackends
@Timeout(300)
class ManyConnectionsEchoTest {

    private static final int CONNECTIONS = Integer.getInteger("pal.net.connections", 1_000);
    private static final int PAYLOAD = 256;
    private static final InetAddress LOOPBACK = InetAddress.getLoopbackAddress();

    @BeforeAll
    static void installShim() {
        NetShims.installSocketShim();
    }

    @Test
    void everyConnectionEchoesWhileAllAreOpen() throws Exception {
        ServerSocket ss = Pal.spawn("listen", () -> new ServerSocket(0, CONNECTIONS, LOOPBACK)).join();
        try (ss) {
            ss.setSoTimeout(120_000); // a failed client must not leave the acceptor waiting forever
            Strand<Integer> server = Pal.spawn("acceptor", () -> serve(ss));
            List<Strand<Void>> clients = new ArrayList<>(CONNECTIONS);
            for (int i = 0; i < CONNECTIONS; i++) {
                int id = i;
                clients.add(Pal.spawn("client-" + i, () -> {
                    client(id, ss.getLocalPort());
                }));
            }
            for (Strand<Void> c : clients) {
                c.join();
            }
            assertEquals(CONNECTIONS, server.join());
        }
    }

    /** Accepts every connection, then answers each in a strand of its own; returns how many echoed. */
    private static int serve(ServerSocket ss) throws Exception {
        List<Socket> accepted = new ArrayList<>(CONNECTIONS);
        for (int i = 0; i < CONNECTIONS; i++) {
            accepted.add(ss.accept());
        }
        List<Strand<Void>> handlers = new ArrayList<>(CONNECTIONS);
        for (Socket s : accepted) {
            handlers.add(Pal.spawn(() -> {
                handle(s);
            }));
        }
        for (Strand<Void> h : handlers) {
            h.join();
        }
        return handlers.size();
    }

    private static void handle(Socket s) {
        try (s) {
            DataInputStream in = new DataInputStream(s.getInputStream());
            DataOutputStream out = new DataOutputStream(s.getOutputStream());
            int id = in.readInt();
            out.writeInt(id); // "go": every connection is open by now
            byte[] payload = in.readNBytes(PAYLOAD);
            out.write(payload);
            if (in.read() != -1) {
                throw new IOException("client " + id + " sent more than it should");
            }
        } catch (IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }

    private static void client(int id, int port) {
        try (Socket s = new Socket(LOOPBACK, port)) {
            DataInputStream in = new DataInputStream(s.getInputStream());
            DataOutputStream out = new DataOutputStream(s.getOutputStream());
            out.writeInt(id);
            assertEquals(id, in.readInt());
            byte[] payload = new byte[PAYLOAD];
            Arrays.fill(payload, (byte) id);
            out.write(payload);
            assertArrayEquals(payload, in.readNBytes(PAYLOAD));
            s.shutdownOutput();
            assertEquals(-1, in.read());
        } catch (IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }
}
