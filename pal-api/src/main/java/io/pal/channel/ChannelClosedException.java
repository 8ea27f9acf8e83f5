package io.pal.channel;

/** A send on a closed channel, or a receive on one that is closed and drained. */
public final class ChannelClosedException extends IllegalStateException {
    public ChannelClosedException(String message) {
        super(message);
    }
}
