package io.pal.spi;

import io.pal.BackendName;
import io.pal.PalConfigurationException;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.regex.Pattern;

/**
 * The settings a backend is created with, read from system properties, and the one place where
 * every {@code pal.*} property is parsed and checked.
 *
 * <p>{@link #validate()} checks them all at once: {@link Backends} calls it at first use, and a
 * launcher or agent calls {@link #validateOrExit()} before the program's {@code main}, so that a
 * bad value is one line on standard error and exit status 2, not a stack trace later. Each error
 * names the property, its value and what would be valid.
 *
 * @param carriers    carrier threads of a coroutine backend ({@code pal.carriers}, default: available
 *                    processors, at most {@value #CARRIERS_LIMIT})
 * @param maxCarriers the most carriers a coroutine backend may run, counting the spares its monitor
 *                    starts to stand in for blocked ones ({@code pal.maxCarriers}, default and most {@value #MAX_CARRIERS_LIMIT}, at least
 *                    {@code carriers})
 */
public record PalConfig(int carriers, int maxCarriers) {

    public static final String CARRIERS = "pal.carriers";
    public static final String MAX_CARRIERS = "pal.maxCarriers";
    public static final String DEADLOCK_REPORT_MILLIS = "pal.deadlockReportMillis";
    public static final String TRACE_PINS = "pal.tracePins";
    public static final String THREADS_AS_STRANDS = "pal.threadsAsStrands";
    public static final String PLATFORM_THREADS = "pal.platformThreads";
    /** Prints where start-up goes ({@link StartupTrace}): {@code true} or {@code false}, default false. */
    public static final String TRACE_STARTUP = "pal.traceStartup";
    static final String TRACE_STARTUP_ON = "true";

    /**
     * The most carriers {@code pal.carriers} may ask for: a carrier is a platform thread meant to own
     * a core, and every one is started up front, so a count far above the cores only costs threads.
     */
    public static final int CARRIERS_LIMIT = 1024;
    /** The most carriers {@code pal.maxCarriers} may allow, spares included: each spare is a platform thread. */
    public static final int MAX_CARRIERS_LIMIT = 4096;
    /** The longest {@code pal.deadlockReportMillis}: one day (0 turns the report off). */
    public static final long DEADLOCK_REPORT_MILLIS_LIMIT = 86_400_000;
    private static final long DEFAULT_DEADLOCK_REPORT_MILLIS = 10_000;
    /**
     * A carrier blocked in a call that cannot suspend its strand ({@code Object.wait}, file I/O)
     * holds a thread as a platform thread would, while a spare keeps {@code pal.carriers} running:
     * so the default leaves room for thousands of such calls at once, as Go's 10,000 threads do,
     * not the 256 of the JDK's carrier pool (virtual threads leave their carrier in Object.wait).
     */
    private static final int DEFAULT_MAX_CARRIERS = MAX_CARRIERS_LIMIT;

    /** What {@code pal.tracePins} may say: nothing, a line per pin, or the line and its stack. */
    public enum PinTracing { OFF, SHORT, FULL }

    public PalConfig {
        if (carriers < 1 || carriers > CARRIERS_LIMIT) {
            throw invalid(CARRIERS, Integer.toString(carriers), "an integer from 1 to " + CARRIERS_LIMIT);
        }
        if (maxCarriers < carriers || maxCarriers > MAX_CARRIERS_LIMIT) {
            throw invalid(MAX_CARRIERS, Integer.toString(maxCarriers),
                    "an integer from " + CARRIERS + " (" + carriers + ") to " + MAX_CARRIERS_LIMIT);
        }
    }

    /**
     * Checks every {@code pal.*} property pal reads: {@code pal.backend}, {@code pal.carriers},
     * {@code pal.maxCarriers}, {@code pal.deadlockReportMillis}, {@code pal.tracePins},
     * {@code pal.threadsAsStrands}, {@code pal.platformThreads}, {@code pal.traceStartup}, {@code pal.seed} and {@code pal.sim.*}
     * ({@link SimConfig}), whichever
     * backend they are for. Cheap, and safe to call more than once, from any thread.
     *
     * @throws PalConfigurationException for the first bad value, naming it and what would be valid
     */
    public static void validate() {
        String backend = System.getProperty(Backends.PROPERTY);
        if (backend != null && !backend.isBlank()) {
            BackendName.parse(backend.trim());
        }
        fromSystemProperties();
        deadlockReportMillis();
        pinTracing();
        threadsAsStrands();
        platformThreads();
        traceStartup();
        SimConfig.fromSystemProperties();
    }

    /**
     * {@link #validate()} for a launcher or an agent's premain: on a bad value prints its message as
     * one line ({@code pal: ...}) on standard error and exits the JVM with status 2.
     */
    public static void validateOrExit() {
        try {
            validate();
        } catch (PalConfigurationException e) {
            System.err.println("pal: " + e.getMessage());
            System.exit(2);
        }
    }

    /** Reads and validates {@code pal.carriers} and {@code pal.maxCarriers}. */
    public static PalConfig fromSystemProperties() {
        int carriers = (int) longProperty(CARRIERS, Runtime.getRuntime().availableProcessors(),
                1, CARRIERS_LIMIT, "an integer from 1 to " + CARRIERS_LIMIT);
        int max = (int) longProperty(MAX_CARRIERS, Math.max(DEFAULT_MAX_CARRIERS, carriers), carriers, MAX_CARRIERS_LIMIT,
                "an integer from " + CARRIERS + " (" + carriers + ") to " + MAX_CARRIERS_LIMIT);
        return new PalConfig(carriers, max);
    }

    /** {@code pal.deadlockReportMillis}: how long every strand must stay stuck before a report; 0 means never. */
    public static long deadlockReportMillis() {
        return longProperty(DEADLOCK_REPORT_MILLIS, DEFAULT_DEADLOCK_REPORT_MILLIS, 0, DEADLOCK_REPORT_MILLIS_LIMIT,
                "milliseconds from 0 to " + DEADLOCK_REPORT_MILLIS_LIMIT + " (0 turns the report off)");
    }

    /** {@code pal.tracePins}: off (the default), short or full, in any case. */
    public static PinTracing pinTracing() {
        String raw = System.getProperty(TRACE_PINS);
        if (raw == null || raw.isBlank()) {
            return PinTracing.OFF;
        }
        try {
            return PinTracing.valueOf(raw.trim().toUpperCase(Locale.ROOT));
        } catch (IllegalArgumentException e) {
            throw invalid(TRACE_PINS, raw, "off, short or full");
        }
    }

    /**
     * {@code pal.threadsAsStrands}: whether {@code Thread.start()} starts a strand on a backend whose
     * strands share carriers (the coroutine backend); {@code true} or {@code false} in any case,
     * default false. Under {@code pal.backend=sim} it is always true (every thread of a simulated
     * program must run on the simulation's carrier), and {@code false} is an error.
     */
    public static boolean threadsAsStrands() {
        String raw = System.getProperty(THREADS_AS_STRANDS);
        boolean sim = BackendName.SIM.id().equals(String.valueOf(System.getProperty(Backends.PROPERTY)).trim());
        if (raw == null || raw.isBlank()) {
            return sim;
        }
        return switch (raw.trim().toLowerCase(Locale.ROOT)) {
            case "true" -> true;
            case "false" -> {
                if (sim) {
                    throw invalid(THREADS_AS_STRANDS, raw, "true (or unset) under pal.backend=sim, which runs every thread of the program as a strand");
                }
                yield false;
            }
            default -> throw invalid(THREADS_AS_STRANDS, raw, "true or false");
        };
    }

    /** {@code pal.traceStartup}: whether {@link StartupTrace} prints; {@code true} or {@code false} in any case, default false. */
    public static boolean traceStartup() {
        String raw = System.getProperty(TRACE_STARTUP);
        if (raw == null || raw.isBlank()) {
            return false;
        }
        return switch (raw.trim().toLowerCase(Locale.ROOT)) {
            case TRACE_STARTUP_ON -> true;
            case "false" -> false;
            default -> throw invalid(TRACE_STARTUP, raw, "true or false");
        };
    }

    /**
     * {@code pal.platformThreads}: name patterns of threads that stay platform threads under
     * {@code pal.threadsAsStrands}, comma-separated globs ({@code *} any run of characters, {@code ?}
     * one character, everything else literal, case-sensitive); none by default.
     */
    public static List<Pattern> platformThreads() {
        String raw = System.getProperty(PLATFORM_THREADS);
        if (raw == null || raw.isBlank()) {
            return List.of();
        }
        List<Pattern> globs = new ArrayList<>();
        for (String glob : raw.split(",", -1)) {
            String g = glob.strip();
            if (g.isEmpty()) {
                throw invalid(PLATFORM_THREADS, raw, "comma-separated thread name globs (* and ?), none of them empty");
            }
            globs.add(globToRegex(g));
        }
        return List.copyOf(globs);
    }

    /** A glob as an anchored regular expression: {@code *} is {@code .*}, {@code ?} is {@code .}, the rest is quoted. */
    private static Pattern globToRegex(String glob) {
        StringBuilder re = new StringBuilder();
        StringBuilder literal = new StringBuilder();
        for (char c : glob.toCharArray()) {
            if (c == '*' || c == '?') {
                if (!literal.isEmpty()) {
                    re.append(Pattern.quote(literal.toString()));
                    literal.setLength(0);
                }
                re.append(c == '*' ? ".*" : ".");
            } else {
                literal.append(c);
            }
        }
        if (!literal.isEmpty()) {
            re.append(Pattern.quote(literal.toString()));
        }
        return Pattern.compile(re.toString(), Pattern.DOTALL);
    }

    /** The property's value as a long within [min, max], its default when unset or blank. */
    private static long longProperty(String key, long defaultValue, long min, long max, String valid) {
        String raw = System.getProperty(key);
        if (raw == null || raw.isBlank()) {
            return defaultValue;
        }
        try {
            long v = Long.parseLong(raw.trim());
            if (v >= min && v <= max) {
                return v;
            }
        } catch (NumberFormatException e) {
            // reported below, with the value as given
        }
        throw invalid(key, raw, valid);
    }

    /** The error for a bad property value: the property, its value as given, and what would be valid. */
    static PalConfigurationException invalid(String key, String raw, String valid) {
        return new PalConfigurationException(key + "=" + raw + " is not valid: expected " + valid);
    }
}
