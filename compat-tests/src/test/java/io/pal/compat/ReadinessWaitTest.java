package io.pal.compat;

import io.pal.BackendName;
import io.pal.Pal;
import io.pal.Strand;
import io.pal.StrandState;
import io.pal.junit.AllBackends;
import io.pal.spi.Backend;
import io.pal.spi.Backends;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.ExtendWith;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.Pipe;
import java.nio.channels.SelectionKey;
import java.time.Duration;
import java.util.concurrent.TimeUnit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

/**
 * The SPI's readiness wait ({@link Backend#awaitReady}, {@link Backend#channelClosed}), the porting
 * contract shim-net's sockets stand on, the same on every backend: ready, timeout, poll, and a
 * close reported by the closer ending the wait whatever the interleaving.
 *
 * <p>A platform thread waiting in a selector is RUNNABLE, so on the threads backend a test cannot
 * wait for "the wait began"; the outcomes asserted are the same whether a close comes before or
 * during the wait, and the race test covers both.
 */
@AllBackends
@ExtendWith(NoDescriptorLeft.class)
@Timeout(value = 60, threadMode = Timeout.ThreadMode.SEPARATE_THREAD)
class ReadinessWaitTest {

    private static Backend backend() {
        return Backends.active();
    }

    private static Pipe nonBlockingPipe() throws IOException {
        Pipe p = Pipe.open();
        p.source().configureBlocking(false);
        p.sink().configureBlocking(false);
        return p;
    }

    private static void close(Pipe p) throws IOException {
        try (Pipe.SourceChannel source = p.source(); Pipe.SinkChannel sink = p.sink()) {
            // both ends, whatever the test left open
        }
    }

    private static Strand<Integer> waitForRead(Pipe p, long nanos) {
        return Pal.spawn("reader", () -> backend().awaitReady(p.source(), SelectionKey.OP_READ, nanos));
    }

    private static void awaitWaitingUnlessThreads(Strand<?> s, BackendName name) {
        if (name != BackendName.THREADS) {
            Await.state(s, StrandState.PARKED);
        }
    }

    /** What a test does to the pipe to end the reader's wait. */
    private interface Wake {
        void on(Pipe p) throws IOException;
    }

    /** A strand waits to read a fresh pipe; once it waits, {@code wake} acts; the wait must end reporting OP_READ. */
    private static void aReaderIsWokenBy(BackendName name, Wake wake) throws Exception {
        Pipe p = nonBlockingPipe();
        try {
            Strand<Integer> reader = waitForRead(p, Backend.NO_TIMEOUT);
            awaitWaitingUnlessThreads(reader, name);
            wake.on(p);
            assertEquals(SelectionKey.OP_READ, reader.join(Await.LIMIT));
        } finally {
            close(p);
        }
    }

    @Test
    void aWaitEndsWhenTheChannelIsReady(BackendName name) throws Exception {
        aReaderIsWokenBy(name, p -> p.sink().write(ByteBuffer.wrap(new byte[] {1})));
    }

    @Test
    void aReportedCloseEndsTheWaitAsReady(BackendName name) throws Exception {
        aReaderIsWokenBy(name, p -> {
            p.source().close();
            backend().channelClosed(p.source());
        });
    }

    @Test
    void aTimedWaitReturnsZeroNoEarlierThanItsTimeoutAndAZeroTimeoutPolls() throws Exception {
        Pipe p = nonBlockingPipe();
        try {
            long timeout = TimeUnit.MILLISECONDS.toNanos(30);
            long waited = Pal.spawn(() -> {
                long t0 = System.nanoTime();
                assertEquals(0, backend().awaitReady(p.source(), SelectionKey.OP_READ, timeout));
                return System.nanoTime() - t0;
            }).join();
            assertEquals(true, waited >= timeout, "returned after " + waited + " ns");
            assertEquals(0, Pal.spawn(() -> backend().awaitReady(p.source(), SelectionKey.OP_READ, 0)).join());
            assertEquals(SelectionKey.OP_WRITE, Pal.spawn(() -> backend().awaitReady(p.sink(), SelectionKey.OP_WRITE, -1)).join());
        } finally {
            close(p);
        }
    }

    @Test
    void aWaitOnAClosedChannelReturnsAtOnce() throws Exception {
        Pipe p = nonBlockingPipe();
        p.source().close();
        p.sink().close();
        assertEquals(SelectionKey.OP_READ, waitForRead(p, Backend.NO_TIMEOUT).join(Duration.ofSeconds(20)));
    }

    /** A close and its report race a wait, 500 times: every wait ends, however they interleave. */
    @Test
    void aCloseRacingAWaitNeverStrandsTheWaiter() throws Exception {
        for (int i = 0; i < 500; i++) {
            Pipe p = nonBlockingPipe();
            Strand<Integer> reader = waitForRead(p, Backend.NO_TIMEOUT);
            Pal.spawn("closer", () -> {
                p.source().close();
                backend().channelClosed(p.source());
                return null;
            }).join();
            assertEquals(SelectionKey.OP_READ, reader.join(Await.LIMIT), "iteration " + i);
            p.sink().close();
        }
    }

    @Test
    void reportingAnOpenChannelIsRefused() throws Exception {
        Pipe p = nonBlockingPipe();
        try {
            assertThrows(IllegalArgumentException.class, () -> backend().channelClosed(p.source()));
        } finally {
            close(p);
        }
    }
}
