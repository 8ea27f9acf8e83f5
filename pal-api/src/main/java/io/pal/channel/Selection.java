package io.pal.channel;

import io.pal.Strand;

import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;

/**
 * One blocked operation of one strand: a plain send or receive (one case) or a select (several).
 * Exactly one party completes it: a counterpart on one of its channels, a closer, or the waiting
 * strand itself on timeout or interrupt. That party wins {@link #claim}, fills in the outcome,
 * then {@link #publish}es; the waiter parks until it sees {@link #isPublished}.
 *
 * <pre>
 *   WAITING --claim(case i)--> i          // by a counterpart or a closer, under that channel's lock
 *   WAITING --claim(GAVE_UP)--> GAVE_UP   // by the waiter: timeout or interrupt
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

    /** The waiting strand. Immutable. */
    final Strand<?> strand;
    /** WAITING, GAVE_UP or the index of the case that fired. CAS only. */
    private volatile int chosen = WAITING;
    /** The received element; written by the claimer before publish, read by the waiter after. */
    Object received;
    /** True if the fired case fired because its channel closed; same discipline as {@link #received}. */
    boolean closed;
    /** Set last by the claimer; the waiter reads the fields above only after seeing it. */
    private volatile boolean published;

    Selection(Strand<?> strand) {
        this.strand = strand;
    }

    /** Tries to make {@code outcome} the outcome; true for the one caller that wins. */
    boolean claim(int outcome) {
        return chosen == WAITING && CHOSEN.compareAndSet(this, WAITING, outcome);
    }

    int chosen() {
        return chosen;
    }

    void publish() {
        published = true;
    }

    boolean isPublished() {
        return published;
    }
}
