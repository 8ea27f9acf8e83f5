package io.pal.coroutines;

import java.util.EnumMap;
import java.util.Map;
import java.util.concurrent.atomic.LongAdder;

/** Strand-level counters of one backend. Striped adders: cheap to bump from any carrier, summed on read. */
final class Counters {

    /** Strands spawned. Any thread. */
    private final LongAdder spawned = new LongAdder();
    /** Strands that ended. Carriers. */
    private final LongAdder ended = new LongAdder();
    /** Parks and sleeps that suspended (not those that returned at once). Carriers. */
    private final LongAdder parks = new LongAdder();
    /** Failed yields by reason. Strands, on their carrier. */
    private final LongAdder[] pins = new LongAdder[PinReason.values().length];

    Counters() {
        for (int i = 0; i < pins.length; i++) {
            pins[i] = new LongAdder();
        }
    }

    void spawned() {
        spawned.increment();
    }

    void ended() {
        ended.increment();
    }

    void parked() {
        parks.increment();
    }

    void pinned(PinReason r) {
        pins[r.ordinal()].increment();
    }

    long spawnedCount() {
        return spawned.sum();
    }

    long endedCount() {
        return ended.sum();
    }

    long parkCount() {
        return parks.sum();
    }

    Map<PinReason, Long> pinCounts() {
        Map<PinReason, Long> m = new EnumMap<>(PinReason.class);
        for (PinReason r : PinReason.values()) {
            m.put(r, pins[r.ordinal()].sum());
        }
        return m;
    }
}
