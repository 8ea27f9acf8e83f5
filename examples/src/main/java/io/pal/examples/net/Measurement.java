package io.pal.examples.net;

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

    /** From a {@link LoadGenerator} run. */
    public static Measurement of(LoadGenerator.Result r) {
        return new Measurement(r.connections(), r.requestsPerSecond(), r.latencies().percentile(50),
                r.latencies().percentile(99), r.failure(), r.line());
    }
}
