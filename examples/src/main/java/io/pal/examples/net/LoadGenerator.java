package io.pal.examples.net;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.math.BigDecimal;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.UnknownHostException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * A load generator for {@link EchoServer} and {@link HelloHttpServer} (or any echo or HTTP/1.1
 * server): opens N connections, waits until every one has been answered once, then has each do
 * request/response round trips in a closed loop (the next request when the last is answered) for a
 * warm-up and a measured duration, and reports requests per second and latency percentiles of the
 * measured part.
 *
 * <p>It is not written the blocking way on purpose: it runs beside the server on the same two
 * cores, so it should cost as little CPU as it can, and one NIO selector thread drives 10,000
 * connections for less than 10,000 of anything else would. Client sockets are bound to several
 * source addresses (127.0.0.2, 127.0.0.3, ...; all of 127.0.0.0/8 is the loopback on Linux) so
 * that many connections, and TIME_WAIT left by earlier runs, do not exhaust one address's
 * ephemeral ports.
 *
 * <p>Latency is from writing a request to reading its whole response; closed-loop, so a stalled
 * server delays the next requests instead of showing up in them (no coordinated-omission
 * correction): p99 is a floor of what an open-loop client would see.
 *
 * <p>Run: {@code java -cp examples/target/classes io.pal.examples.net.LoadGenerator --port P
 * [--protocol echo|http] [--connections N] [--seconds S] [--warmup S] [--size BYTES]
 * [--sources K] [--threads T]}. It prints one {@code RESULT key=value ...} line, or
 * {@code FAILED reason}, and exits 0 or 1.
 */
public final class LoadGenerator {

    /**
     * What to run. {@code window}: connections a worker has opened and not yet seen answered, at
     * most. {@code whenAllAnswered}: run by the coordinator once every connection has been answered
     * and before the load starts, while all of them are open and idle (a memory probe, say).
     */
    public record Config(InetSocketAddress server, Exchange exchange, int connections, List<InetAddress> sources,
                         int threads, int window, Duration connectTimeout, Duration warmup, Duration duration,
                         Runnable whenAllAnswered) {

        public Config {
            if (connections < 1 || threads < 1 || window < 1) {
                throw new IllegalArgumentException("connections, threads and window must be >= 1");
            }
        }

        /** Nothing to run between connecting and loading. */
        public static final Runnable NOTHING = () -> { };
    }

    /**
     * What a run measured. {@code failure} is null if every connection was answered and none failed
     * during the run, else what went wrong (the counts are then partial). {@code total} counts every
     * response (first ones and warm-up included); {@code requests} only the measured ones.
     */
    public record Result(int connections, long requests, double seconds, LatencyHistogram latencies, long total,
                         int failedConnections, int silentConnections, double connectSeconds, String failure) {

        /** Measured requests per second. */
        public double requestsPerSecond() {
            return seconds > 0 ? requests / seconds : 0;
        }

        /** One line of {@code key=value}; latencies in microseconds. */
        public String line() {
            return String.format(Locale.ROOT,
                    "connections=%d requests=%d seconds=%.2f rps=%.0f p50_us=%.1f p99_us=%.1f max_us=%.1f total=%d"
                            + " failed=%d silent=%d connect_s=%.2f",
                    connections, requests, seconds, requestsPerSecond(), latencies.percentile(50) / 1e3,
                    latencies.percentile(99) / 1e3, latencies.max() / 1e3, total, failedConnections, silentConnections,
                    connectSeconds);
        }
    }

    /** The phases of one run, shared by the coordinator and the workers. */
    static final class Run {
        final Config config;
        /** Connections answered once. Incremented by workers. */
        final AtomicInteger ready = new AtomicInteger();
        /** Connections that failed. Incremented by workers. */
        final AtomicInteger failed = new AtomicInteger();
        /** Set by the coordinator, after measureStart and measureEnd: every connection may start. */
        volatile boolean started;
        /** Set by the coordinator: stop at once. */
        volatile boolean aborted;
        /** {@code System.nanoTime()} of the measured window's start and end; written before {@code started}. */
        volatile long measureStart;
        volatile long measureEnd;

        Run(Config config) {
            this.config = config;
        }
    }

    private LoadGenerator() {
    }

    /** Runs {@code config} to the end and reports; never throws for a server that misbehaves or hangs. */
    public static Result run(Config config) throws InterruptedException {
        Run run = new Run(config);
        List<LoadWorker> workers = new ArrayList<>();
        List<Thread> threads = new ArrayList<>();
        int first = 0;
        for (int t = 0; t < config.threads(); t++) {
            int quota = config.connections() / config.threads() + (t < config.connections() % config.threads() ? 1 : 0);
            LoadWorker w;
            try {
                w = new LoadWorker(run, first, quota);
            } catch (IOException e) {
                throw new UncheckedIOException("cannot open a selector", e);
            }
            first += quota;
            workers.add(w);
            threads.add(Thread.ofPlatform().name("load-" + t).start(w));
        }
        long t0 = System.nanoTime();
        long deadline = t0 + config.connectTimeout().toNanos();
        while (run.ready.get() < config.connections() && run.failed.get() == 0 && System.nanoTime() - deadline < 0) {
            Thread.sleep(10); // a coordinator's poll, not a test's guess: it only decides when to stop waiting
        }
        double connectSeconds = (System.nanoTime() - t0) / 1e9;
        int ready = run.ready.get();
        if (ready < config.connections()) {
            run.aborted = true;
        } else {
            config.whenAllAnswered().run();
            run.measureStart = System.nanoTime() + config.warmup().toNanos();
            run.measureEnd = run.measureStart + config.duration().toNanos();
            run.started = true;
        }
        workers.forEach(LoadWorker::wakeup);
        for (Thread t : threads) {
            t.join(); // the workers' fields are read only after this
        }
        LatencyHistogram all = new LatencyHistogram();
        long requests = 0, total = 0;
        int failed = 0, silent = 0;
        String firstFailure = null;
        for (LoadWorker w : workers) {
            all.add(w.latencies);
            requests += w.measured;
            total += w.total;
            failed += w.failed;
            silent += w.silent;
            firstFailure = firstFailure != null ? firstFailure : w.firstFailure;
        }
        String failure = null;
        if (ready < config.connections()) {
            failure = failed > 0
                    ? String.format(Locale.ROOT, "%,d connection(s) failed while connecting (%s)", failed, firstFailure)
                    : String.format(Locale.ROOT, "only %,d of %,d connections answered within %s s",
                            ready, config.connections(), seconds(config.connectTimeout()));
        } else if (failed > 0) {
            failure = String.format(Locale.ROOT, "%,d connection(s) failed during the run (%s)", failed, firstFailure);
        } else if (requests == 0 && !config.duration().isZero()) {
            failure = "no response in the measured " + seconds(config.duration()) + " s";
        }
        return new Result(config.connections(), requests, config.duration().toNanos() / 1e9, all, total, failed, silent,
                connectSeconds, failure);
    }

    /** "20" for 20 s, "0.3" for 300 ms. */
    private static String seconds(Duration d) {
        return BigDecimal.valueOf(d.toMillis(), 3).stripTrailingZeros().toPlainString();
    }

    /** {@code count} loopback source addresses, 127.0.0.2 upwards; none for 0 (the kernel picks 127.0.0.1). */
    public static List<InetAddress> loopbackSources(int count) {
        List<InetAddress> sources = new ArrayList<>();
        for (int i = 0; i < count; i++) {
            try {
                sources.add(InetAddress.getByAddress(new byte[] {127, 0, (byte) ((i + 2) >> 8), (byte) (i + 2)}));
            } catch (UnknownHostException e) {
                throw new IllegalStateException("inconsistent state: a 4-byte address was refused", e);
            }
        }
        return sources;
    }

    public static void main(String[] args) throws Exception {
        Options o = new Options(args);
        String host = o.get("--host", "127.0.0.1");
        int port = Integer.parseInt(o.require("--port"));
        String protocol = o.get("--protocol", "echo");
        Exchange exchange = switch (protocol) {
            case "echo" -> new Exchange.Echo(Integer.parseInt(o.get("--size", "64")));
            case "http" -> new Exchange.Http(host);
            default -> throw new IllegalArgumentException("--protocol must be echo or http, not " + protocol);
        };
        Config config = new Config(new InetSocketAddress(host, port), exchange,
                Integer.parseInt(o.get("--connections", "1000")),
                loopbackSources(Integer.parseInt(o.get("--sources", "16"))),
                Integer.parseInt(o.get("--threads", "1")),
                Integer.parseInt(o.get("--window", "1000")),
                Duration.ofSeconds(Long.parseLong(o.get("--connect-timeout", "30"))),
                Duration.ofMillis((long) (1000 * Double.parseDouble(o.get("--warmup", "2")))),
                Duration.ofMillis((long) (1000 * Double.parseDouble(o.get("--seconds", "5")))), Config.NOTHING);
        o.finish();
        Result r = run(config);
        if (r.failure() != null) {
            System.out.println("FAILED " + r.failure() + " (" + r.line() + ")");
            System.exit(1);
        }
        System.out.println("RESULT " + r.line());
    }
}
