package io.pal.coroutines;

import io.pal.spi.PalConfig;
import io.pal.spi.PalConfig.PinTracing;
import io.pal.spi.PinReason;

/**
 * Reports each pin, beyond counting it: as a JFR event {@code io.pal.Pinned} when a recording
 * wants it, and as a line on standard error when {@code -Dpal.tracePins} asks for it
 * ({@code short}: one line; {@code full}: the line and the stack that pinned; {@code off}, the
 * default: nothing), like the JDK's {@code jdk.tracePinnedThreads} for virtual threads.
 */
final class PinTrace {

    /** This backend's mode. Immutable. */
    private final PinTracing mode;

    private PinTrace(PinTracing mode) {
        this.mode = mode;
    }

    /**
     * True once JFR has been started in this JVM (a recording at start-up or by {@code jcmd JFR.start}).
     * pal's events are loaded only then: loading the first class that extends {@code jdk.jfr.Event}
     * sets up JFR's metadata, about 150 ms and 300 classes, which a JVM without a recording never
     * needs. {@code FlightRecorder.isInitialized} reads one static field and sets up nothing.
     */
    static boolean jfrStarted() {
        return jdk.jfr.FlightRecorder.isInitialized();
    }

    /** Reads {@code pal.tracePins} ({@link PalConfig#pinTracing()}). */
    static PinTrace fromSystemProperties() {
        return new PinTrace(PalConfig.pinTracing());
    }

    /**
     * A pin happened. {@code stack} is the stack that pinned, or null to take the caller's (the
     * strand pinned itself); the monitor passes the stuck carrier's.
     */
    void pinned(String strand, Thread carrier, PinReason reason, StackTraceElement[] stack) {
        if (jfrStarted()) {
            PinnedEvent e = new PinnedEvent();
            if (e.isEnabled()) {
                e.reason = reason.name();
                e.strand = strand;
                e.carrier = carrier.getName();
                e.commit();
            }
        }
        if (mode == PinTracing.OFF) {
            return;
        }
        StringBuilder sb = new StringBuilder("pal: strand ").append(strand).append(" pinned carrier ")
                .append(carrier.getName()).append(" (").append(reason).append(")\n");
        if (mode == PinTracing.FULL) {
            for (StackTraceElement f : stack != null ? stack : new Throwable().getStackTrace()) {
                sb.append("\tat ").append(f).append('\n');
            }
        }
        System.err.print(sb);
    }
}
