package io.pal.examples.net;

import io.pal.Pal;

import java.io.IOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.util.concurrent.ExecutorService;
import java.util.function.Consumer;

/**
 * The accept loop of a legacy thread-per-connection server, shared by {@link EchoServer} and
 * {@link HelloHttpServer}: {@code ServerSocket.accept()} in a loop, each connection handed to a
 * task of its own that does blocking I/O on the socket's streams.
 *
 * <p>What changed for pal, against the thread-pool original:
 * <ol>
 *   <li>{@code Pal.executor()} where it had {@code Executors.newCachedThreadPool()}: every
 *       connection gets a strand of the backend {@code -Dpal.backend} chose;</li>
 *   <li>the accept loop runs in a strand too ({@link #listen}), so that {@code main} can wait for
 *       it; the server socket could as well be opened by {@code main}'s plain thread (any socket,
 *       whoever made it, parks the strand that waits on it).</li>
 * </ol>
 */
public final class ThreadPerConnection {

    /** The listen queue length. The JDK's default, 50, drops SYNs when thousands connect at once. */
    static final int DEFAULT_BACKLOG = 4096;

    private ThreadPerConnection() {
    }

    /**
     * A server's {@code main}: binds the loopback address ({@code args[0]}: port, default 0 for a
     * free one; {@code args[1]}: backlog), prints {@code listening on HOST:PORT}, and serves with
     * {@code handler} until the process ends.
     */
    static void listen(String[] args, Consumer<Socket> handler) throws Exception {
        int port = args.length > 0 ? Integer.parseInt(args[0]) : 0;
        int backlog = args.length > 1 ? Integer.parseInt(args[1]) : DEFAULT_BACKLOG;
        Pal.spawn("acceptor", () -> {
            try (ServerSocket server = new ServerSocket(port, backlog, InetAddress.getLoopbackAddress())) {
                System.out.println("listening on " + server.getInetAddress().getHostAddress() + ":" + server.getLocalPort());
                serve(server, Pal.executor(), handler);
            }
            return null;
        }).join();
    }

    /** Accepts until {@code server} is closed, running {@code handler} on each connection as a task of {@code pool}. */
    public static void serve(ServerSocket server, ExecutorService pool, Consumer<Socket> handler) {
        while (!server.isClosed()) {
            Socket socket;
            try {
                socket = server.accept();
            } catch (IOException e) {
                if (server.isClosed()) {
                    return;
                }
                System.err.println("accept failed: " + e);
                continue;
            }
            pool.execute(() -> handler.accept(socket));
        }
    }
}
