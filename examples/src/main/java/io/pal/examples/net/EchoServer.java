package io.pal.examples.net;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.Socket;

/**
 * An echo server written the plain java.net way, as a legacy application has it: the accept loop
 * of {@link ThreadPerConnection} (one strand per connection, where pal's two changed lines are) and
 * blocking streams. It sends back every byte it reads, until the client closes.
 *
 * <p>Run: {@code bin/pal run --backend coroutines -cp examples/target/classes io.pal.examples.net.EchoServer [port] [backlog]}.
 * It prints {@code listening on HOST:PORT} once bound (port 0, the default, picks a free one).
 */
public final class EchoServer {

    private EchoServer() {
    }

    public static void main(String[] args) throws Exception {
        ThreadPerConnection.listen(args, EchoServer::echo);
    }

    /** Copies what the client sends back to it until end of stream, then closes the socket. */
    public static void echo(Socket socket) {
        try (socket; InputStream in = socket.getInputStream(); OutputStream out = socket.getOutputStream()) {
            socket.setTcpNoDelay(true);
            byte[] buffer = new byte[1024]; // per connection: counted in the benchmarks' memory per connection
            for (int n; (n = in.read(buffer)) > 0; ) {
                out.write(buffer, 0, n);
            }
        } catch (IOException e) {
            // the client went away (reset, or closed while we wrote): nothing to answer
        }
    }
}
