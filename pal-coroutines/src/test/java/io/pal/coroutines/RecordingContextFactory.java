package io.pal.coroutines;

import io.pal.spi.StrandContext;

import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * A StrandContext factory registered for this module's tests: while {@link #enabled}, each strand
 * gets a "value" that lives in {@link #SLOT} under its carrier while it is mounted, as a
 * thread-local map would; the child inherits the spawner's value. Off, it costs one no-op swap.
 */
public final class RecordingContextFactory implements StrandContext.Factory {

    static volatile boolean enabled;
    /** What each thread "carries": a stand-in for Thread.threadLocals. */
    static final Map<Thread, String> SLOT = new ConcurrentHashMap<>();
    private static final StrandContext NOOP = carrier -> { };

    static String mine() {
        return SLOT.getOrDefault(Thread.currentThread(), "none");
    }

    static void setMine(String v) {
        SLOT.put(Thread.currentThread(), v);
    }

    @Override
    public StrandContext create() {
        if (!enabled) {
            return NOOP;
        }
        String inherited = mine(); // runs in the spawner's context
        return new StrandContext() {
            /** The strand's value while unmounted; the carrier's while mounted. */
            private String held = inherited;

            @Override
            public void swap(Thread carrier) {
                assert carrier == Thread.currentThread();
                String carriers = SLOT.getOrDefault(carrier, "none");
                SLOT.put(carrier, held);
                held = carriers;
            }
        };
    }
}
