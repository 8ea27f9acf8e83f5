package io.pal.compat.net;

import io.pal.BackendName;
import io.pal.Pal;
import io.pal.Strand;
import io.pal.compat.Await;
import io.pal.compat.SocketSuite;
import io.pal.compat.net.NetTests.Connection;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

import java.io.InputStream;
import java.net.SocketTimeoutException;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

import static io.pal.compat.net.NetTests.HELLO;
import static io.pal.compat.net.NetTests.awaitSuspendedUnlessThreads;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

/**
 * Sockets made by plain threads (a connection pool's own threads, a program's {@code main}) and
 * used by strands, and the reverse: whoever made a socket, a strand that waits on it parks and a
 * plain thread that waits on it blocks, as with the JDK alone.
 */
@SocketSuite
@Timeout(value = 120, threadMode = Timeout.ThreadMode.SEPARATE_THREAD)
class PlainThreadSocketsTest {

    /** Connections in the pool: many more than carriers, so strands that blocked carriers would stall. */
    private static final int POOLED = 200;

    /**
     * A pool's shape: every connection is opened and accepted by this plain thread, then a strand
     * per connection reads from it before anything was sent, and only then do other strands write
     * the answers. Every reader must park (not hold its carrier) for the writers to run.
     */
    @Test
    void connectionsOpenedOnAPlainThreadParkTheStrandsThatWaitOnThem(BackendName backend) throws Exception {
        List<Connection> pool = new ArrayList<>();
        try {
            for (int i = 0; i < POOLED; i++) {
                pool.add(Connection.open());
            }
            List<Strand<byte[]>> readers = new ArrayList<>();
            for (Connection k : pool) {
                readers.add(Pal.spawn("reader", () -> k.client().getInputStream().readNBytes(HELLO.length)));
            }
            for (Strand<byte[]> r : readers) {
                awaitSuspendedUnlessThreads(r, backend);
            }
            List<Strand<Void>> writers = new ArrayList<>();
            for (Connection k : pool) {
                writers.add(Pal.spawn("writer", () -> {
                    k.server().getOutputStream().write(HELLO);
                    return null;
                }));
            }
            for (Strand<byte[]> r : readers) {
                assertArrayEquals(HELLO, r.join(Await.LIMIT));
            }
            for (Strand<Void> w : writers) {
                w.join(Await.LIMIT);
            }
        } finally {
            for (Connection k : pool) {
                k.close();
            }
        }
    }

    /**
     * A socket a strand has waited on (which may have changed how the socket waits) still blocks a
     * plain thread that uses it next, times out on SO_TIMEOUT and wakes on data, as the JDK's does.
     */
    @Test
    void aSocketAStrandWaitedOnStillBlocksAPlainThread(BackendName backend) throws Exception {
        try (Connection k = Connection.open()) {
            InputStream in = k.client().getInputStream();
            Strand<Integer> strandReader = Pal.spawn("strand-reader", () -> in.read());
            awaitSuspendedUnlessThreads(strandReader, backend);
            k.server().getOutputStream().write(7);
            assertEquals(7, strandReader.join(Await.LIMIT));
            k.client().setSoTimeout(50);
            assertEquals("Read timed out", assertThrows(SocketTimeoutException.class, in::read).getMessage());
            k.client().setSoTimeout(0);
            CompletableFuture<byte[]> plainReader = readOnAPlainThread(in);
            Pal.spawn("writer", () -> {
                k.server().getOutputStream().write(HELLO);
                return null;
            }).join(Await.LIMIT);
            assertArrayEquals(HELLO, plainReader.get(Await.LIMIT.toSeconds(), TimeUnit.SECONDS));
        }
    }

    /** The reverse: a connection a strand opened, waited on by a plain thread. */
    @Test
    void aConnectionAStrandOpenedBlocksAPlainThreadUntilDataArrives() throws Exception {
        Connection k = Pal.spawn("opener", Connection::open).join();
        try (k) {
            CompletableFuture<byte[]> plainReader = readOnAPlainThread(k.server().getInputStream());
            Pal.spawn("writer", () -> {
                k.client().getOutputStream().write(HELLO);
                return null;
            }).join(Await.LIMIT);
            assertArrayEquals(HELLO, plainReader.get(Await.LIMIT.toSeconds(), TimeUnit.SECONDS));
        }
    }

    /** Reads HELLO's length from {@code in} on a new platform thread, which blocks until the bytes arrive. */
    private static CompletableFuture<byte[]> readOnAPlainThread(InputStream in) {
        CompletableFuture<byte[]> read = new CompletableFuture<>();
        Thread.ofPlatform().name("plain-reader").start(() -> {
            try {
                read.complete(in.readNBytes(HELLO.length));
            } catch (Throwable e) {
                read.completeExceptionally(e);
            }
        });
        return read;
    }
}
