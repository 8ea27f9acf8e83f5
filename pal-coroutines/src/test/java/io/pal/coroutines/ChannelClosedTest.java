package io.pal.coroutines;

import io.pal.Strand;
import io.pal.StrandState;
import io.pal.spi.Backend;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.Pipe;
import java.nio.channels.SelectionKey;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

/**
 * Protocol "close" of the poller: a close reported through {@code channelClosed} ends every wait
 * on that channel at once, and nothing else. (The race of a close with a wait runs on every backend
 * in compat-tests' ReadinessWaitTest.) The poller has no timed
 * sweep, so a waiter that these tests see woken can only have been woken by the report.
 */
class ChannelClosedTest extends OnPrivateBackend {

    private static Pipe nonBlockingPipe() throws IOException {
        Pipe p = Pipe.open();
        p.source().configureBlocking(false);
        p.sink().configureBlocking(false);
        return p;
    }

    private Strand<Integer> waitForRead(Pipe p) {
        return b.spawn("reader", () -> b.awaitReady(p.source(), SelectionKey.OP_READ, Backend.NO_TIMEOUT));
    }

    /** Three pipes, so that no close makes another waiter's channel ready through the kernel. */
    @Test
    void aReportedCloseWakesEveryWaiterOfThatChannelAndNoOther() throws Exception {
        Pipe a = nonBlockingPipe();
        Pipe full = nonBlockingPipe();
        Pipe c = nonBlockingPipe();
        try {
            Strand<Integer> reader = waitForRead(a);
            Strand<Integer> writer = b.spawn("writer", () -> {
                while (full.sink().write(ByteBuffer.allocate(64 * 1024)) > 0) {
                    // fill the pipe until a write would block
                }
                return b.awaitReady(full.sink(), SelectionKey.OP_WRITE, Backend.NO_TIMEOUT);
            });
            Strand<Integer> other = waitForRead(c);
            for (Strand<?> s : List.of(reader, writer, other)) {
                TestBackends.awaitState(s, StrandState.PARKED);
            }
            TestBackends.await("the poller to hold three channels", () -> b.poller().activeKeys() == 3);
            a.source().close();
            b.channelClosed(a.source());
            assertEquals(SelectionKey.OP_READ, reader.join());
            TestBackends.await("the closed channel to be dropped", () -> b.poller().activeKeys() == 2);
            assertEquals(StrandState.PARKED, writer.state(), "a close elsewhere woke the writer");
            full.sink().close();
            b.channelClosed(full.sink());
            assertEquals(SelectionKey.OP_WRITE, writer.join());
            assertEquals(StrandState.PARKED, other.state(), "a close elsewhere woke the other reader");
            c.sink().write(ByteBuffer.wrap(new byte[] {1}));
            assertEquals(SelectionKey.OP_READ, other.join());
        } finally {
            for (Pipe p : List.of(a, full, c)) {
                p.source().close();
                p.sink().close();
            }
        }
    }

    @Test
    void aWaitThatBeginsAfterTheCloseReturnsAtOnce() throws Exception {
        Pipe p = nonBlockingPipe();
        p.source().close();
        p.sink().close();
        b.channelClosed(p.source()); // reported before anyone waits: harmless
        assertEquals(SelectionKey.OP_READ, waitForRead(p).join());
        assertEquals(0, b.poller().activeKeys());
    }

    /**
     * A closed channel keeps its descriptor while the poller's selector holds it; the report makes
     * the poller deregister it before it wakes the waiter, so the descriptor is gone by then.
     */
    @Test
    void theDescriptorIsReleasedBeforeTheWaiterRuns() throws Exception {
        Pipe warm = nonBlockingPipe(); // the poller's selector exists from here on
        b.spawn(() -> b.awaitReady(warm.sink(), SelectionKey.OP_WRITE, TimeUnit.SECONDS.toNanos(10))).join();
        // The warm-up pipe stays open until the end: closed now, its descriptors would be released
        // whenever the poller next selects (a cancelled key is dropped then), in the middle of the counts below.
        long before = openFds();
        Pipe p = nonBlockingPipe();
        try {
            Strand<Integer> reader = waitForRead(p);
            TestBackends.awaitState(reader, StrandState.PARKED);
            TestBackends.await("the poller to hold the wait", () -> b.poller().activeKeys() == 1);
            p.source().close();
            assertEquals(before + 2, openFds(), "the source's descriptor stays open while the selector holds it");
            b.channelClosed(p.source());
            assertEquals(SelectionKey.OP_READ, reader.join());
            assertEquals(before + 1, openFds(), "only the sink is left");
        } finally {
            p.sink().close();
            warm.source().close();
            warm.sink().close();
        }
    }

    @Test
    void reportingAnOpenChannelIsRefused() throws Exception {
        Pipe p = nonBlockingPipe();
        try {
            assertThrows(IllegalArgumentException.class, () -> b.channelClosed(p.source()));
        } finally {
            p.source().close();
            p.sink().close();
        }
    }

    private static long openFds() throws IOException {
        try (Stream<Path> s = Files.list(Path.of("/proc/self/fd"))) {
            return s.count();
        }
    }
}
