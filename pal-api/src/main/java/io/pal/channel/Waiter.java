package io.pal.channel;

import io.pal.Pal;
import io.pal.Strand;
import io.pal.spi.Backend;

import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;
import java.time.Duration;

/**
 * A strand's place in one channel's send or receive queue: a plain send or receive, or one case of
 * a {@link Selection}. An intrusive node, so a select that is done can unlink its other waiters in
 * O(1). The protocol ("hand-off", "withdraw") is told in the package essay.
 *
 * <pre>
 *   queued --removed by a counterpart or closer, under the lock--> claimed   // a plain waiter
 *   queued --removed, and its selection's claim CAS won-----------> claimed  // a select's case
 *   claimed --{@link #complete}--> done                                      // outcome written, then published
 *   queued --removed by its own strand ({@link #withdraw})--> gave up        // timeout or interrupt
 * </pre>
 */
final class Waiter {

    private static final VarHandle DONE;

    static {
        try {
            DONE = MethodHandles.lookup().findVarHandle(Waiter.class, "done", boolean.class);
        } catch (ReflectiveOperationException e) {
            throw new ExceptionInInitializerError(e);
        }
    }

    /** The waiting strand. Immutable. */
    final Strand<?> strand;
    /** The select this is a case of, or null for a plain send or receive. Immutable. */
    final Selection selection;
    /** The case's index in its selection (0 for a plain operation). Immutable. */
    final int caseIndex;
    /** The channel whose queue holds this. Immutable. */
    final Channel<?> channel;
    /**
     * A send's element, fixed while queued; a plain receive's element, written by its claimer
     * before {@link #done}. Read by the claimer under the channel's lock, or by the strand after done.
     */
    Object item;
    /** A plain operation's outcome: the channel closed under it. Same discipline as the received item. */
    boolean closed;
    /** A plain operation's publish: set last by its claimer, read by the strand, which then reads the fields above. */
    private volatile boolean done;
    /** Queue links; null when not queued. Guarded by the channel's lock. */
    Waiter prev;
    Waiter next;
    /** Which queue holds this, or null. Guarded by the channel's lock. */
    WaitQueue queue;

    /** A plain send ({@code item} the element) or receive ({@code item} null) of {@code strand}. */
    Waiter(Strand<?> strand, Channel<?> channel, Object item) {
        this(strand, null, 0, channel, item);
    }

    /** Case {@code caseIndex} of {@code selection}. */
    Waiter(Strand<?> strand, Selection selection, int caseIndex, Channel<?> channel, Object item) {
        this.strand = strand;
        this.selection = selection;
        this.caseIndex = caseIndex;
        this.channel = channel;
        this.item = item;
    }

    /**
     * Under the channel's lock, just after a counterpart or closer took this out of its queue:
     * whether it is now that party's to complete. A plain waiter is, by that removal alone (only
     * its own strand could race for it, and it withdraws under the same lock); a select's case is
     * if it wins its selection's claim, which other channels' parties and the strand race for.
     */
    boolean claim() {
        return selection == null || selection.claim(caseIndex);
    }

    /**
     * By the party that claimed this, after releasing the channel's lock: delivers the outcome
     * ({@code received}, null for a send; {@code closed} if the channel closed under it), publishes
     * it, then wakes the strand.
     */
    void complete(Object received, boolean closed) {
        if (selection == null) {
            this.item = received;
            this.closed = closed;
            DONE.setRelease(this, true); // release: the strand reads done (volatile) before item and closed
        } else {
            selection.received = received;
            selection.closed = closed;
            selection.publish();
        }
        Pal.unpark(strand);
    }

    /**
     * By the plain operation's own strand, after queueing this: parks until it is done; on timeout
     * or interrupt, withdraws it first if it can. True once done; false if it withdrew on timeout.
     * Reads the clock only for a timed wait.
     *
     * @throws InterruptedException it withdrew on interrupt (the status is cleared); if a
     *         counterpart had claimed it already, it finishes instead and sets the status again
     */
    boolean await(long nanos) throws InterruptedException {
        assert selection == null;
        long deadline = nanos == Backend.NO_TIMEOUT ? 0 : System.nanoTime() + nanos;
        while (!done) {
            if (Pal.interrupted()) {
                if (withdraw()) {
                    throw new InterruptedException();
                }
                awaitClaimer(); // claimed: the operation happens, and the interrupt stays for later
                Pal.current().interrupt();
                return true;
            }
            if (nanos == Backend.NO_TIMEOUT) {
                Pal.park();
            } else {
                long left = deadline - System.nanoTime();
                if (left <= 0) {
                    if (withdraw()) {
                        return false;
                    }
                    awaitClaimer();
                    return true;
                }
                Pal.park(Duration.ofNanos(left));
            }
        }
        return true;
    }

    /** After a failed withdraw: the claimer is between its unlock and {@link #complete}; waits for its publish. */
    private void awaitClaimer() {
        while (!done) {
            Pal.park();
        }
    }

    /** Whether a counterpart or closer has completed this plain operation. */
    boolean isDone() {
        return done;
    }

    /**
     * Takes this out of its queue if it is still there; true if it was, so that nobody can claim it
     * any more. False: some party already removed it (and claimed it, for a plain waiter).
     */
    boolean withdraw() {
        Channel<?> ch = channel;
        ch.lock.lock();
        try {
            if (queue == null) {
                return false;
            }
            queue.remove(this);
            return true;
        } finally {
            ch.lock.unlock();
        }
    }
}
