package io.pal.examples.net;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;

/**
 * One request/response protocol of the {@link LoadGenerator}: what a connection sends, and when the
 * bytes it has read are a whole, correct response. Stateless; one instance serves every connection.
 */
public sealed interface Exchange {

    /** Size of the buffer a connection reads responses into; a response must fit. */
    int responseCapacity();

    /** Writes request number {@code seq} into {@code out} (cleared by the caller) and flips it for writing to a channel. */
    void request(long seq, ByteBuffer out);

    /**
     * Whether {@code in} (in fill mode: bytes {@code [0, position)}) holds the whole response to
     * {@code request} (whose bytes start at index 0 of its array). Throws if the bytes cannot be its response.
     */
    boolean complete(ByteBuffer in, ByteBuffer request) throws IOException;

    /** Echo: the request is {@code size} bytes (the sequence number, then a pattern), the response the same bytes. */
    record Echo(int size) implements Exchange {

        public Echo {
            if (size < Long.BYTES) {
                throw new IllegalArgumentException("echo message size below 8 bytes: " + size);
            }
        }

        @Override
        public int responseCapacity() {
            return size;
        }

        @Override
        public void request(long seq, ByteBuffer out) {
            out.putLong(seq);
            for (int i = Long.BYTES; i < size; i++) {
                out.put((byte) (seq * 31 + i));
            }
            out.flip();
        }

        @Override
        public boolean complete(ByteBuffer in, ByteBuffer request) throws IOException {
            if (in.position() < size) {
                return false;
            }
            if (!Arrays.equals(in.array(), 0, size, request.array(), 0, size)) {
                throw new IOException("the echo differs from the request");
            }
            return true;
        }
    }

    /** HTTP/1.1: a keep-alive {@code GET /}; a response is complete once its headers and {@code Content-Length} bytes are in. */
    record Http(String host) implements Exchange {

        private static final byte[] HEADER_END = {'\r', '\n', '\r', '\n'};
        private static final String LENGTH = "content-length:";

        @Override
        public int responseCapacity() {
            return 4096;
        }

        @Override
        public void request(long seq, ByteBuffer out) {
            out.put(("GET / HTTP/1.1\r\nHost: " + host + "\r\n\r\n").getBytes(StandardCharsets.US_ASCII));
            out.flip();
        }

        @Override
        public boolean complete(ByteBuffer in, ByteBuffer request) throws IOException {
            int length = responseLength(in.array(), in.position());
            if (length < 0) {
                if (in.position() == in.capacity()) {
                    throw new IOException("HTTP response headers longer than " + in.capacity() + " bytes");
                }
                return false;
            }
            if (in.position() > length) {
                throw new IOException("bytes after the response, which nobody asked for");
            }
            return in.position() == length;
        }

        /**
         * The length of the response starting at {@code bytes[0]}, or -1 if its headers are not all
         * in the first {@code n} bytes. Throws on a status other than 200 or a missing Content-Length.
         */
        static int responseLength(byte[] bytes, int n) throws IOException {
            int headerEnd = indexOf(bytes, n, HEADER_END);
            if (headerEnd < 0) {
                return -1;
            }
            String head = new String(bytes, 0, headerEnd, StandardCharsets.ISO_8859_1);
            if (!head.startsWith("HTTP/1.1 200 ") && !head.startsWith("HTTP/1.0 200 ")) {
                throw new IOException("not a 200 response: " + head.lines().findFirst().orElse(""));
            }
            for (String line : head.split("\r\n")) {
                if (line.regionMatches(true, 0, LENGTH, 0, LENGTH.length())) {
                    try {
                        return headerEnd + HEADER_END.length + Integer.parseInt(line.substring(LENGTH.length()).trim());
                    } catch (NumberFormatException e) {
                        throw new IOException("bad header: " + line, e);
                    }
                }
            }
            throw new IOException("a response without Content-Length (chunked is not supported)");
        }

        private static int indexOf(byte[] bytes, int n, byte[] what) {
            outer:
            for (int i = 0; i + what.length <= n; i++) {
                for (int j = 0; j < what.length; j++) {
                    if (bytes[i + j] != what[j]) {
                        continue outer;
                    }
                }
                return i;
            }
            return -1;
        }
    }
}
