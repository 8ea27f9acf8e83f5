package io.pal.examples.net;

import java.io.IOException;
import java.lang.management.ManagementFactory;
import java.net.InetSocketAddress;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * {@code bin/pal demo}: the legacy {@link EchoServer} (or {@link HelloHttpServer}) once per
 * backend, each in a JVM of its own, under 10,000 concurrent connections from the
 * {@link LoadGenerator} in this JVM; then one table: requests per second, p50 and p99 latency, and
 * the server process's peak threads and peak resident memory (from {@code /proc/<pid>/status}).
 *
 * <p>Nothing can hang it: the server must print its address within 30 s, every connection must be
 * answered once within {@code --connect-timeout} seconds, and the load itself is bounded in time;
 * a backend that misses any of these gets a row that says {@code failed:} and why, and the demo
 * goes on with the next.
 *
 * <p>Options: {@code --protocol echo|http} (echo), {@code --connections N} (10000),
 * {@code --backends "threads virtual coroutines"}, {@code --warmup S} (2), {@code --seconds S} (5),
 * {@code --connect-timeout S} (20), {@code --sources K} (16 client addresses 127.0.0.2...),
 * {@code --size BYTES} (64, echo message).
 */
public final class NetDemo {

    /** One row: a server, and what it did under load. */
    public record Row(String server, Measurement load, long peakThreads, long peakRssBytes) {
    }

    private static final Duration START_TIMEOUT = Duration.ofSeconds(30);

    private NetDemo() {
    }

    public static void main(String[] args) throws Exception {
        Options o = new Options(args);
        String protocol = o.get("--protocol", "echo");
        int connections = Integer.parseInt(o.get("--connections", "10000"));
        List<String> backends = List.of(o.get("--backends", "threads virtual coroutines").trim().split("[\\s,]+"));
        double warmup = Double.parseDouble(o.get("--warmup", "2"));
        double seconds = Double.parseDouble(o.get("--seconds", "5"));
        long connectTimeout = Long.parseLong(o.get("--connect-timeout", "20"));
        int sources = Integer.parseInt(o.get("--sources", "16"));
        int size = Integer.parseInt(o.get("--size", "64"));
        o.finish();
        Class<?> server = switch (protocol) {
            case "echo" -> EchoServer.class;
            case "http" -> HelloHttpServer.class;
            default -> throw new IllegalArgumentException("--protocol must be echo or http, not " + protocol);
        };

        System.out.printf(Locale.ROOT, "%s (legacy ServerSocket, one strand per connection), %,d connections, %s;"
                        + " %.0f s warm-up + %.0f s measured; each server in its own JVM%n",
                server.getSimpleName(), connections, protocol.equals("echo") ? size + "-byte messages" : "GET /",
                warmup, seconds);
        List<Row> rows = new ArrayList<>();
        for (String backend : backends) {
            System.out.printf("  %s: starting the server, connecting ...%n", backend);
            Row row = measure(backend, palServerCommand(backend, server, List.of()), s -> {
                InetSocketAddress address = s.address();
                Exchange exchange = protocol.equals("echo") ? new Exchange.Echo(size) : new Exchange.Http(address.getHostString());
                return Measurement.of(LoadGenerator.run(new LoadGenerator.Config(address, exchange, connections,
                        LoadGenerator.loopbackSources(sources), 1, 1000, Duration.ofSeconds(connectTimeout),
                        Duration.ofMillis((long) (warmup * 1000)), Duration.ofMillis((long) (seconds * 1000)),
                        LoadGenerator.Config.NOTHING)));
            });
            rows.add(row);
            System.out.printf("  %s: %s%n", backend, row.load().failure() == null ? "done" : "failed: " + row.load().failure());
        }
        System.out.println();
        System.out.print(table(rows));
    }

    /** A load run against a listening server; may throw only if it is interrupted. */
    @FunctionalInterface
    public interface Load {
        Measurement run(ServerProcess server) throws InterruptedException;
    }

    /**
     * Starts {@code command}, runs {@code load} against it once it listens, ends it, and reports.
     * Any failure (the server does not start, dies, or is not answered in time) is in the row's
     * measurement, never thrown.
     */
    public static Row measure(String label, List<String> command, Load load) throws InterruptedException {
        ServerProcess server;
        try {
            server = ServerProcess.start(command);
        } catch (IOException e) {
            return new Row(label, Measurement.failed(0, "cannot start " + command.getFirst() + ": " + e.getMessage()), 0, 0);
        }
        try (server) {
            try {
                server.awaitListening(START_TIMEOUT);
            } catch (IOException e) {
                return new Row(label, Measurement.failed(0, e.getMessage()), server.peakThreads(), server.peakRssBytes());
            }
            Measurement m = load.run(server);
            if (m.failure() != null && !server.isAlive()) {
                m = new Measurement(m.connections(), m.requestsPerSecond(), m.p50Nanos(), m.p99Nanos(),
                        m.failure() + "; the server died" + server.lastError(), m.note());
            }
            return new Row(label, m, server.peakThreads(), server.peakRssBytes());
        }
    }

    /**
     * The command that runs {@code mainClass} (a server taking {@code [port]}) on pal's
     * {@code backend} in a new JVM: this JVM's java, its options (pal's flags and any the user
     * added) except the backend's, this JVM's class path, port 0, then {@code extraArgs}.
     */
    public static List<String> palServerCommand(String backend, Class<?> mainClass, List<String> extraArgs) {
        List<String> jvmArgs = ManagementFactory.getRuntimeMXBean().getInputArguments().stream()
                .filter(a -> !a.startsWith("-Dpal.backend=") && !a.startsWith("-Dpal.carriers="))
                .toList();
        return palServerCommand(backend, mainClass, System.getProperty("java.class.path"), jvmArgs, extraArgs);
    }

    /**
     * As {@link #palServerCommand(String, Class, List)}, with these JVM options (pal's flags among
     * them) and on {@code classpath} (which must hold pal and its shims).
     */
    public static List<String> palServerCommand(String backend, Class<?> mainClass, String classpath,
                                                List<String> jvmArgs, List<String> extraArgs) {
        List<String> cmd = new ArrayList<>();
        cmd.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
        cmd.addAll(jvmArgs);
        cmd.add("-Dpal.backend=" + backend);
        cmd.add("-cp");
        cmd.add(classpath);
        cmd.add(mainClass.getName());
        cmd.add("0");
        cmd.addAll(extraArgs);
        return cmd;
    }

    /** The rows as an aligned text table; a failed row says so after its connection count. */
    public static String table(List<Row> rows) {
        StringBuilder sb = new StringBuilder();
        String format = "%-12s %11s %12s %10s %10s %15s %11s%n";
        sb.append(String.format(Locale.ROOT, format, "backend", "connections", "requests/s", "p50", "p99",
                "server threads", "server RSS"));
        for (Row r : rows) {
            Measurement m = r.load();
            if (m.failure() == null) {
                sb.append(String.format(Locale.ROOT, format, r.server(), count(m.connections()),
                        String.format(Locale.ROOT, "%,.0f", m.requestsPerSecond()), latency(m.p50Nanos()),
                        latency(m.p99Nanos()), String.format(Locale.ROOT, "%,d", r.peakThreads()), mib(r.peakRssBytes())));
            } else {
                sb.append(String.format(Locale.ROOT, "%-12s %11s   failed: %s (server peak: %,d threads, %s RSS)%n",
                        r.server(), count(m.connections()), m.failure(), r.peakThreads(),
                        mib(r.peakRssBytes()).trim()));
            }
        }
        sb.append("server threads: peak live threads of the server process (a JVM's own GC and compiler threads included);\n"
                + "server RSS: peak VmRSS; both sampled from /proc/<pid>/status every 100 ms. Latency: request written to\n"
                + "response read, closed loop (each connection sends its next request when answered).\n");
        return sb.toString();
    }

    /** A latency for the table: microseconds below 1 ms, else milliseconds. */
    public static String latency(long nanos) {
        return nanos < 1_000_000 ? String.format(Locale.ROOT, "%d us", nanos / 1000)
                : String.format(Locale.ROOT, "%.1f ms", nanos / 1e6);
    }

    /** A count with thousands separators; "-" for 0 (a run that did not get as far as connecting). */
    public static String count(long n) {
        return n == 0 ? "-" : String.format(Locale.ROOT, "%,d", n);
    }

    static String mib(long bytes) {
        return String.format(Locale.ROOT, "%,d MiB", Math.round(bytes / 1048576.0));
    }
}
