package io.pal.coroutines;

import io.pal.PalConfigurationException;
import io.pal.spi.PinReason;

import java.util.Locale;

/**
 * Reports each pin, beyond counting it: as a JFR event {@code io.pal.Pinned} when a recording
 * wants it, and as a line on standard error when {@code -Dpal.tracePins} asks for it
 * ({@code short}: one line; {@code full}: the line and the stack that pinned; {@code off}, the
 * default: nothing), like the JDK's {@code jdk.tracePinnedThreads} for virtual threads.
 */
final class PinTrace {

    /** The system property read at backend creation. */
    static final String PROPERTY = "pal.tracePins";

    /** What {@link #PROPERTY} may say. */
    enum Mode { OFF, SHORT, FULL }

    /** This backend's mode. Immutable. */
    private final Mode mode;

    private PinTrace(Mode mode) {
        this.mode = mode;
    }

    static PinTrace fromSystemProperties() {
        String raw = System.getProperty(PROPERTY);
        if (raw == null || raw.isBlank()) {
            return new PinTrace(Mode.OFF);
        }
        try {
            return new PinTrace(Mode.valueOf(raw.trim().toUpperCase(Locale.ROOT)));
        } catch (IllegalArgumentException e) {
            throw new PalConfigurationException(PROPERTY + "=" + raw + " is not valid: expected off, short or full");
        }
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
        if (mode == Mode.OFF) {
            return;
        }
        StringBuilder sb = new StringBuilder("pal: strand ").append(strand).append(" pinned carrier ")
                .append(carrier.getName()).append(" (").append(reason).append(")\n");
        if (mode == Mode.FULL) {
            for (StackTraceElement f : stack != null ? stack : new Throwable().getStackTrace()) {
                sb.append("\tat ").append(f).append('\n');
            }
        }
        System.err.print(sb);
    }
}
