package io.pal.compat.net;

import io.pal.BackendName;
import io.pal.Pal;
import io.pal.Strand;
import io.pal.compat.Await;
import io.pal.compat.Latch;
import io.pal.compat.PlatformThreads;
import io.pal.compat.SocketSuite;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

import javax.net.ssl.KeyManagerFactory;
import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLServerSocket;
import javax.net.ssl.SSLSocket;
import javax.net.ssl.TrustManagerFactory;
import java.io.InputStream;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyStore;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.FutureTask;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

import static io.pal.compat.net.NetTests.HELLO;
import static io.pal.compat.net.NetTests.LOOPBACK;
import static io.pal.compat.net.NetTests.awaitSuspendedUnlessThreads;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * TLS from a strand: over a plain socket the strand made ({@code SSLSocketFactory.createSocket(Socket,
 * ...)}, whose records travel through the plain socket's streams) and as a socket the factory makes
 * itself. The server is a plain platform thread with the JDK's sockets, like a peer elsewhere; it
 * holds its answer back until the client strand is suspended waiting for it. The key is a
 * throwaway self-signed one that keytool makes for the run.
 */
@SocketSuite
@Timeout(value = 60, threadMode = Timeout.ThreadMode.SEPARATE_THREAD)
class TlsTest {

    /** Trusts and presents the throwaway key; set once. */
    private static SSLContext tls;

    @BeforeAll
    static void makeAKey(@TempDir Path dir) throws Exception {
        tls = selfSignedContext(dir);
    }

    @Test
    void tlsLayeredOverAPlainSocket(BackendName backend) throws Exception {
        echoOverTls(backend, port -> (SSLSocket) tls.getSocketFactory()
                .createSocket(new Socket(LOOPBACK, port), "localhost", port, true));
    }

    @Test
    void aSocketMadeByTheSslSocketFactory(BackendName backend) throws Exception {
        echoOverTls(backend, port -> (SSLSocket) tls.getSocketFactory().createSocket(LOOPBACK, port));
    }

    /**
     * TLS server mode in strands: an SSLServerSocket bound by this plain thread, accepting and
     * serving in strands, and TLS clients in strands; every client waits for its answer at once,
     * so every handshake and read must park rather than hold a carrier.
     */
    @Test
    void anSslServerSocketServesTlsClientsFromStrands(BackendName backend) throws Exception {
        int count = 50;
        int threadsBefore = PlatformThreads.count();
        Latch gate = new Latch();
        AtomicInteger arrived = new AtomicInteger();
        try (SSLServerSocket ss = (SSLServerSocket) tls.getServerSocketFactory().createServerSocket(0, count, LOOPBACK)) {
            Strand<Integer> acceptor = Pal.spawn("tls-acceptor", () -> {
                List<Strand<Object>> handlers = new ArrayList<>();
                for (int i = 0; i < count; i++) {
                    Socket s = ss.accept();
                    handlers.add(Pal.spawn("tls-handler", () -> {
                        try (s) {
                            byte[] got = s.getInputStream().readNBytes(HELLO.length);
                            arrived.incrementAndGet();
                            gate.await();
                            s.getOutputStream().write(got);
                            s.getOutputStream().flush();
                        }
                        return null;
                    }));
                }
                for (Strand<Object> h : handlers) {
                    h.join();
                }
                return handlers.size();
            });
            List<Strand<String>> clients = new ArrayList<>();
            for (int i = 0; i < count; i++) {
                clients.add(Pal.spawn("tls-client", () -> {
                    try (SSLSocket s = (SSLSocket) tls.getSocketFactory().createSocket(LOOPBACK, ss.getLocalPort())) {
                        s.getOutputStream().write(HELLO);
                        s.getOutputStream().flush();
                        assertArrayEquals(HELLO, s.getInputStream().readNBytes(HELLO.length));
                        return s.getSession().getProtocol();
                    }
                }));
            }
            PlatformThreads.assertCostOnceAllWait(backend, clients, arrived::get, 2 * count, threadsBefore);
            gate.release();
            for (Strand<String> c : clients) {
                assertEquals("TLSv1.3", c.join(Await.LIMIT));
            }
            assertEquals(count, acceptor.join(Await.LIMIT));
        }
    }

    /** How a client strand gets its TLS socket to the server's port. */
    private interface TlsConnect {
        SSLSocket connect(int port) throws Exception;
    }

    private static void echoOverTls(BackendName backend, TlsConnect connect) throws Exception {
        CountDownLatch received = new CountDownLatch(1);
        CountDownLatch answer = new CountDownLatch(1);
        try (ServerSocket ss = new ServerSocket(0, 50, LOOPBACK)) {
            FutureTask<byte[]> server = new FutureTask<>(() -> serveOne(ss, received, answer));
            Thread.ofPlatform().daemon().name("tls-server").start(server);
            Strand<String> client = Pal.spawn("tls-client", () -> {
                try (SSLSocket s = connect.connect(ss.getLocalPort())) {
                    s.getOutputStream().write(HELLO);
                    s.getOutputStream().flush();
                    assertArrayEquals(HELLO, s.getInputStream().readNBytes(HELLO.length));
                    return s.getSession().getProtocol();
                }
            });
            assertTrue(received.await(20, TimeUnit.SECONDS), "the server got nothing");
            awaitSuspendedUnlessThreads(client, backend);
            answer.countDown();
            assertEquals("TLSv1.3", client.join());
            assertArrayEquals(HELLO, server.get(20, TimeUnit.SECONDS));
        }
    }

    /** Accepts one TLS connection, reads HELLO, waits for {@code answer}, echoes it. */
    private static byte[] serveOne(ServerSocket ss, CountDownLatch received, CountDownLatch answer) throws Exception {
        try (Socket plain = ss.accept();
             SSLSocket s = (SSLSocket) tls.getSocketFactory().createSocket(plain, (InputStream) null, true)) {
            s.setUseClientMode(false);
            byte[] got = s.getInputStream().readNBytes(HELLO.length);
            received.countDown();
            assertTrue(answer.await(20, TimeUnit.SECONDS), "never told to answer");
            s.getOutputStream().write(got);
            s.getOutputStream().flush();
            return got;
        }
    }

    private static SSLContext selfSignedContext(Path dir) throws Exception {
        Path store = dir.resolve("pal-test.p12");
        String pass = "changeit";
        Process p = new ProcessBuilder(Path.of(System.getProperty("java.home"), "bin", "keytool").toString(),
                "-genkeypair", "-alias", "pal", "-keyalg", "EC", "-dname", "CN=localhost", "-ext", "SAN=dns:localhost",
                "-validity", "2", "-storetype", "PKCS12", "-keystore", store.toString(),
                "-storepass", pass, "-keypass", pass)
                .redirectErrorStream(true).start();
        String output = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertTrue(p.waitFor(30, TimeUnit.SECONDS), "keytool did not finish");
        assertEquals(0, p.exitValue(), output);
        KeyStore ks = KeyStore.getInstance("PKCS12");
        try (InputStream in = Files.newInputStream(store)) {
            ks.load(in, pass.toCharArray());
        }
        KeyManagerFactory kmf = KeyManagerFactory.getInstance(KeyManagerFactory.getDefaultAlgorithm());
        kmf.init(ks, pass.toCharArray());
        TrustManagerFactory tmf = TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
        tmf.init(ks);
        SSLContext ctx = SSLContext.getInstance("TLS");
        ctx.init(kmf.getKeyManagers(), tmf.getTrustManagers(), null);
        return ctx;
    }
}
