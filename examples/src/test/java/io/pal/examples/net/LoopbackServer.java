package io.pal.examples.net;

import io.pal.Pal;

import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.util.concurrent.ExecutorService;
import java.util.function.Consumer;

/**
 * A test's server: {@link ThreadPerConnection#serve} on a loopback port, a strand per connection;
 * close ends it. The server socket is opened by a strand, as {@link ThreadPerConnection#listen}
 * does, so that on the coroutine backend its connections get pal's socket impl.
 */
final class LoopbackServer implements AutoCloseable {

    private final ServerSocket server;
    private final ExecutorService pool = Pal.executor();

    LoopbackServer(Consumer<Socket> handler) throws Exception {
        server = Pal.spawn(() -> new ServerSocket(0, 50, InetAddress.getLoopbackAddress())).join();
        Pal.spawn("acceptor", () -> ThreadPerConnection.serve(server, pool, handler));
    }

    InetSocketAddress address() {
        return new InetSocketAddress(server.getInetAddress(), server.getLocalPort());
    }

    Socket connect() throws IOException {
        return new Socket(server.getInetAddress(), server.getLocalPort());
    }

    @Override
    public void close() throws IOException {
        server.close();
        pool.shutdownNow();
    }
}
