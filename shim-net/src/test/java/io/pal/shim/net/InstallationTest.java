package io.pal.shim.net;

import io.pal.spi.Shim;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

import javax.net.SocketFactory;
import javax.net.ssl.KeyManagerFactory;
import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLSocket;
import javax.net.ssl.SSLSocketFactory;
import javax.net.ssl.TrustManagerFactory;
import java.io.IOException;
import java.io.InputStream;
import java.net.ServerSocket;
import java.net.Socket;
import java.net.SocketTimeoutException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyStore;
import java.util.ServiceLoader;
import java.util.concurrent.TimeUnit;

import static io.pal.shim.net.NetTestSupport.addressOf;
import static io.pal.shim.net.NetTestSupport.listen;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The shim's installation, and whose calls it changes: those of a strand that shares a carrier,
 * on any socket whoever made it; a caller that shares none runs the JDK's code untouched.
 */
@Timeout(60)
class InstallationTest extends ShimTestBase {

    @Test
    void theShimIsFoundByServiceLoaderAndInstallIsIdempotent() {
        Shim found = ServiceLoader.load(Shim.class).stream().map(ServiceLoader.Provider::get)
                .filter(s -> s instanceof SocketShim).findFirst().orElseThrow();
        assertEquals("java-net-socket", found.name());
        found.install(BACKEND);
        found.install(BACKEND);
        assertTrue(SocketShim.isInstalled());
    }

    @Test
    void callersThatDoNotShareACarrierKeepTheJdksSockets() throws Exception {
        use(Impl.JDK);
        try (ServerSocket ss = listen(); Socket c = new Socket(NetTestSupport.LOOPBACK, ss.getLocalPort());
             Socket s = ss.accept()) {
            echo(c, s);
        }
        assertRanUnder(Impl.JDK);
    }

    /**
     * Whatever made a socket (a factory, a proxy-less constructor, an accept; a caller that shares
     * no carrier), a strand's read that must wait goes to the backend's descriptor wait.
     */
    @Test
    void everySocketWaitsThroughPalForAStrandWhoeverMadeIt() throws Exception {
        use(Impl.JDK);
        try (ServerSocket ss = listen();
             Socket a = SocketFactory.getDefault().createSocket(NetTestSupport.LOOPBACK, ss.getLocalPort());
             Socket sa = ss.accept();
             Socket b = new Socket(java.net.Proxy.NO_PROXY)) {
            b.connect(addressOf(ss));
            try (Socket sb = ss.accept()) {
                use(Impl.PAL);
                for (Socket s : new Socket[] {a, sa, b, sb}) {
                    long before = BACKEND.descriptorWaits.sum();
                    s.setSoTimeout(20);
                    assertThrows(SocketTimeoutException.class, () -> s.getInputStream().read());
                    assertTrue(BACKEND.descriptorWaits.sum() > before, "no descriptor wait for " + s);
                }
                echo(a, sa);
                echo(b, sb);
            }
        }
        assertRanUnder(Impl.PAL);
    }

    @Test
    void aCallerThatSharesNoCarrierWaitsAsTheJdkDoes() throws Exception {
        use(Impl.JDK);
        try (ServerSocket ss = listen(); Socket c = new Socket(NetTestSupport.LOOPBACK, ss.getLocalPort());
             Socket s = ss.accept()) {
            long before = BACKEND.descriptorWaits.sum();
            s.setSoTimeout(20);
            assertThrows(SocketTimeoutException.class, () -> s.getInputStream().read());
            assertEquals(before, BACKEND.descriptorWaits.sum());
            echo(c, s);
        }
        assertRanUnder(Impl.JDK);
    }

    /** An unmodified JDK client built on Socket (HttpURLConnection) runs through pal's park points. */
    @Test
    void httpUrlConnectionRunsThroughPalsParkPoints() throws Exception {
        com.sun.net.httpserver.HttpServer http = com.sun.net.httpserver.HttpServer.create(
                new java.net.InetSocketAddress(NetTestSupport.LOOPBACK, 0), 0); // NIO inside: not a Socket
        http.createContext("/hello", exchange -> {
            byte[] body = "hello over pal".getBytes(StandardCharsets.US_ASCII);
            exchange.sendResponseHeaders(200, body.length);
            try (var out = exchange.getResponseBody()) {
                out.write(body);
            }
        });
        http.start();
        try {
            use(Impl.PAL);
            java.net.URL url = java.net.URI.create("http://127.0.0.1:" + http.getAddress().getPort() + "/hello").toURL();
            java.net.HttpURLConnection conn = (java.net.HttpURLConnection) url.openConnection(java.net.Proxy.NO_PROXY);
            conn.setConnectTimeout(5_000);
            conn.setReadTimeout(5_000);
            try (InputStream in = conn.getInputStream()) {
                assertEquals(200, conn.getResponseCode());
                assertEquals("hello over pal", new String(in.readAllBytes(), StandardCharsets.US_ASCII));
            }
            conn.disconnect();
            assertRanUnder(Impl.PAL);
        } finally {
            http.stop(0);
        }
    }

    /** A ServerSocket subclass that accepts into a Socket subclass: the implAccept(Socket) path. */
    @Test
    void implAcceptIntoASocketSubclassWorks() throws Exception {
        use(Impl.PAL);
        final class MySocket extends Socket {
        }
        final class MyServer extends ServerSocket {
            MyServer() throws IOException {
                super(0, 50, NetTestSupport.LOOPBACK);
            }

            @Override
            public Socket accept() throws IOException {
                Socket s = new MySocket();
                s.setSoTimeout(777); // creates the Socket's own impl; implAccept replaces it
                implAccept(s);
                return s;
            }
        }
        try (MyServer ss = new MyServer()) {
            try (Socket c = new Socket(NetTestSupport.LOOPBACK, ss.getLocalPort()); Socket s = ss.accept()) {
                assertTrue(s instanceof MySocket);
                assertEquals(777, s.getSoTimeout(), "implAccept copies the Socket's SO_TIMEOUT to the connection");
                echo(c, s);
            }
        }
        assertRanUnder(Impl.PAL);
    }

    /** TLS layered over plain pal sockets (SSLSocketFactory.createSocket(Socket, ...)), with a throwaway key. */
    @Test
    void tlsLayeredOverAPlainSocketHandshakesAndEchoes(@TempDir Path dir) throws Exception {
        SSLContext tls = selfSignedContext(dir);
        use(Impl.PAL);
        try (ServerSocket ss = listen(); Socket plainClient = new Socket(NetTestSupport.LOOPBACK, ss.getLocalPort());
             Socket plainServer = ss.accept()) {
            SSLSocketFactory f = tls.getSocketFactory();
            try (SSLSocket server = (SSLSocket) f.createSocket(plainServer, (InputStream) null, true);
                 SSLSocket client = (SSLSocket) f.createSocket(plainClient, "localhost", ss.getLocalPort(), true)) {
                server.setUseClientMode(false);
                Forked<byte[]> serverSide = Forked.platform("tls-server", () -> {
                    byte[] got = server.getInputStream().readNBytes(5);
                    server.getOutputStream().write(got);
                    server.getOutputStream().flush();
                    return got;
                });
                client.getOutputStream().write("hello".getBytes(StandardCharsets.US_ASCII));
                client.getOutputStream().flush();
                assertArrayEquals("hello".getBytes(StandardCharsets.US_ASCII), client.getInputStream().readNBytes(5));
                assertArrayEquals("hello".getBytes(StandardCharsets.US_ASCII), serverSide.join());
                assertEquals("TLSv1.3", client.getSession().getProtocol());
            }
        }
        assertRanUnder(Impl.PAL);
    }

    private static SSLContext selfSignedContext(Path dir) throws Exception {
        Path store = dir.resolve("pal-test.p12");
        char[] pass = "changeit".toCharArray();
        Process p = new ProcessBuilder(Path.of(System.getProperty("java.home"), "bin", "keytool").toString(),
                "-genkeypair", "-alias", "pal", "-keyalg", "EC", "-dname", "CN=localhost", "-ext", "SAN=dns:localhost",
                "-validity", "2", "-storetype", "PKCS12", "-keystore", store.toString(),
                "-storepass", "changeit", "-keypass", "changeit")
                .redirectErrorStream(true).start();
        assertTrue(p.waitFor(30, TimeUnit.SECONDS), "keytool did not finish");
        assertEquals(0, p.exitValue(), new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8));
        KeyStore ks = KeyStore.getInstance("PKCS12");
        try (InputStream in = Files.newInputStream(store)) {
            ks.load(in, pass);
        }
        KeyManagerFactory kmf = KeyManagerFactory.getInstance(KeyManagerFactory.getDefaultAlgorithm());
        kmf.init(ks, pass);
        TrustManagerFactory tmf = TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
        tmf.init(ks);
        SSLContext ctx = SSLContext.getInstance("TLS");
        ctx.init(kmf.getKeyManagers(), tmf.getTrustManagers(), null);
        return ctx;
    }

    private static void echo(Socket client, Socket server) throws IOException {
        byte[] msg = "ping".getBytes(StandardCharsets.US_ASCII);
        client.getOutputStream().write(msg);
        byte[] got = server.getInputStream().readNBytes(msg.length);
        server.getOutputStream().write(got);
        assertArrayEquals(msg, client.getInputStream().readNBytes(msg.length));
    }
}
