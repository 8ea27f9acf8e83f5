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

    /** Reads {@code pal.tracePins} ({@link PalConfig#pinTracing()}). */
    static PinTrace fromSystemProperties() {
        return new PinTrace(PalConfig.pinTracing());
    }

    /**
     * A pin happened. {@code stack} is the stack that pinned, or null to take the caller's (the
     * strand pinned itself); the monitor passes the stuck carrier's.
     */
    void pinned(String strand, Thread carrier, PinReason reason, StackTraceElement[] stack) {
        PinnedEvent e = new PinnedEvent();
        if (e.isEnabled()) {
            e.reason = reason.name();
            e.strand = strand;
            e.carrier = carrier.getName();
            e.commit();
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
