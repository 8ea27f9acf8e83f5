package io.pal.examples.sim;

import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.charset.StandardCharsets;

/**
 * A request-reply protocol over a loopback socket whose both ends assume that one {@code read}
 * returns one whole message, because each message is sent with one {@code write}. TCP promises no
 * such thing: a read may return any prefix of what has arrived. On loopback, with messages this
 * short, it nearly always works anyway. Under {@code pal.backend=sim} sockets between the strands
 * of a program go through an in-memory network that splits what a write sent at points drawn from
 * the seed, so {@code bin/pal sim --seeds 1..500} finds a seed where a read returns part of a
 * message and the program fails. The fix is to frame messages (a length prefix, a delimiter) and
 * read until one is whole.
 */
public final class ReadAssumesWholeMessage {

    private static final String REQUEST = "GET balance of account 42";

    public static void main(String[] args) throws Exception {
        try (ServerSocket server = new ServerSocket(0, 50, InetAddress.getLoopbackAddress())) {
            Thread serving = new Thread(() -> serve(server), "server");
            serving.start();
            try (Socket s = new Socket(InetAddress.getLoopbackAddress(), server.getLocalPort())) {
                s.getOutputStream().write(REQUEST.getBytes(StandardCharsets.US_ASCII));
                String reply = readOnce(s.getInputStream()); // BUG: one read is not one message
                if (!reply.equals("balance of account 42: 100")) {
                    throw new IllegalStateException("garbled reply: '" + reply + "'");
                }
                System.out.println(reply);
            }
            serving.join();
        }
    }

    private static void serve(ServerSocket server) {
        try (Socket s = server.accept()) {
            String request = readOnce(s.getInputStream()); // BUG: likewise
            if (!request.equals(REQUEST)) {
                throw new IllegalStateException("garbled request: '" + request + "'");
            }
            OutputStream out = s.getOutputStream();
            out.write("balance of account 42: 100".getBytes(StandardCharsets.US_ASCII));
        } catch (java.io.IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }

    private static String readOnce(InputStream in) throws java.io.IOException {
        byte[] buf = new byte[256];
        int n = in.read(buf);
        return n < 0 ? "" : new String(buf, 0, n, StandardCharsets.US_ASCII);
    }
}
