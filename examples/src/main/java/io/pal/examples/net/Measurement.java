package io.pal.examples.net;

import java.util.Locale;

/**
 * What one load run against one server measured, whichever load generator ran it.
 *
 * @param connections        concurrent connections asked for
 * @param requestsPerSecond  completed requests per second in the measured window
 * @param p50Nanos           median latency, ns
 * @param p99Nanos           99th percentile latency, ns
 * @param failure            null, or why the run failed (then the numbers are partial or zero)
 * @param note               details worth a footnote (counts, connect time), never null
 */
public record Measurement(int connections, double requestsPerSecond, long p50Nanos, long p99Nanos, String failure,
                          String note) {

    /** A run that could not measure anything. */
    public static Measurement failed(int connections, String why) {
        return new Measurement(connections, 0, 0, 0, why, "");
    }

    /** From a {@link LoadGenerator} run; the note has the connect time, the maximum latency and any silent connections. */
    public static Measurement of(LoadGenerator.Result r) {
        String note = String.format(Locale.ROOT, "all connected and answered in %.1f s; max %s", r.connectSeconds(),
                NetDemo.latency(r.latencies().max()))
                + (r.silentConnections() > 0 ? String.format(Locale.ROOT, "; %,d connections had no answer in the measured window",
                r.silentConnections()) : "");
        return new Measurement(r.connections(), r.requestsPerSecond(), r.latencies().percentile(50),
                r.latencies().percentile(99), r.failure(), note);
    }
}
