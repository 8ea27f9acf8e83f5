package io.pal.bench.net;

import io.pal.examples.net.Exchange;
import io.pal.examples.net.LoadGenerator;
import io.pal.examples.net.ProcStatus;
import io.pal.examples.net.ServerProcess;

import java.io.IOException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.TimeUnit;

/**
 * Idle connections held open: the server's resident memory per connection.
 *
 * <ol>
 *   <li>Start the server; warm it up with 200 connections doing echo round trips for 2 s (so that
 *       class loading and compilation of its connection path are not billed to the idle ones); let
 *       it settle 2 s; read its VmRSS: the idle server.</li>
 *   <li>Open as many connections as both processes' descriptor limits allow, up to the target; each
 *       does one round trip (so the server has accepted it and a strand of its own waits in a read);
 *       then hold them all open and idle, let it settle 2 s, read VmRSS again.</li>
 *   <li>Memory per connection = (second − first) / connections.</li>
 * </ol>
 * A JVM server (pal's, Netty) gets a full collection ({@code jcmd <pid> GC.run}) before each
 * reading, so that garbage left by connecting is not billed to holding the connections; a Go server
 * is left to its own collector (jcmd's attach signal, SIGQUIT, would kill it). The settle waits
 * are a benchmark's pause for memory to stop moving, not a guess in a test.
 */
final class IdleConnections {

    /** Descriptors kept free in each process beyond those in use, for whatever else it opens meanwhile. */
    private static final long FD_MARGIN = 200;
    private static final Duration SETTLE = Duration.ofSeconds(2);

    /** One server's outcome; {@code why} says what limited the connection count, if anything did. */
    record Result(String server, int connections, long idleRssBytes, long loadedRssBytes, long threads,
                  String failure, String why) {

        long bytesPerConnection() {
            return connections > 0 ? (loadedRssBytes - idleRssBytes) / connections : 0;
        }

        String resultLine() {
            return String.join("\t", "RESULT", "net-idle", server, Integer.toString(connections),
                    Long.toString(bytesPerConnection()), "NaN", "B/conn",
                    String.format(Locale.ROOT, "idle_rss_bytes=%d loaded_rss_bytes=%d threads=%d failure=%s",
                            idleRssBytes, loadedRssBytes, threads, failure == null ? "none" : failure)) + "\n";
        }
    }

    private IdleConnections() {
    }

    static Result measure(String label, List<String> command, int target, FdLimit.Limits client, Duration connectTimeout)
            throws InterruptedException {
        ServerProcess server;
        try {
            server = ServerProcess.start(command);
        } catch (IOException e) {
            return new Result(label, 0, 0, 0, 0, "cannot start " + command.getFirst() + ": " + e.getMessage(), "");
        }
        try (server) {
            try {
                server.awaitListening(Duration.ofSeconds(30));
            } catch (IOException e) {
                return new Result(label, 0, 0, 0, 0, e.getMessage(), "");
            }
            long pid = server.pid();
            long serverRoom = ProcStatus.openFilesLimit(pid).orElse(0) - ProcStatus.openFiles(pid).orElse(0) - FD_MARGIN;
            long clientRoom = client.soft() - ProcStatus.openFiles(ProcessHandle.current().pid()).orElse(0) - FD_MARGIN;
            int n = (int) Math.max(1, Math.min(target, Math.min(serverRoom, clientRoom)));
            String why = n >= target ? "" : String.format(Locale.ROOT,
                    "room for %,d descriptors in the server, %,d in the client", serverRoom, clientRoom);

            LoadGenerator.Result warm = LoadGenerator.run(config(server, 200, connectTimeout, Duration.ofSeconds(2), LoadGenerator.Config.NOTHING));
            if (warm.failure() != null) {
                return new Result(label, 0, 0, 0, server.peakThreads(), "warm-up: " + warm.failure() + server.lastError(), why);
            }
            boolean jvm = command.getFirst().endsWith("/bin/java");
            settle(pid, jvm);
            long idle = ProcStatus.rssBytes(pid).orElse(0);
            long[] loaded = new long[2];
            LoadGenerator.Result r = LoadGenerator.run(config(server, n, connectTimeout, Duration.ZERO, () -> {
                try {
                    settle(pid, jvm);
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                }
                loaded[0] = ProcStatus.rssBytes(pid).orElse(0);
                loaded[1] = ProcStatus.threads(pid).orElse(0);
            }));
            if (r.failure() != null) {
                return new Result(label, n, idle, 0, server.peakThreads(), r.failure() + (server.isAlive() ? "" : server.lastError()), why);
            }
            return new Result(label, n, idle, loaded[0], loaded[1], null, why);
        }
    }

    /** A full collection in a JVM server, then {@link #SETTLE}. */
    private static void settle(long pid, boolean jvm) throws InterruptedException {
        if (jvm) {
            try {
                Process p = new ProcessBuilder(Path.of(System.getProperty("java.home"), "bin", "jcmd").toString(),
                        Long.toString(pid), "GC.run").redirectErrorStream(true).redirectOutput(ProcessBuilder.Redirect.DISCARD).start();
                if (!p.waitFor(30, TimeUnit.SECONDS)) {
                    p.destroyForcibly();
                }
            } catch (IOException e) {
                // no jcmd: measured without the collection
            }
        }
        Thread.sleep(SETTLE.toMillis());
    }

    private static LoadGenerator.Config config(ServerProcess server, int connections, Duration connectTimeout,
                                               Duration duration, Runnable whenAllAnswered) {
        return new LoadGenerator.Config(server.address(), new Exchange.Echo(64), connections,
                LoadGenerator.loopbackSources(16), 1, 1000, connectTimeout, Duration.ZERO, duration, whenAllAnswered);
    }
}
