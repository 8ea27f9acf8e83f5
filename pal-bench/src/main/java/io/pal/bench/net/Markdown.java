package io.pal.bench.net;

import io.pal.examples.net.Measurement;
import io.pal.examples.net.NetDemo;

import java.math.BigDecimal;
import java.time.Duration;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.function.ToDoubleFunction;

/** The markdown NetBench prints: one section per scenario, its table, same-run ratios and pal's targets. */
final class Markdown {

    /** The ratios pal's targets are stated in: coroutines against each of these, when both ran. */
    private static final List<String> AGAINST = List.of("virtual", "threads", "go", "netty");

    private final StringBuilder out = new StringBuilder();

    void loadSection(String scenario, int connections, String load, Duration warmup, Duration measured, List<NetDemo.Row> rows) {
        line("### Network: %s, %,d connections", switch (scenario) {
            case "echo" -> "echo";
            case "pool" -> "HTTP through a server's own worker pool (PooledHttpServer, threads as strands)";
            default -> "HTTP hello";
        }, connections);
        line("");
        line("- load: %s; %s s warm-up + %s s measured; each server in a process of its own, the load in another, all on the same cpus.",
                load, secs(warmup), secs(measured));
        line("- server threads: peak `Threads` of the server process (a JVM's own GC and compiler threads included); server RSS: peak `VmRSS`; both from `/proc/<pid>/status` every 100 ms.");
        line("");
        line("| server | connections | requests/s | p50 | p99 | server threads (peak) | server RSS (peak) | notes |");
        line("|---|---:|---:|---:|---:|---:|---:|---|");
        for (NetDemo.Row r : rows) {
            Measurement m = r.load();
            if (m.failure() == null) {
                line("| %s | %s | %,.0f | %s | %s | %,d | %s | %s |", r.server(), NetDemo.count(m.connections()), m.requestsPerSecond(),
                        NetDemo.latency(m.p50Nanos()), NetDemo.latency(m.p99Nanos()), r.peakThreads(), mib(r.peakRssBytes()),
                        cell(m.note()));
            } else {
                line("| %s | %s | **failed** | | | %,d | %s | %s |", r.server(), NetDemo.count(m.connections()), r.peakThreads(),
                        mib(r.peakRssBytes()), cell("failed: " + m.failure()));
            }
        }
        line("");
        Optional<NetDemo.Row> co = find(rows, "coroutines");
        line("Same-run ratios, coroutines ÷ the other (requests/s: higher is better; p99: lower is better):");
        line("");
        line("| ratio | requests/s | p99 |");
        line("|---|---:|---:|");
        for (String other : AGAINST) {
            Optional<NetDemo.Row> o = find(rows, other);
            if (o.isEmpty()) {
                continue;
            }
            line("| coroutines / %s | %s | %s |", other,
                    ratio(co, o, r -> r.load().requestsPerSecond()), ratio(co, o, r -> r.load().p99Nanos()));
        }
        line("");
        if (scenario.equals("echo")) {
            line("Targets (echo with 10,000 connections):");
            line("");
            line("| target | measured | status |");
            line("|---|---:|---|");
            target("coroutines ≥ 1.2 × virtual requests/s", co, find(rows, "virtual"), r -> r.load().requestsPerSecond(), 1.2, true);
            target("coroutines ≥ 3 × threads requests/s", co, find(rows, "threads"), r -> r.load().requestsPerSecond(), 3, true);
            target("coroutines p99 ≤ virtual p99", co, find(rows, "virtual"), r -> r.load().p99Nanos(), 1, false);
            target("coroutines ≥ 0.9 × Go requests/s (within 10 %)", co, find(rows, "go"), r -> r.load().requestsPerSecond(), 0.9, true);
            line("");
            if (connections != 10_000) {
                line("(This run used %,d connections, not 10,000: the targets are shown, not judged, for it.)", connections);
                line("");
            }
        }
    }

    void idleSection(int target, FdLimit.Limits limits, List<IdleConnections.Result> rows) {
        line("### Network: idle connections held open");
        line("");
        int reached = rows.stream().mapToInt(IdleConnections.Result::connections).max().orElse(0);
        line("- asked for %,d idle echo connections per server; RLIMIT_NOFILE here: soft %,d (was %,d before JNR-POSIX setrlimit), hard %,d.",
                target, limits.soft(), limits.softBefore(), limits.hard());
        if (reached < target) {
            line("- **%,d connections were not reachable here**: each connection needs a descriptor in the client and one in the server, "
                    + "and each process may hold at most %,d (the hard limit); %s. So each server held %,d connections at most, "
                    + "from 16 client addresses (127.0.0.2-17).", target, limits.hard(),
                    limits.hardRaiseError() == null ? "the hard limit was high enough, so the limit was something else (see notes)"
                            : "raising the hard limit needs CAP_SYS_RESOURCE, and " + limits.hardRaiseError(), reached);
        }
        line("- per connection: (VmRSS with the connections open and idle − VmRSS of the warmed-up idle server) ÷ connections; "
                + "each connection did one round trip, so its strand waits in a read. JVM servers get a full GC "
                + "(`jcmd <pid> GC.run`) before each reading; Go is left to its own collector. The echo server's own 1 KiB "
                + "read buffer per connection is included (the Go server has the same).");
        line("");
        line("| server | idle connections | server RSS, idle | with the connections | RSS per connection | server threads | notes |");
        line("|---|---:|---:|---:|---:|---:|---|");
        for (IdleConnections.Result r : rows) {
            if (r.failure() == null) {
                line("| %s | %,d | %s | %s | %,d B | %,d | %s |", r.server(), r.connections(), mib(r.idleRssBytes()),
                        mib(r.loadedRssBytes()), r.bytesPerConnection(), r.threads(), cell(r.why()));
            } else {
                line("| %s | %s | %s | | **failed** | %,d | %s |", r.server(), NetDemo.count(r.connections()),
                        r.idleRssBytes() == 0 ? "-" : mib(r.idleRssBytes()),
                        r.threads(), cell("failed: " + r.failure()));
            }
        }
        line("");
        Optional<IdleConnections.Result> co = rows.stream().filter(r -> r.server().equals("coroutines")).findFirst();
        line("Same-run ratios, coroutines ÷ the other (RSS per connection: lower is better):");
        line("");
        line("| ratio | RSS per connection |");
        line("|---|---:|");
        for (String other : AGAINST) {
            Optional<IdleConnections.Result> o = rows.stream().filter(r -> r.server().equals(other)).findFirst();
            if (o.isPresent()) {
                line("| coroutines / %s | %s |", other, ratioOf(co.filter(r -> r.failure() == null).map(r -> (double) r.bytesPerConnection()),
                        o.filter(r -> r.failure() == null).map(r -> (double) r.bytesPerConnection()), co.map(IdleConnections.Result::failure)));
            }
        }
        line("");
        line("Target: idle connections ≤ 4 KiB RSS per connection on coroutines: %s.",
                co.isEmpty() ? "not run" : co.get().failure() != null ? "not measured (coroutines failed)"
                        : String.format(Locale.ROOT, "%,d B, %s", co.get().bytesPerConnection(),
                        co.get().bytesPerConnection() <= 4096 ? "**met**" : "**not met**"));
        line("");
    }

    private void target(String what, Optional<NetDemo.Row> co, Optional<NetDemo.Row> other, ToDoubleFunction<NetDemo.Row> f,
                        double bar, boolean higherIsBetter) {
        String status;
        String measured = ratio(co, other, f);
        if (co.isEmpty() || other.isEmpty()) {
            status = "not run";
        } else if (co.get().load().failure() != null) {
            status = "not measured: coroutines failed";
        } else if (other.get().load().failure() != null) {
            status = "not measured: " + other.get().server() + " failed";
        } else {
            double r = f.applyAsDouble(co.get()) / f.applyAsDouble(other.get());
            status = (higherIsBetter ? r >= bar : r <= bar) ? "**met**" : "**not met**";
        }
        line("| %s | %s | %s |", what, measured, status);
    }

    private static String ratio(Optional<NetDemo.Row> co, Optional<NetDemo.Row> other, ToDoubleFunction<NetDemo.Row> f) {
        return ratioOf(co.filter(r -> r.load().failure() == null).map(f::applyAsDouble),
                other.filter(r -> r.load().failure() == null).map(f::applyAsDouble),
                co.map(r -> r.load().failure()));
    }

    private static String ratioOf(Optional<Double> co, Optional<Double> other, Optional<String> coFailure) {
        if (coFailure.isPresent() && coFailure.get() != null) {
            return "n/a (coroutines failed)";
        }
        if (co.isEmpty()) {
            return "n/a (coroutines not run)";
        }
        if (other.isEmpty() || other.get() == 0) {
            return "n/a";
        }
        double r = co.get() / other.get();
        return String.format(Locale.ROOT, r < 0.1 ? "%.3f ×" : "%.2f ×", r);
    }

    private static Optional<NetDemo.Row> find(List<NetDemo.Row> rows, String server) {
        return rows.stream().filter(r -> r.server().equals(server)).findFirst();
    }

    private static String mib(long bytes) {
        return String.format(Locale.ROOT, "%,.0f MiB", bytes / 1048576.0);
    }

    private static String secs(Duration d) {
        return BigDecimal.valueOf(d.toMillis(), 3).stripTrailingZeros().toPlainString();
    }

    private static String cell(String s) {
        return s.replace("|", "\\|").replace("\n", " ");
    }

    private void line(String format, Object... args) {
        out.append(String.format(Locale.ROOT, format, args)).append('\n');
    }

    @Override
    public String toString() {
        return out.toString();
    }
}
