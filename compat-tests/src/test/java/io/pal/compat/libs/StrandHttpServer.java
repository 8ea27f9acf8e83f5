package io.pal.compat.libs;

import io.pal.Pal;
import io.pal.Strand;

import java.io.BufferedInputStream;
import java.io.BufferedOutputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.net.SocketException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Locale;
import java.util.Queue;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentLinkedQueue;

/**
 * An HTTP/1.1 server small enough to read at once, on plain java.net sockets in strands: one strand
 * accepts, one strand serves each connection (keep-alive; GET, and bodies sized by Content-Length).
 * The handler runs in the connection's strand and may wait there. Listens on loopback only.
 */
final class StrandHttpServer implements AutoCloseable {

    /** Answers a request for {@code path} with a text body (status 200). */
    interface Handler {
        String respond(String path) throws Exception;
    }

    /** The listening socket. Immutable. */
    private final ServerSocket listener;
    /** Answers requests. Immutable. */
    private final Handler handler;
    /** Connections being served, so that close can end them. Any strand. */
    private final Set<Socket> open = ConcurrentHashMap.newKeySet();
    /** Every strand the server started: the acceptor and one per connection. Any strand. */
    private final Queue<Strand<?>> strands = new ConcurrentLinkedQueue<>();

    private StrandHttpServer(ServerSocket listener, Handler handler) {
        this.listener = listener;
        this.handler = handler;
    }

    /** Starts a server on an ephemeral loopback port; its sockets are made in a strand. */
    static StrandHttpServer start(Handler handler) throws Exception {
        ServerSocket ss = Pal.spawn("http-listen", () -> new ServerSocket(0, 1024, InetAddress.getLoopbackAddress())).join();
        StrandHttpServer server = new StrandHttpServer(ss, handler);
        server.strands.add(Pal.spawn("http-acceptor", () -> {
            server.acceptAll();
            return null;
        }));
        return server;
    }

    int port() {
        return listener.getLocalPort();
    }

    private void acceptAll() throws IOException {
        while (true) {
            Socket s;
            try {
                s = listener.accept();
            } catch (SocketException closed) {
                return; // close() closed the listener
            }
            open.add(s);
            strands.add(Pal.spawn("http-connection", () -> {
                serve(s);
                return null;
            }));
        }
    }

    /** Serves one connection's requests until the client closes it (or close() does). */
    private void serve(Socket s) throws Exception {
        try (s) {
            InputStream in = new BufferedInputStream(s.getInputStream());
            OutputStream out = new BufferedOutputStream(s.getOutputStream());
            for (String request = line(in); request != null; request = line(in)) {
                String[] parts = request.split(" ");
                if (parts.length != 3 || !parts[2].startsWith("HTTP/1.")) {
                    throw new IOException("not an HTTP/1 request line: " + request);
                }
                boolean close = false;
                int length = 0;
                for (String header = line(in); header != null && !header.isEmpty(); header = line(in)) {
                    String h = header.toLowerCase(Locale.ROOT);
                    if (h.startsWith("content-length:")) {
                        length = Integer.parseInt(h.substring("content-length:".length()).trim());
                    } else if (h.startsWith("connection:") && h.contains("close")) {
                        close = true;
                    }
                }
                in.readNBytes(length);
                byte[] body = handler.respond(parts[1]).getBytes(StandardCharsets.UTF_8);
                out.write(("HTTP/1.1 200 OK\r\nContent-Type: text/plain; charset=UTF-8\r\nContent-Length: " + body.length
                        + "\r\n\r\n").getBytes(StandardCharsets.US_ASCII));
                out.write(body);
                out.flush();
                if (close) {
                    return;
                }
            }
        } catch (SocketException closedByServer) {
            // close() ended this connection
        } finally {
            open.remove(s);
        }
    }

    /** One CRLF-terminated line without its terminator; null at EOF before any byte. */
    private static String line(InputStream in) throws IOException {
        ByteArrayOutputStream buf = new ByteArrayOutputStream();
        for (int b = in.read(); b != '\n'; b = in.read()) {
            if (b == -1) {
                return buf.size() == 0 ? null : buf.toString(StandardCharsets.US_ASCII);
            }
            if (b != '\r') {
                buf.write(b);
            }
        }
        return buf.toString(StandardCharsets.US_ASCII);
    }

    /** Stops accepting, ends every connection, and waits for the server's strands. */
    @Override
    public void close() throws Exception {
        listener.close();
        for (Socket s : open) {
            s.close();
        }
        for (Strand<?> s : strands) {
            s.join(Duration.ofSeconds(20));
        }
    }
}
