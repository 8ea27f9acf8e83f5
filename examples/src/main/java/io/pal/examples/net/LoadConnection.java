package io.pal.examples.net;

import java.nio.ByteBuffer;
import java.nio.channels.SelectionKey;
import java.nio.channels.SocketChannel;

/**
 * One client connection of the {@link LoadGenerator}: at most one request outstanding at a time
 * (a closed loop, as a blocking client has). Touched only by the {@link LoadWorker} that owns it.
 */
final class LoadConnection {

    /** The connection. */
    final SocketChannel channel;
    /** Its registration with the owner's selector. */
    final SelectionKey key;
    /** The request being sent or answered, in drain mode; its bytes stay for checking the echo. */
    final ByteBuffer request;
    /** The response read so far, in fill mode. */
    final ByteBuffer response;
    /** Number of the next request. */
    long seq;
    /** {@code System.nanoTime()} when the outstanding request was sent. */
    long sentAt;
    /** Whether a request is outstanding (sent or being sent, its response not complete). */
    boolean awaiting;
    /** Whether the connection has had its first response: the server accepted it and serves it. */
    boolean answered;
    /** Responses completed inside the measured window. */
    long measured;

    LoadConnection(SocketChannel channel, SelectionKey key, int requestCapacity, int responseCapacity) {
        this.channel = channel;
        this.key = key;
        this.request = ByteBuffer.allocate(requestCapacity);
        this.response = ByteBuffer.allocate(responseCapacity);
    }
}
