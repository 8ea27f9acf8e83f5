package io.pal.examples.net;

import io.pal.Pal;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import io.pal.junit.AllBackends;
import org.junit.jupiter.api.Test;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.net.Socket;
import java.util.Random;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;

/** The echo server sends back exactly what it got, over one connection or several at once. */
@AllBackends
class EchoServerTest {

    private LoopbackServer server;

    @BeforeEach
    void start() throws Exception {
        server = new LoopbackServer(EchoServer::echo);
    }

    @AfterEach
    void stop() throws IOException {
        server.close();
    }

    @Test
    void echoesEveryByteUntilTheClientShutsItsOutputDown() throws Exception {
        for (int size : new int[] {1, 64, 4096, 4097, 300_000}) {
            byte[] sent = new byte[size];
            new Random(size).nextBytes(sent);
            try (Socket s = server.connect()) {
                // a writer strand, so that a reply larger than the socket buffers cannot deadlock the test
                var writer = Pal.spawn(() -> {
                    s.getOutputStream().write(sent);
                    s.shutdownOutput();
                    return null;
                });
                byte[] got = readAll(s.getInputStream());
                writer.join();
                assertArrayEquals(sent, got, "size " + size);
            }
        }
    }

    @Test
    void keepsConnectionsApart() throws Exception {
        Socket[] clients = new Socket[8];
        for (int i = 0; i < clients.length; i++) {
            clients[i] = server.connect();
        }
        for (int round = 0; round < 3; round++) {
            for (int i = 0; i < clients.length; i++) {
                clients[i].getOutputStream().write(("client " + i + " round " + round).getBytes());
            }
            for (int i = 0; i < clients.length; i++) {
                byte[] expected = ("client " + i + " round " + round).getBytes();
                assertArrayEquals(expected, clients[i].getInputStream().readNBytes(expected.length));
            }
        }
        for (Socket c : clients) {
            c.close();
        }
    }

    private static byte[] readAll(InputStream in) throws IOException {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        in.transferTo(out);
        return out.toByteArray();
    }
}
