package io.pal.sim;

import java.io.IOException;
import java.net.SocketTimeoutException;
import java.nio.ByteBuffer;
import java.nio.channels.AsynchronousCloseException;
import java.nio.channels.spi.AbstractInterruptibleChannel;
import java.util.function.BooleanSupplier;

/**
 * A channel's read and write of one of the network's pipes, shared by the socket channels and the
 * in-memory {@code Pipe}'s ends. A blocking operation runs inside the channel's own
 * {@code begin}/{@code end} (protected in {@link AbstractInterruptibleChannel}, so the channel hands
 * them over as a {@link Bracket}): the JDK's machinery then turns a close by another thread into
 * AsynchronousCloseException and an interrupt into ClosedByInterruptException.
 */
final class SimChannelIO {

    private SimChannelIO() {
    }

    /** A channel's {@code begin()} and {@code end(completed)}. */
    interface Bracket {
        void begin();

        void end(boolean completed) throws AsynchronousCloseException;
    }

    /**
     * Protocol "read" of {@code p} into the buffers (scattering): the bytes read, -1 at the end, 0
     * when a non-blocking read finds nothing. A blocking one waits at most {@code timeoutNanos}
     * (0: no limit), then throws SocketTimeoutException.
     */
    static long read(SimNetwork.Pipe p, ByteBuffer[] dsts, int offset, int length, boolean blocking, long timeoutNanos,
                     Bracket bracket) throws IOException {
        long room = remaining(dsts, offset, length);
        if (room == 0) {
            return 0;
        }
        int n = SimNetwork.CLOSED;
        if (blocking) {
            bracket.begin();
        }
        try {
            n = p.read((src, at, count) -> scatter(src, at, count, dsts, offset, length),
                    (int) Math.min(room, Integer.MAX_VALUE), blocking, timeoutNanos);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt(); // the interrupt closed the channel: end throws
        } finally {
            if (blocking) {
                bracket.end(n != SimNetwork.CLOSED);
            }
        }
        return switch (n) {
            case SimNetwork.CLOSED -> throw new AsynchronousCloseException();
            case SimNetwork.WOULD_BLOCK -> {
                if (blocking) {
                    throw new SocketTimeoutException("Read timed out");
                }
                yield 0;
            }
            default -> n;
        };
    }

    /** A gathering write of the buffers to {@code p}: one segment. Never waits. */
    static long write(SimNetwork.Pipe p, ByteBuffer[] srcs, int offset, int length, boolean blocking,
                      BooleanSupplier open, Bracket bracket) throws IOException {
        long total = remaining(srcs, offset, length);
        if (total > Integer.MAX_VALUE - 8) {
            throw new IOException("a write of " + total + " bytes is more than the simulated network takes at once (at most 2 GB)");
        }
        byte[] bytes = new byte[(int) total];
        int at = 0;
        for (int i = offset; i < offset + length; i++) {
            int k = srcs[i].remaining();
            srcs[i].get(bytes, at, k);
            at += k;
        }
        boolean done = false;
        if (blocking) {
            bracket.begin();
        }
        try {
            if (!open.getAsBoolean()) {
                throw new AsynchronousCloseException();
            }
            p.write(bytes, 0, bytes.length);
            done = true;
        } finally {
            if (blocking) {
                bracket.end(done);
            }
        }
        return total;
    }

    private static long remaining(ByteBuffer[] bufs, int offset, int length) {
        long n = 0;
        for (int i = offset; i < offset + length; i++) {
            n += bufs[i].remaining();
        }
        return n;
    }

    /** Puts {@code count} bytes of {@code src} into the buffers in order (a scattering read). */
    private static void scatter(byte[] src, int at, int count, ByteBuffer[] dsts, int offset, int length) {
        for (int i = offset; i < offset + length && count > 0; i++) {
            int k = Math.min(count, dsts[i].remaining());
            dsts[i].put(src, at, k);
            at += k;
            count -= k;
        }
    }
}
