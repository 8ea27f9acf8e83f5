package io.pal.channel;

/**
 * A strand's place in one channel's send or receive queue: one case of a {@link Selection}. An
 * intrusive node, so a select that is done can unlink its other waiters in O(1). All fields are
 * guarded by the lock of {@link #channel}.
 */
final class Waiter {
    /** The operation this is a case of. Immutable. */
    final Selection selection;
    /** The case's index in its selection. Immutable. */
    final int caseIndex;
    /** The channel whose queue holds this. Immutable. */
    final Channel<?> channel;
    /** For a send: the element offered. Immutable. */
    final Object element;
    /** Queue links; null when not queued. Guarded by the channel's lock. */
    Waiter prev;
    Waiter next;
    /** Which queue holds this, or null. Guarded by the channel's lock. */
    WaitQueue queue;

    Waiter(Selection selection, int caseIndex, Channel<?> channel, Object element) {
        this.selection = selection;
        this.caseIndex = caseIndex;
        this.channel = channel;
        this.element = element;
    }
}
