package io.pal.sim;

import java.net.SocketOption;
import java.net.StandardSocketOptions;
import java.util.HashMap;
import java.util.Map;
import java.util.Set;

/**
 * The socket options of a simulated channel: kept and returned, acting on nothing (the network has
 * no buffers to size and no Nagle to turn off). Any thread.
 */
final class SimChannelOptions {

    /** What a socket channel's options are before they are set, as Linux's defaults for loopback. */
    static final Map<SocketOption<?>, Object> STREAM = Map.of(StandardSocketOptions.SO_SNDBUF, 65_536,
            StandardSocketOptions.SO_RCVBUF, 65_536, StandardSocketOptions.SO_KEEPALIVE, false,
            StandardSocketOptions.SO_REUSEADDR, false, StandardSocketOptions.SO_LINGER, -1,
            StandardSocketOptions.TCP_NODELAY, false);
    /** The same for a server socket channel. */
    static final Map<SocketOption<?>, Object> LISTENER = Map.of(StandardSocketOptions.SO_RCVBUF, 65_536,
            StandardSocketOptions.SO_REUSEADDR, true);

    /** The options this channel kind has, with their defaults. Immutable. */
    private final Map<SocketOption<?>, Object> defaults;
    /** The values set. Guarded by this. */
    private final Map<SocketOption<?>, Object> values = new HashMap<>();

    SimChannelOptions(Map<SocketOption<?>, Object> defaults) {
        this.defaults = defaults;
    }

    Set<SocketOption<?>> supported() {
        return defaults.keySet();
    }

    /** Sets {@code name} of a channel that is {@code open} (else ClosedChannelException). */
    synchronized <T> void set(boolean open, SocketOption<T> name, T value) throws java.nio.channels.ClosedChannelException {
        ensureOpen(open);
        check(name);
        if (value == null || !name.type().isInstance(value)) {
            throw new IllegalArgumentException("invalid value for " + name + ": " + value + " (expected a " + name.type().getSimpleName() + ")");
        }
        values.put(name, value);
    }

    /** The value of {@code name} of a channel that is {@code open} (else ClosedChannelException). */
    synchronized <T> T get(boolean open, SocketOption<T> name) throws java.nio.channels.ClosedChannelException {
        ensureOpen(open);
        check(name);
        return name.type().cast(values.getOrDefault(name, defaults.get(name)));
    }

    /** A socket adaptor's setter: the channel's option, a closed channel reported as a Socket reports it. */
    static <T> void setFor(java.nio.channels.NetworkChannel ch, SocketOption<T> name, T value) throws java.net.SocketException {
        try {
            ch.setOption(name, value);
        } catch (java.io.IOException e) {
            throw new java.net.SocketException("Socket is closed");
        }
    }

    /** A socket adaptor's getter: see {@link #setFor}. */
    static <T> T getFor(java.nio.channels.NetworkChannel ch, SocketOption<T> name) throws java.net.SocketException {
        try {
            return ch.getOption(name);
        } catch (java.io.IOException e) {
            throw new java.net.SocketException("Socket is closed");
        }
    }

    private static void ensureOpen(boolean open) throws java.nio.channels.ClosedChannelException {
        if (!open) {
            throw new java.nio.channels.ClosedChannelException();
        }
    }

    private void check(SocketOption<?> name) {
        if (!defaults.containsKey(java.util.Objects.requireNonNull(name, "name"))) {
            throw new UnsupportedOperationException("'" + name + "' not supported by the simulated network (it has " + defaults.keySet() + ")");
        }
    }
}
