package io.pal.compat;

import io.pal.channel.Channel;
import io.pal.channel.ChannelClosedException;

/**
 * A one-shot latch that strands wait at until it is released: a pal channel that is closed to
 * release it, so a waiting strand parks as a strand (a CountDownLatch would block a coroutine's
 * carrier). Works for threads that are not strands too.
 */
public final class Latch {

    /** Nothing is ever sent; closing it releases every receiver. */
    private final Channel<Void> channel = Channel.unbuffered();

    /** Releases every waiter, now and later. Idempotent. */
    public void release() {
        channel.close();
    }

    /** Waits until {@link #release()}. */
    public void await() throws InterruptedException {
        try {
            channel.receive();
            throw new IllegalStateException("something was sent through a latch");
        } catch (ChannelClosedException released) {
            // released
        }
    }
}
