package io.pal.sim;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.util.Objects;

/** The streams of a simulated socket ({@link SimSocketImpl}) and of a channel's socket adaptor: a byte at a time is a transfer of one. */
final class SimStreams {

    private SimStreams() {
    }

    /** An input stream whose subclass reads a checked, non-empty range. */
    abstract static class In extends InputStream {
        @Override
        public final int read() throws IOException {
            byte[] one = new byte[1];
            return read(one, 0, 1) < 0 ? -1 : one[0] & 0xff;
        }

        @Override
        public final int read(byte[] b, int off, int len) throws IOException {
            Objects.checkFromIndexSize(off, len, b.length);
            return len == 0 ? 0 : readSome(b, off, len);
        }

        /** Reads between 1 and {@code len > 0} bytes, or returns -1 at the end. */
        abstract int readSome(byte[] b, int off, int len) throws IOException;
    }

    /** An output stream whose subclass writes a checked range. */
    abstract static class Out extends OutputStream {
        @Override
        public final void write(int b) throws IOException {
            write(new byte[] {(byte) b}, 0, 1);
        }

        @Override
        public final void write(byte[] b, int off, int len) throws IOException {
            Objects.checkFromIndexSize(off, len, b.length);
            writeAll(b, off, len);
        }

        /** Writes the whole range. */
        abstract void writeAll(byte[] b, int off, int len) throws IOException;
    }

    /** SO_TIMEOUT of an adaptor, in milliseconds (0: none). Any thread. */
    static final class Timeout {
        private volatile int millis;

        void set(boolean open, int timeout) throws java.net.SocketException {
            get(open);
            if (timeout < 0) {
                throw new IllegalArgumentException("timeout < 0");
            }
            millis = timeout;
        }

        int get(boolean open) throws java.net.SocketException {
            if (!open) {
                throw new java.net.SocketException("Socket is closed");
            }
            return millis;
        }

        int millis() {
            return millis;
        }
    }
}
