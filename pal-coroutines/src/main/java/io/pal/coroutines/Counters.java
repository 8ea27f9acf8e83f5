package io.pal.coroutines;

import io.pal.spi.PinReason;

import java.util.EnumMap;
import java.util.Map;
import java.util.concurrent.atomic.LongAdder;

/**
 * The counters of one backend that are bumped off the carriers too (spawns from any thread) or
 * rarely (pins). Striped adders, summed on read. Hot per-switch counts (switches, parks, ends,
 * steals) live in each carrier instead, single-writer and atomics-free: see Carrier.Stat.
 */
final class Counters {

    /** Strands spawned. Any thread. */
    private final LongAdder spawned = new LongAdder();
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

    void pinned(PinReason r) {
        pins[r.ordinal()].increment();
    }

    long spawnedCount() {
        return spawned.sum();
    }

    Map<PinReason, Long> pinCounts() {
        Map<PinReason, Long> m = new EnumMap<>(PinReason.class);
        for (PinReason r : PinReason.values()) {
            m.put(r, pins[r.ordinal()].sum());
        }
        return m;
    }
}
