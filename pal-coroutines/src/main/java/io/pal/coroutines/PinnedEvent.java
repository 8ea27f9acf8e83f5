package io.pal.coroutines;

import jdk.jfr.Category;
import jdk.jfr.Description;
import jdk.jfr.Label;
import jdk.jfr.Name;
import jdk.jfr.StackTrace;

/**
 * A JFR event for each pin: a strand that blocked its carrier instead of suspending. Recorded when
 * a JFR recording enables {@code io.pal.Pinned} (it is on in the default and profile settings);
 * when the strand itself pinned, the event's stack trace is the strand's at the pin.
 */
@Name("io.pal.Pinned")
@Label("Strand Pinned")
@Category({"pal", "Scheduling"})
@Description("A pal strand blocked its carrier thread instead of suspending")
@StackTrace(true)
final class PinnedEvent extends jdk.jfr.Event {
    @Label("Reason")
    String reason;
    @Label("Strand")
    String strand;
    @Label("Carrier")
    String carrier;
}
