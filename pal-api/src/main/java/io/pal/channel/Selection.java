package io.pal.channel;

import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;

/**
 * A waiting select: one {@link Waiter} per case, queued on several channels, of which exactly one
 * fires. Exactly one party completes it: a counterpart on one of its channels, a closer, or the
 * selecting strand itself on timeout or interrupt. That party wins {@link #claim}, fills in the
 * outcome, then {@link #publish}es; the strand parks until it sees {@link #isPublished}. A plain
 * send or receive has no selection: only its own strand races its counterparts, and the channel's
 * lock settles that (package essay, "hand-off").
 *
 * <pre>
 *   WAITING --claim(case i)--> i          // by a counterpart or a closer, under that channel's lock
 *   WAITING --claim(GAVE_UP)--> GAVE_UP   // by the strand: timeout or interrupt
 * </pre>
 */
final class Selection {

    static final int WAITING = -1;
    static final int GAVE_UP = -2;

    private static final VarHandle CHOSEN;

    static {
        try {
            CHOSEN = MethodHandles.lookup().findVarHandle(Selection.class, "chosen", int.class);
        } catch (ReflectiveOperationException e) {
            throw new ExceptionInInitializerError(e);
        }
    }

    /**
     * WAITING, GAVE_UP or the index of the case that fired. Read and CASed through {@link #CHOSEN}
     * only; its plain initial write reaches other strands through the lock of the channel that
     * queues the first waiter.
     */
    private int chosen = WAITING;
    /** The received element; written by the claimer before publish, read by the strand after. */
    Object received;
    /** True if the fired case fired because its channel closed; same discipline as {@link #received}. */
    boolean closed;
    /** Set last by the claimer; the strand reads the fields above only after seeing it. */
    private volatile boolean published;

    /** Tries to make {@code outcome} the outcome; true for the one caller that wins. */
    boolean claim(int outcome) {
        return (int) CHOSEN.getVolatile(this) == WAITING && CHOSEN.compareAndSet(this, WAITING, outcome);
    }

    int chosen() {
        return (int) CHOSEN.getVolatile(this);
    }

    void publish() {
        published = true;
    }

    boolean isPublished() {
        return published;
    }
}
