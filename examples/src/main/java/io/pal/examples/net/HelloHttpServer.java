package io.pal.examples.net;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.OutputStream;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.util.Locale;

/**
 * An HTTP/1.1 "hello" server written the plain java.net way: an accept loop, one strand per
 * connection, a {@code BufferedReader} over the socket's input stream for the request line and
 * headers, and one {@code write} of the whole response. Keep-alive (HTTP/1.1's default) until the
 * client closes or sends {@code Connection: close} (an HTTP/1.0 request gets one answer and a close). Every request, whatever its method or path,
 * gets {@code 200 OK} and {@code Hello, world!}; a request body announced by
 * {@code Content-Length} is read and dropped.
 *
 * <p>The accept loop, with pal's two changed lines, is {@link ThreadPerConnection}'s. Run:
 * {@code bin/pal run --backend B -cp examples/target/classes io.pal.examples.net.HelloHttpServer [port] [backlog]};
 * it prints {@code listening on HOST:PORT}.
 */
public final class HelloHttpServer {

    static final byte[] BODY = "Hello, world!".getBytes(StandardCharsets.US_ASCII);
    private static final byte[] KEEP_ALIVE = response(false);
    private static final byte[] CLOSE = response(true);

    private HelloHttpServer() {
    }

    public static void main(String[] args) throws Exception {
        ThreadPerConnection.listen(args, HelloHttpServer::handle);
    }

    /** The work a server does for one request before it answers; {@link #handle(Socket)}'s does none. */
    @FunctionalInterface
    public interface RequestWork {
        void run() throws IOException;
    }

    /** Answers requests on one connection until the client closes or asks to. */
    public static void handle(Socket socket) {
        handle(socket, () -> { });
    }

    /** As {@link #handle(Socket)}, doing {@code work} for each request before answering it. */
    public static void handle(Socket socket, RequestWork work) {
        try (socket;
             BufferedReader in = new BufferedReader(new InputStreamReader(socket.getInputStream(), StandardCharsets.ISO_8859_1));
             OutputStream out = socket.getOutputStream()) {
            socket.setTcpNoDelay(true);
            String requestLine;
            while ((requestLine = in.readLine()) != null) {
                if (requestLine.isEmpty()) {
                    continue; // a stray CRLF between requests is allowed (RFC 9112, 2.2)
                }
                boolean close = requestLine.endsWith("HTTP/1.0"); // no keep-alive for 1.0: kept simple
                long contentLength = 0;
                for (String header; (header = in.readLine()) != null && !header.isEmpty(); ) {
                    String h = header.toLowerCase(Locale.ROOT);
                    if (h.startsWith("connection:")) {
                        close |= h.contains("close");
                    } else if (h.startsWith("content-length:")) {
                        contentLength = Long.parseLong(h.substring("content-length:".length()).trim());
                    }
                }
                for (long skipped; contentLength > 0; contentLength -= skipped) {
                    if ((skipped = in.skip(contentLength)) == 0) {
                        return; // end of stream inside the body
                    }
                }
                work.run();
                out.write(close ? CLOSE : KEEP_ALIVE);
                if (close) {
                    return;
                }
            }
        } catch (IOException | NumberFormatException e) {
            // the client went away or sent garbage: drop the connection
        }
    }

    private static byte[] response(boolean close) {
        String head = "HTTP/1.1 200 OK\r\n"
                + "Content-Type: text/plain\r\n"
                + "Content-Length: " + BODY.length + "\r\n"
                + (close ? "Connection: close\r\n" : "")
                + "\r\n";
        byte[] headBytes = head.getBytes(StandardCharsets.US_ASCII);
        byte[] all = new byte[headBytes.length + BODY.length];
        System.arraycopy(headBytes, 0, all, 0, headBytes.length);
        System.arraycopy(BODY, 0, all, headBytes.length, BODY.length);
        return all;
    }
}
