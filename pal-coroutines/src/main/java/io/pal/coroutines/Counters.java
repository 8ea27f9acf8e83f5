package io.pal.coroutines;

import io.pal.spi.BlockingCall;
import io.pal.spi.PinReason;

import java.util.EnumMap;
import java.util.Map;
import java.util.concurrent.atomic.LongAdder;

/**
 * The counters of one backend that are bumped off the carriers too (spawns from any thread) or
 * rarely (pins, hand-offs). Striped adders, summed on read. Hot per-switch counts (switches, parks, ends,
 * steals) live in each carrier instead, single-writer and atomics-free: see Carrier.Stat.
 */
final class Counters {

    /** Strands spawned. Any thread. */
    private final LongAdder spawned = new LongAdder();
    /** Failed yields by reason. Strands, on their carrier. */
    private final LongAdder[] pins = adders(PinReason.values().length);
    /** Carriers handed off because their strand blocked them, by call. Strands on their carrier, and the monitor. */
    private final LongAdder[] handOffs = adders(BlockingCall.values().length);

    private static LongAdder[] adders(int n) {
        LongAdder[] a = new LongAdder[n];
        for (int i = 0; i < n; i++) {
            a[i] = new LongAdder();
        }
        return a;
    }

    void spawned() {
        spawned.increment();
    }

    void pinned(PinReason r) {
        pins[r.ordinal()].increment();
    }

    void handedOff(BlockingCall c) {
        handOffs[c.ordinal()].increment();
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

    Map<BlockingCall, Long> handOffCounts() {
        Map<BlockingCall, Long> m = new EnumMap<>(BlockingCall.class);
        for (BlockingCall c : BlockingCall.values()) {
            m.put(c, handOffs[c.ordinal()].sum());
        }
        return m;
    }
}
