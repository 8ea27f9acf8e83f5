package io.pal.spi;

/**
 * A switchable account of where pal's start-up goes: with {@code -Dpal.traceStartup=true} each
 * {@link #step} prints one line on standard error, the milliseconds since the previous step and since
 * the first, and the JVM's shutdown prints a last one. Off (the default) a step is one read of a
 * static final boolean. The steps are named where pal starts: the agent's {@code premain}, the
 * backend's creation and each part of it, the first strand.
 *
 * <p>Written with no lambda, string concatenation or formatter, so that switching it on loads no class
 * the start-up would not load anyway (each of those spins classes at its first use).
 */
public final class StartupTrace {

    /** Whether steps are printed: {@code pal.traceStartup} is {@code true} in any case (checked by {@link PalConfig#validate()}). Immutable. */
    private static final boolean ON = PalConfig.TRACE_STARTUP_ON.equalsIgnoreCase(String.valueOf(System.getProperty(PalConfig.TRACE_STARTUP)).trim());
    /** nanoTime of the first step, 0 before it. Guarded by the class lock. */
    private static long first;
    /** nanoTime of the previous step. Guarded by the class lock. */
    private static long last;

    private StartupTrace() {
    }

    /** Whether {@code pal.traceStartup} is on. */
    public static boolean on() {
        return ON;
    }

    /** Marks the end of step {@code what}: prints its time when tracing is on, does nothing otherwise. */
    public static void step(String what) {
        if (ON) {
            print(what);
        }
    }

    private static synchronized void print(String what) {
        long now = System.nanoTime();
        if (first == 0) {
            first = last = now;
            Thread exit = new Thread(new Runnable() {
                @Override
                public void run() {
                    print("shutdown");
                }
            }, "pal-startup-trace");
            Runtime.getRuntime().addShutdownHook(exit);
        }
        StringBuilder line = new StringBuilder("pal startup: +");
        millis(line, now - last).append(" ms, at ");
        millis(line, now - first).append(" ms: ").append(what);
        System.err.println(line);
        last = now;
    }

    /** Appends {@code nanos} as milliseconds with two decimals. */
    private static StringBuilder millis(StringBuilder out, long nanos) {
        long hundredths = nanos / 10_000;
        out.append(hundredths / 100).append('.');
        long frac = hundredths % 100;
        return out.append(frac < 10 ? "0" : "").append(frac);
    }
}
