package io.pal.coroutines;

import jdk.jfr.Category;
import jdk.jfr.Description;
import jdk.jfr.Label;
import jdk.jfr.Name;
import jdk.jfr.StackTrace;
import jdk.jfr.Timespan;

/**
 * A JFR event for each blocking call a strand made that could not suspend it (file I/O,
 * {@code Object.wait}, a process wait, a pinned park: {@link io.pal.spi.BlockingCall}) and that
 * lasted {@link #MIN_NANOS} or more, committed when the call returns; its carrier's other work was
 * handed away at the call's start. Its stack trace is the strand's as the call returned.
 */
@Name("io.pal.Blocked")
@Label("Strand Blocked Its Carrier")
@Category({"pal", "Scheduling"})
@Description("A pal strand blocked its carrier thread in a call that cannot suspend it; the carrier's other work was handed off")
@StackTrace(true)
final class BlockedEvent extends jdk.jfr.Event {
    /** Shorter calls are not recorded: the monitor's period, as the JDK's file events default to a 20 ms threshold. */
    static final long MIN_NANOS = 10_000_000;

    @Label("Call")
    String call;
    @Label("Strand")
    String strand;
    @Label("Carrier")
    String carrier;
    @Label("Blocked")
    @Timespan(Timespan.NANOSECONDS)
    long blocked;
}
