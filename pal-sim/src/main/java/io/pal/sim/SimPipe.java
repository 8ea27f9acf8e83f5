package io.pal.sim;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.AsynchronousCloseException;
import java.nio.channels.ClosedChannelException;
import java.nio.channels.Pipe;
import java.nio.channels.SelectionKey;
import java.util.Objects;

/**
 * What {@code Pipe.open()} gives inside a run: one pipe of the run's {@link SimNetwork}, in memory,
 * without the network's faults (a process's pipe is no network) but with its seeded segmentation (a
 * read may return part of a write). Its ends block, select and close as a socket channel's do.
 */
final class SimPipe extends Pipe {

    private final Source source;
    private final Sink sink;

    SimPipe(SimSelectorProvider provider, SimNetwork net) {
        SimNetwork.Pipe p = net.new Pipe(false);
        this.source = new Source(provider, net, p);
        this.sink = new Sink(provider, net, p);
    }

    @Override
    public SourceChannel source() {
        return source;
    }

    @Override
    public SinkChannel sink() {
        return sink;
    }

    /** The reading end. */
    static final class Source extends Pipe.SourceChannel {
        private final SimNetwork net;
        private final SimNetwork.Pipe pipe;
        /** One reader at a time. */
        private final java.util.concurrent.locks.ReentrantLock readLock = new java.util.concurrent.locks.ReentrantLock();
        private final SimChannelIO.Bracket bracket = new SimChannelIO.Bracket() {
            @Override
            public void begin() {
                Source.this.begin();
            }

            @Override
            public void end(boolean completed) throws AsynchronousCloseException {
                Source.this.end(completed);
            }
        };

        Source(SimSelectorProvider provider, SimNetwork net, SimNetwork.Pipe pipe) {
            super(provider);
            this.net = net;
            this.pipe = pipe;
        }

        @Override
        public int read(ByteBuffer dst) throws IOException {
            return (int) read(new ByteBuffer[] {Objects.requireNonNull(dst, "dst")}, 0, 1);
        }

        @Override
        public long read(ByteBuffer[] dsts, int offset, int length) throws IOException {
            Objects.checkFromIndexSize(offset, length, dsts.length);
            readLock.lock();
            try {
                if (!isOpen()) {
                    throw new ClosedChannelException();
                }
                return SimChannelIO.read(pipe, dsts, offset, length, isBlocking(), 0, bracket);
            } finally {
                readLock.unlock();
            }
        }

        @Override
        public long read(ByteBuffer[] dsts) throws IOException {
            return read(dsts, 0, dsts.length);
        }

        /** OP_READ when a read would not wait. Caller holds the network's lock. */
        int readyOps() {
            return isOpen() && pipe.readable() ? SelectionKey.OP_READ : 0;
        }

        long nextArrival() {
            return pipe.nextArrival();
        }

        SimNetwork network() {
            return net;
        }

        @Override
        protected void implCloseSelectableChannel() {
            pipe.closeReader();
        }

        @Override
        protected void implConfigureBlocking(boolean block) {
            // the mode is read at the start of each read
        }
    }

    /** The writing end: writes never wait. */
    static final class Sink extends Pipe.SinkChannel {
        private final SimNetwork net;
        private final SimNetwork.Pipe pipe;
        /** One writer at a time. */
        private final java.util.concurrent.locks.ReentrantLock writeLock = new java.util.concurrent.locks.ReentrantLock();
        private final SimChannelIO.Bracket bracket = new SimChannelIO.Bracket() {
            @Override
            public void begin() {
                Sink.this.begin();
            }

            @Override
            public void end(boolean completed) throws AsynchronousCloseException {
                Sink.this.end(completed);
            }
        };

        Sink(SimSelectorProvider provider, SimNetwork net, SimNetwork.Pipe pipe) {
            super(provider);
            this.net = net;
            this.pipe = pipe;
        }

        @Override
        public int write(ByteBuffer src) throws IOException {
            return (int) write(new ByteBuffer[] {Objects.requireNonNull(src, "src")}, 0, 1);
        }

        @Override
        public long write(ByteBuffer[] srcs, int offset, int length) throws IOException {
            Objects.checkFromIndexSize(offset, length, srcs.length);
            writeLock.lock();
            try {
                if (!isOpen()) {
                    throw new ClosedChannelException();
                }
                return SimChannelIO.write(pipe, srcs, offset, length, isBlocking(), this::isOpen, bracket);
            } finally {
                writeLock.unlock();
            }
        }

        @Override
        public long write(ByteBuffer[] srcs) throws IOException {
            return write(srcs, 0, srcs.length);
        }

        /** OP_WRITE while open: writes never wait. */
        int readyOps() {
            return isOpen() ? SelectionKey.OP_WRITE : 0;
        }

        SimNetwork network() {
            return net;
        }

        @Override
        protected void implCloseSelectableChannel() {
            pipe.finish();
        }

        @Override
        protected void implConfigureBlocking(boolean block) {
            // writes never wait
        }
    }
}
