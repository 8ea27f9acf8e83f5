package io.pal.bench.net;

import io.pal.examples.net.EchoServer;
import io.pal.examples.net.Exchange;
import io.pal.examples.net.HelloHttpServer;
import io.pal.examples.net.LoadGenerator;
import io.pal.examples.net.Measurement;
import io.pal.examples.net.NetDemo;
import io.pal.examples.net.Options;
import io.pal.examples.net.PooledHttpServer;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;

/**
 * The network benchmarks that bench/net.sh runs, one scenario per JVM: pal's legacy example
 * servers on each backend against a Go and a Netty server doing the same job, each server in a
 * process of its own, the load from this one. Prints a markdown section (table, same-run ratios,
 * pal's targets) and appends raw {@code RESULT} lines to {@code --results}.
 *
 * <pre>
 *   NetBench --scenario echo|http|pool|idle --server-classpath CP --server-jvm-flags "FLAGS"
 *            [--backends "threads virtual coroutines"] [--go PALBENCH_BINARY] [--netty true|false]
 *            [--connections N] [--warmup S] [--seconds S] [--connect-timeout S] [--wrk PATH] [--results FILE]
 * </pre>
 *
 * <ul>
 *   <li>{@code echo}: {@link EchoServer}, {@link LoadGenerator} with N connections (default 10,000),
 *       64-byte messages, closed loop.</li>
 *   <li>{@code http}: {@link HelloHttpServer}, wrk if {@code --wrk} names it (one wrk thread, so that
 *       the load takes the same one cpu as the echo load), else the LoadGenerator's HTTP mode.</li>
 *   <li>{@code pool}: {@link PooledHttpServer} (its own 200-thread pool, 16 resources behind a
 *       monitor, a 1 ms query per request) with {@code -Dpal.threadsAsStrands=true}, loaded as
 *       {@code http} with N connections (default 200); pal's backends only: a server's own worker pool
 *       run as strands, and its tail latency at the throughput the resource pool allows. On
 *       {@code virtual} the program's pool threads are virtual threads (its last argument), the anchor.</li>
 *   <li>{@code idle}: {@link IdleConnections}: as many idle echo connections as the descriptor limits
 *       allow, up to N (default 100,000), and the server's resident memory per connection.</li>
 * </ul>
 */
public final class NetBench {

    record Server(String label, List<String> command) {
    }

    private NetBench() {
    }

    public static void main(String[] args) throws Exception {
        Options o = new Options(args);
        String scenario = o.require("--scenario");
        String serverClasspath = o.require("--server-classpath");
        List<String> serverJvmFlags = Arrays.stream(o.get("--server-jvm-flags", "").trim().split("\\s+"))
                .filter(s -> !s.isEmpty()).toList();
        List<String> backends = Arrays.stream(o.get("--backends", "threads virtual coroutines").trim().split("[\\s,]+"))
                .filter(s -> !s.isEmpty()).toList();
        String go = o.get("--go", "");
        boolean netty = Boolean.parseBoolean(o.get("--netty", "true"));
        int connections = Integer.parseInt(o.get("--connections", switch (scenario) {
            case "idle" -> "100000";
            case "http" -> "1000";
            case "pool" -> "200";
            default -> "10000";
        }));
        Duration warmup = seconds(o.get("--warmup", "3"));
        Duration measured = seconds(o.get("--seconds", "10"));
        Duration connectTimeout = seconds(o.get("--connect-timeout", "30"));
        String wrk = o.get("--wrk", "");
        String results = o.get("--results", "");
        o.finish();

        boolean pool = scenario.equals("pool");
        boolean http = scenario.equals("http") || pool;
        Class<?> palServer = pool ? PooledHttpServer.class : http ? HelloHttpServer.class : EchoServer.class;
        // pool: the server's own threads run as strands (a no-op on threads), and it has no Go or Netty twin
        List<String> flags = pool ? concat(serverJvmFlags, "-Dpal.threadsAsStrands=true") : serverJvmFlags;
        List<Server> servers = new ArrayList<>();
        for (String b : backends) {
            // pool on virtual: pal's virtual backend runs no thread as a strand, so the anchor is the
            // program with its pool's threads made virtual (its one-line Loom port)
            List<String> serverArgs = pool && b.equals("virtual") ? List.of("200", "16", "1000", "virtual") : List.of();
            servers.add(new Server(b, NetDemo.palServerCommand(b, palServer, serverClasspath, flags, serverArgs)));
        }
        if (pool) {
            go = "";
            netty = false;
        }
        if (!go.isEmpty()) {
            servers.add(new Server("go", List.of(go, "-mode", http ? "http-server" : "echo-server")));
        }
        if (netty) {
            servers.add(new Server("netty", List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                    "-cp", System.getProperty("java.class.path"), NettyServer.class.getName(), http ? "http" : "echo")));
        }

        Markdown md = new Markdown();
        switch (scenario) {
            case "echo", "http", "pool" -> {
                boolean useWrk = http && !wrk.isEmpty() && Wrk.version(wrk) != null;
                String load = useWrk
                        ? Wrk.version(wrk) + ", 1 thread, keep-alive, `GET /`"
                        : "pal's LoadGenerator (one NIO thread, closed loop" + (http ? ", keep-alive `GET /`" : ", 64-byte messages")
                          + ", 16 client addresses 127.0.0.2-17)";
                List<NetDemo.Row> rows = new ArrayList<>();
                for (Server s : servers) {
                    System.err.printf("[net] %s: %s, %,d connections%n", scenario, s.label(), connections);
                    NetDemo.Row row = NetDemo.measure(s.label(), s.command(), p -> {
                        Exchange exchange = http ? new Exchange.Http(p.address().getHostString()) : new Exchange.Echo(64);
                        if (!useWrk) {
                            return Measurement.of(LoadGenerator.run(loadConfig(p.address(), exchange, connections,
                                    connectTimeout, warmup, measured)));
                        }
                        // wrk cannot tell a server that answers one connection from one that answers all of
                        // them, so first every connection must be answered once, as in the echo scenario
                        LoadGenerator.Result check = LoadGenerator.run(loadConfig(p.address(), exchange, connections,
                                connectTimeout, Duration.ZERO, Duration.ZERO));
                        return check.failure() != null ? Measurement.of(check)
                                : Wrk.run(wrk, p.address(), connections, 1, warmup, measured);
                    });
                    System.err.printf("[net]   %s%n", row.load().failure() == null ? row.load().note() : "failed: " + row.load().failure());
                    rows.add(row);
                    appendResult(results, scenario, row);
                }
                md.loadSection(scenario, connections, load, warmup, measured, rows);
            }
            case "idle" -> {
                List<IdleConnections.Result> rows = new ArrayList<>();
                FdLimit.Limits limits = FdLimit.raise(connections + 1000L);
                for (Server s : servers) {
                    System.err.printf("[net] idle: %s, up to %,d connections%n", s.label(), connections);
                    IdleConnections.Result r = IdleConnections.measure(s.label(), s.command(), connections, limits, connectTimeout);
                    System.err.printf("[net]   %s%n", r.failure() == null ? r.connections() + " connections, "
                            + r.bytesPerConnection() + " B each" : "failed: " + r.failure());
                    rows.add(r);
                    if (!results.isEmpty()) {
                        Files.writeString(Path.of(results), r.resultLine(), StandardOpenOption.CREATE, StandardOpenOption.APPEND);
                    }
                }
                md.idleSection(connections, limits, rows);
            }
            default -> throw new IllegalArgumentException("--scenario must be echo, http, pool or idle, not " + scenario);
        }
        System.out.print(md);
    }

    private static List<String> concat(List<String> list, String more) {
        List<String> all = new ArrayList<>(list);
        all.add(more);
        return all;
    }

    private static void appendResult(String file, String scenario, NetDemo.Row row) throws IOException {
        if (file.isEmpty()) {
            return;
        }
        Measurement m = row.load();
        String line = String.join("\t", "RESULT", "net-" + scenario, row.server(), Integer.toString(m.connections()),
                String.format(Locale.ROOT, "%.1f", m.requestsPerSecond()), "NaN", "req/s",
                String.format(Locale.ROOT, "p50_ns=%d p99_ns=%d peak_threads=%d peak_rss_bytes=%d failure=%s; %s",
                        m.p50Nanos(), m.p99Nanos(), row.peakThreads(), row.peakRssBytes(),
                        m.failure() == null ? "none" : m.failure(), m.note())) + "\n";
        Files.writeString(Path.of(file), line, StandardOpenOption.CREATE, StandardOpenOption.APPEND);
    }

    private static LoadGenerator.Config loadConfig(InetSocketAddress server, Exchange exchange, int connections,
                                                   Duration connectTimeout, Duration warmup, Duration measured) {
        return new LoadGenerator.Config(server, exchange, connections, LoadGenerator.loopbackSources(16), 1, 1000,
                connectTimeout, warmup, measured, LoadGenerator.Config.NOTHING);
    }

    private static Duration seconds(String s) {
        return Duration.ofMillis(Math.round(Double.parseDouble(s) * 1000));
    }
}
