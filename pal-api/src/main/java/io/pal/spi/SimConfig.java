package io.pal.spi;

import io.pal.PalConfigurationException;

import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * The settings of a simulated run ({@code pal.backend=sim}), read from system properties and
 * checked here, so that {@link PalConfig#validate()} reports a bad one before anything runs.
 *
 * @param seed      the run's seed ({@code pal.seed}, any long, default 0): every scheduling choice
 *                  and every random number the program draws follows from it
 * @param strategy  how the next strand is chosen ({@code pal.sim.strategy}, default random)
 * @param pctDepth  the bug depth PCT aims at ({@code pal.sim.pctDepth}, 1 to {@value #PCT_DEPTH_LIMIT}, default 3)
 * @param maxSteps  the most scheduling steps a run may take before it counts as a failure
 *                  ({@code pal.sim.maxSteps}, 1 to {@link Long#MAX_VALUE}, default {@value #DEFAULT_MAX_STEPS})
 * @param traceHash whether the run prints {@code pal sim: seed=N steps=S virtualMillis=T trace=HEX}
 *                  on standard error at its end ({@code pal.sim.trace=hash}; default none)
 * @param epoch     where the virtual clock starts ({@code pal.sim.epoch}, an ISO-8601 instant,
 *                  default 2000-01-01T00:00:00Z)
 * @param net       the simulated network's faults ({@code pal.sim.net}, none by default)
 */
public record SimConfig(long seed, Strategy strategy, int pctDepth, long maxSteps, boolean traceHash, Instant epoch,
                        NetFaults net) {

    public static final String SEED = "pal.seed";
    public static final String STRATEGY = "pal.sim.strategy";
    public static final String PCT_DEPTH = "pal.sim.pctDepth";
    public static final String MAX_STEPS = "pal.sim.maxSteps";
    public static final String TRACE = "pal.sim.trace";
    public static final String EPOCH = "pal.sim.epoch";
    public static final String NET = "pal.sim.net";

    /** The deepest bug PCT may aim at: each level is one priority change point. */
    public static final int PCT_DEPTH_LIMIT = 64;
    public static final long DEFAULT_MAX_STEPS = 10_000_000;
    public static final Instant DEFAULT_EPOCH = Instant.parse("2000-01-01T00:00:00Z");

    /** How a simulated run chooses the next runnable strand at each scheduling point. */
    public enum Strategy {
        /** Uniformly at random among the runnable strands. */
        RANDOM,
        /** Probabilistic concurrency testing: random priorities, the highest runs, lowered at d-1 random steps. */
        PCT;

        public String id() {
            return name().toLowerCase(Locale.ROOT);
        }
    }

    public SimConfig {
        if (pctDepth < 1 || pctDepth > PCT_DEPTH_LIMIT) {
            throw PalConfig.invalid(PCT_DEPTH, Integer.toString(pctDepth), "an integer from 1 to " + PCT_DEPTH_LIMIT);
        }
        if (maxSteps < 1) {
            throw PalConfig.invalid(MAX_STEPS, Long.toString(maxSteps), "an integer from 1 to " + Long.MAX_VALUE);
        }
    }

    /** A configuration without network faults. */
    public SimConfig(long seed, Strategy strategy, int pctDepth, long maxSteps, boolean traceHash, Instant epoch) {
        this(seed, strategy, pctDepth, maxSteps, traceHash, epoch, NetFaults.NONE);
    }

    /** This configuration with another seed: the explorer's runs differ only in it. */
    public SimConfig withSeed(long newSeed) {
        return new SimConfig(newSeed, strategy, pctDepth, maxSteps, traceHash, epoch, net);
    }

    /**
     * The simulated network's faults, each drawn from the run's seed: {@code pal.sim.net} is a
     * comma-separated list of {@code latency=A-Bms} (each write arrives after a delay drawn from
     * A..B milliseconds, in order), {@code drop=P} (a segment is lost with probability P and, as TCP
     * retransmits, arrives {@value #RETRANSMIT_MILLIS} ms later), {@code reset=P} (a write resets its
     * connection with probability P) and {@code partition=A-Bms}, which may repeat (from virtual
     * millisecond A of the run until B nothing arrives: a segment due in that window arrives at B, as
     * TCP retransmits until the link heals; connections stay open). Empty or unset: none (every write
     * arrives at once, though a read may still return part of it).
     *
     * @param latencyMinNanos least delay of a write
     * @param latencyMaxNanos greatest delay of a write
     * @param drop            probability that a segment is lost once (0 to 1)
     * @param reset           probability that a write resets the connection (0 to 1)
     * @param partitions      the windows in which nothing arrives, earliest first
     */
    public record NetFaults(long latencyMinNanos, long latencyMaxNanos, double drop, double reset, List<Partition> partitions) {
        public static final NetFaults NONE = new NetFaults(0, 0, 0, 0);

        /** A window of virtual time, {@code [fromNanos, untilNanos)} since the run began, in which nothing arrives. */
        public record Partition(long fromNanos, long untilNanos) {
        }

        public NetFaults {
            partitions = List.copyOf(partitions);
        }

        /** Faults without partitions. */
        public NetFaults(long latencyMinNanos, long latencyMaxNanos, double drop, double reset) {
            this(latencyMinNanos, latencyMaxNanos, drop, reset, List.of());
        }

        /** When a segment due at {@code arrival} (virtual nanoseconds since the run began) arrives: after every partition it falls in. */
        public long arrivalAfterPartitions(long arrival) {
            long t = arrival;
            for (Partition p : partitions) {
                if (t >= p.fromNanos() && t < p.untilNanos()) {
                    t = p.untilNanos();
                }
            }
            return t;
        }
        /** How much later a dropped segment arrives: TCP's least retransmission timeout. */
        public static final long RETRANSMIT_MILLIS = 200;
        private static final String VALID = "a comma-separated list of latency=A-Bms, drop=P, reset=P and "
                + "partition=A-Bms (0 <= A <= B milliseconds, 0 <= P <= 1; partition may repeat), "
                + "e.g. latency=1-50ms,drop=0.01,reset=0.001,partition=2000-5000ms";

        /** Parses a {@code pal.sim.net} value. */
        public static NetFaults parse(String spec) {
            long min = 0;
            long max = 0;
            double drop = 0;
            double reset = 0;
            List<Partition> partitions = new ArrayList<>();
            if (spec == null || spec.isBlank()) {
                return NONE;
            }
            for (String part : spec.split(",", -1)) {
                String[] kv = part.strip().split("=", 2);
                if (kv.length != 2) {
                    throw PalConfig.invalid(NET, spec, VALID);
                }
                try {
                    switch (kv[0]) {
                        case "latency" -> {
                            long[] range = millisRange(kv[1], spec);
                            min = range[0];
                            max = range[1];
                        }
                        case "partition" -> {
                            long[] range = millisRange(kv[1], spec);
                            if (range[0] > range[1] || range[1] > MAX_PARTITION_MILLIS) {
                                throw PalConfig.invalid(NET, spec, VALID);
                            }
                            partitions.add(new Partition(range[0] * 1_000_000, range[1] * 1_000_000));
                        }
                        case "drop" -> drop = Double.parseDouble(kv[1]);
                        case "reset" -> reset = Double.parseDouble(kv[1]);
                        default -> throw PalConfig.invalid(NET, spec, VALID);
                    }
                } catch (NumberFormatException e) {
                    throw PalConfig.invalid(NET, spec, VALID);
                }
            }
            if (min < 0 || max < min || max > 3_600_000 || !(drop >= 0 && drop <= 1) || !(reset >= 0 && reset <= 1)) {
                throw PalConfig.invalid(NET, spec, VALID);
            }
            partitions.sort(java.util.Comparator.comparingLong(Partition::fromNanos));
            return new NetFaults(min * 1_000_000, max * 1_000_000, drop, reset, partitions);
        }

        /** The latest end of a partition: a year of virtual time. */
        private static final long MAX_PARTITION_MILLIS = 365L * 24 * 3_600_000;

        /** {@code A-Bms} or {@code Ams} as {A, B} milliseconds. */
        private static long[] millisRange(String v, String spec) {
            if (!v.endsWith("ms")) {
                throw PalConfig.invalid(NET, spec, VALID);
            }
            String[] range = v.substring(0, v.length() - 2).split("-", 2);
            long a = Long.parseLong(range[0]);
            return new long[] {a, range.length == 2 ? Long.parseLong(range[1]) : a};
        }
    }

    /**
     * Reads and validates every {@code pal.seed} and {@code pal.sim.*} property.
     *
     * @throws PalConfigurationException for the first bad value, naming it and what would be valid
     */
    public static SimConfig fromSystemProperties() {
        long seed = longValue(SEED, 0, "an integer (a long)");
        Strategy strategy = switch (text(STRATEGY, "random")) {
            case "random" -> Strategy.RANDOM;
            case "pct" -> Strategy.PCT;
            default -> throw PalConfig.invalid(STRATEGY, System.getProperty(STRATEGY), "random or pct");
        };
        long depth = longValue(PCT_DEPTH, 3, "an integer from 1 to " + PCT_DEPTH_LIMIT);
        if (depth < 1 || depth > PCT_DEPTH_LIMIT) {
            throw PalConfig.invalid(PCT_DEPTH, System.getProperty(PCT_DEPTH), "an integer from 1 to " + PCT_DEPTH_LIMIT);
        }
        long maxSteps = longValue(MAX_STEPS, DEFAULT_MAX_STEPS, "an integer from 1 to " + Long.MAX_VALUE);
        boolean hash = switch (text(TRACE, "none")) {
            case "none" -> false;
            case "hash" -> true;
            default -> throw PalConfig.invalid(TRACE, System.getProperty(TRACE), "none or hash");
        };
        Instant epoch = DEFAULT_EPOCH;
        String rawEpoch = System.getProperty(EPOCH);
        if (rawEpoch != null && !rawEpoch.isBlank()) {
            try {
                epoch = Instant.parse(rawEpoch.trim());
            } catch (DateTimeParseException e) {
                throw PalConfig.invalid(EPOCH, rawEpoch, "an ISO-8601 instant such as 2000-01-01T00:00:00Z");
            }
        }
        return new SimConfig(seed, strategy, (int) depth, maxSteps, hash, epoch, NetFaults.parse(System.getProperty(NET)));
    }

    private static String text(String key, String defaultValue) {
        String raw = System.getProperty(key);
        return raw == null || raw.isBlank() ? defaultValue : raw.trim().toLowerCase(Locale.ROOT);
    }

    private static long longValue(String key, long defaultValue, String valid) {
        String raw = System.getProperty(key);
        if (raw == null || raw.isBlank()) {
            return defaultValue;
        }
        try {
            return Long.parseLong(raw.trim());
        } catch (NumberFormatException e) {
            throw PalConfig.invalid(key, raw, valid);
        }
    }
}
