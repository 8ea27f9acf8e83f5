package io.pal.spi;

import java.nio.channels.IllegalBlockingModeException;
import java.nio.channels.SelectableChannel;
import java.util.Objects;

/**
 * The preconditions of {@link Backend#awaitReady} and {@link Backend#channelClosed}, written once:
 * each backend calls these first and implements only the wait itself (as the JDK's
 * {@code sun.nio.ch.Poller.poll} does the shared checks before its subclass's {@code implRegister}).
 */
public final class Readiness {

    private Readiness() {
    }

    /**
     * What {@link Backend#awaitReady} checks before it waits: the channel is non-null and in
     * non-blocking mode, and the caller is not interrupted (a set status is cleared and thrown).
     *
     * @throws IllegalBlockingModeException the channel is in blocking mode
     * @throws InterruptedException the caller's interrupt status was set
     */
    public static void checkAwait(SelectableChannel channel) throws InterruptedException {
        Objects.requireNonNull(channel, "channel");
        if (channel.isBlocking()) {
            throw new IllegalBlockingModeException();
        }
        if (Thread.interrupted()) {
            throw new InterruptedException();
        }
    }

    /**
     * What {@link Backend#channelClosed} checks: the channel is non-null and closed.
     *
     * @throws IllegalArgumentException the channel is still open
     */
    public static void checkClosed(SelectableChannel channel) {
        Objects.requireNonNull(channel, "channel");
        if (channel.isOpen()) {
            throw new IllegalArgumentException("channelClosed on an open channel: " + channel);
        }
    }
}
