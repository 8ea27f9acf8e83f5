package io.pal.examples.net;

import java.io.IOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.time.Duration;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;

/**
 * A legacy server that owns its threads, written with no pal API: {@code main} accepts on a plain
 * thread; a fixed pool of {@code workers} platform threads ({@code Executors.newFixedThreadPool})
 * serves the connections, keep-alive, with {@link HelloHttpServer}'s request loop; and each request
 * borrows one of {@code resources} connections to a slow backing service from a pool guarded by
 * {@code synchronized}, {@code wait} and {@code notify} (the shape of many servlet containers' and
 * JDBC pools' own code), holds it for a query that waits {@code queryMicros} (a {@code Thread.sleep}),
 * and gives it back. The pool bounds the throughput at {@code resources / query time}, so backends
 * that keep up serve the same requests per second and differ in their tail latency.
 *
 * <p>Run it as an unmodified program, its threads as strands:
 * {@code bin/pal run --threads-as-strands -cp examples/target/classes io.pal.examples.net.PooledHttpServer [port [workers [resources [queryMicros [platform|virtual]]]]]}
 * (defaults 0, 200, 16, 1000, platform); it prints {@code listening on HOST:PORT}. The last argument
 * {@code virtual} makes the pool's threads the JDK's virtual threads ({@code Thread.ofVirtual().factory()}),
 * the one-line change a Loom port makes: the anchor that {@code bench/net.sh --scenarios pool} measures
 * the program against.
 */
public final class PooledHttpServer {

    private final ResourcePool resources;
    private final Duration query;

    private PooledHttpServer(int resources, Duration query) {
        this.resources = new ResourcePool(resources);
        this.query = query;
    }

    public static void main(String[] args) throws Exception {
        int port = args.length > 0 ? Integer.parseInt(args[0]) : 0;
        int workers = args.length > 1 ? positive(args[1], "workers") : 200;
        int resources = args.length > 2 ? positive(args[2], "resources") : 16;
        int queryMicros = args.length > 3 ? positive(args[3], "queryMicros") : 1000;
        String threads = args.length > 4 ? args[4] : "platform";
        PooledHttpServer app = new PooledHttpServer(resources, Duration.ofNanos(queryMicros * 1000L));
        ExecutorService pool = switch (threads) {
            case "platform" -> Executors.newFixedThreadPool(workers);
            case "virtual" -> Executors.newFixedThreadPool(workers, Thread.ofVirtual().factory());
            default -> throw new IllegalArgumentException("pool threads '" + threads + "' are not valid: expected platform or virtual");
        };
        try (ServerSocket server = new ServerSocket(port, ThreadPerConnection.DEFAULT_BACKLOG, InetAddress.getLoopbackAddress())) {
            System.out.println("listening on " + server.getInetAddress().getHostAddress() + ":" + server.getLocalPort());
            ThreadPerConnection.serve(server, pool, socket -> HelloHttpServer.handle(socket, app::query));
        }
    }

    private static int positive(String value, String name) {
        int n = Integer.parseInt(value);
        if (n < 1) {
            throw new IllegalArgumentException(name + " " + value + " is not valid: expected an integer >= 1");
        }
        return n;
    }

    /** One request's work: borrow a resource, wait for the query, give the resource back. */
    private void query() throws IOException {
        resources.borrow();
        try {
            Thread.sleep(query);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IOException("interrupted in a query", e);
        } finally {
            resources.giveBack();
        }
    }

    /** A counting pool of interchangeable resources, the old way: a monitor, wait and notify. */
    private static final class ResourcePool {
        private int free;

        ResourcePool(int size) {
            free = size;
        }

        synchronized void borrow() throws IOException {
            try {
                while (free == 0) {
                    wait();
                }
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IOException("interrupted waiting for a resource", e);
            }
            free--;
        }

        synchronized void giveBack() {
            free++;
            notify();
        }
    }
}
