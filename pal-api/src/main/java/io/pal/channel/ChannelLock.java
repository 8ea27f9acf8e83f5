package io.pal.channel;

import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;

/**
 * A channel's lock (package essay, "the lock"; ADR 0026). It guards a few field updates at a time
 * and is never held across a park, an unpark, or any call that could suspend or block its holder,
 * so a contender waits for a holder that is running: it spins briefly, then yields between tries
 * ({@code Thread.yield}: a strand gives its carrier to other strands, a thread its core).
 * Not reentrant, no owner: a lock, not a monitor.
 */
final class ChannelLock {

    /** Busy tries before a contender starts yielding between tries. */
    private static final int SPINS = 64;

    private static final VarHandle HELD;

    static {
        try {
            HELD = MethodHandles.lookup().findVarHandle(ChannelLock.class, "held", int.class);
        } catch (ReflectiveOperationException e) {
            throw new ExceptionInInitializerError(e);
        }
    }

    /** 1 while held, else 0. Set by CAS, cleared by the holder with a release store. */
    private volatile int held;

    void lock() {
        if (!HELD.compareAndSet(this, 0, 1)) {
            contended();
        }
    }

    private void contended() {
        for (int tries = 1; ; tries++) {
            if (tries < SPINS) {
                Thread.onSpinWait();
            } else {
                Thread.yield();
            }
            if (held == 0 && HELD.compareAndSet(this, 0, 1)) {
                return;
            }
        }
    }

    /** By the holder: a release store, enough for the next holder's CAS to see every write made under the lock. */
    void unlock() {
        HELD.setRelease(this, 0);
    }

    /** Whether someone holds it; for assertions. */
    boolean isHeld() {
        return held != 0;
    }
}
