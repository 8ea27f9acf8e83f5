package io.pal.bench.net;

import io.pal.examples.net.Measurement;

import java.io.IOException;
import java.io.InputStream;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** Runs wrk (the HTTP load generator, Debian's package) against a server and reads its report. */
final class Wrk {

    private static final Pattern PERCENTILE = Pattern.compile("^\\s*(50|99)(?:\\.0+)?%\\s+([0-9.]+)(us|ms|s|m)\\s*$", Pattern.MULTILINE);
    private static final Pattern RATE = Pattern.compile("^Requests/sec:\\s+([0-9.]+)", Pattern.MULTILINE);
    private static final Pattern SOCKET_ERRORS = Pattern.compile(
            "Socket errors: connect (\\d+), read (\\d+), write (\\d+), timeout (\\d+)");
    private static final Pattern NON_2XX = Pattern.compile("Non-2xx or 3xx responses: (\\d+)");
    private static final Pattern TOTAL = Pattern.compile("(\\d+) requests in ([0-9.]+\\w+)");

    private Wrk() {
    }

    /**
     * A warm-up run (if {@code warmup} is at least a second), then the measured one: {@code threads}
     * wrk threads, {@code connections} keep-alive connections, {@code GET /}.
     */
    static Measurement run(String wrk, InetSocketAddress server, int connections, int threads, Duration warmup,
                           Duration duration) throws InterruptedException {
        String url = "http://" + server.getHostString() + ":" + server.getPort() + "/";
        try {
            if (warmup.toSeconds() >= 1) {
                exec(List.of(wrk, "-t" + threads, "-c" + connections, "-d" + warmup.toSeconds() + "s", url), warmup);
            }
            String out = exec(List.of(wrk, "-t" + threads, "-c" + connections, "-d" + Math.max(1, duration.toSeconds()) + "s",
                    "--timeout", "5s", "--latency", url), duration);
            return parse(out, connections);
        } catch (IOException e) {
            return Measurement.failed(connections, "wrk: " + e.getMessage());
        }
    }

    private static String exec(List<String> command, Duration duration) throws IOException, InterruptedException {
        Process p = new ProcessBuilder(command).redirectErrorStream(true).start();
        try (InputStream in = p.getInputStream()) {
            // wrk prints its whole report at the end, well inside the pipe's buffer; read after it exits
            if (!p.waitFor(duration.toSeconds() + 30, TimeUnit.SECONDS)) {
                p.destroyForcibly();
                throw new IOException("did not finish within " + (duration.toSeconds() + 30) + " s");
            }
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        }
    }

    /** Reads wrk's {@code --latency} report; a run with socket errors or non-2xx answers is a failure. */
    static Measurement parse(String out, int connections) {
        Matcher rate = RATE.matcher(out);
        if (!rate.find()) {
            return Measurement.failed(connections, "no Requests/sec in wrk's output: " + out.strip().replace('\n', ' '));
        }
        long p50 = 0, p99 = 0;
        for (Matcher m = PERCENTILE.matcher(out); m.find(); ) {
            long nanos = toNanos(Double.parseDouble(m.group(2)), m.group(3));
            if (m.group(1).equals("50")) {
                p50 = nanos;
            } else {
                p99 = nanos;
            }
        }
        Matcher total = TOTAL.matcher(out);
        String note = total.find() ? total.group(1) + " requests in " + total.group(2) : "";
        String failure = null;
        Matcher errors = SOCKET_ERRORS.matcher(out);
        if (errors.find()) {
            note += "; " + errors.group();
            failure = "wrk " + errors.group();
        }
        Matcher non2xx = NON_2XX.matcher(out);
        if (non2xx.find()) {
            failure = (failure == null ? "wrk: " : failure + "; ") + non2xx.group();
        }
        double rps = Double.parseDouble(rate.group(1));
        if (failure == null && rps == 0) {
            failure = "wrk: 0 requests/s";
        }
        return new Measurement(connections, rps, p50, p99, failure, note);
    }

    private static long toNanos(double value, String unit) {
        return Math.round(value * switch (unit) {
            case "us" -> 1e3;
            case "ms" -> 1e6;
            case "s" -> 1e9;
            case "m" -> 60e9;
            default -> throw new IllegalArgumentException("unknown wrk time unit " + unit);
        });
    }

    /** wrk's version line ("wrk debian/4.1.0 ..."), or null if {@code wrk} does not run. */
    static String version(String wrk) {
        try {
            Process p = new ProcessBuilder(wrk, "-v").redirectErrorStream(true).start();
            String first = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8).lines().findFirst().orElse("");
            p.waitFor(5, TimeUnit.SECONDS);
            return first.startsWith("wrk") ? first.strip() : null;
        } catch (IOException | InterruptedException e) {
            return null;
        }
    }
}
