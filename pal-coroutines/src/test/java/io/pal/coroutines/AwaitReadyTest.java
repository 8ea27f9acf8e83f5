package io.pal.coroutines;

import io.pal.Strand;
import io.pal.StrandState;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.nio.ByteBuffer;
import java.nio.channels.IllegalBlockingModeException;
import java.nio.channels.Pipe;
import java.nio.channels.SelectionKey;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class AwaitReadyTest {

    private CoroutineBackend b;
    private Pipe pipe;

    @BeforeEach
    void start() throws Exception {
        b = TestBackends.start(1); // one carrier: a waiting strand must not hold it
        pipe = Pipe.open();
        pipe.source().configureBlocking(false);
        pipe.sink().configureBlocking(false);
    }

    @AfterEach
    void stop() throws Exception {
        pipe.source().close();
        pipe.sink().close();
        TestBackends.stop(b);
    }

    @Test
    void aStrandWaitsForDataWithoutHoldingTheCarrier() throws Exception {
        Strand<Integer> reader = b.spawn("reader", () -> b.awaitReady(pipe.source(), SelectionKey.OP_READ, Long.MAX_VALUE));
        TestBackends.awaitState(reader, StrandState.PARKED);
        b.spawn("writer", () -> pipe.sink().write(ByteBuffer.wrap(new byte[]{1}))).join();
        assertEquals(SelectionKey.OP_READ, reader.join());
        // The poller has let go of the channel: it may go back to blocking mode.
        pipe.source().configureBlocking(true);
        pipe.source().configureBlocking(false);
    }

    @Test
    void theTimeoutElapsesWithZero() throws Exception {
        Strand<Long> s = b.spawn(() -> {
            long t0 = System.nanoTime();
            int r = b.awaitReady(pipe.source(), SelectionKey.OP_READ, 20_000_000);
            assertEquals(0, r);
            return System.nanoTime() - t0;
        });
        assertTrue(s.join() >= 20_000_000);
        pipe.source().configureBlocking(true); // deregistered after a timeout too
        pipe.source().configureBlocking(false);
    }

    @Test
    void zeroTimeoutPolls() throws Exception {
        assertEquals(0, b.spawn(() -> b.awaitReady(pipe.source(), SelectionKey.OP_READ, 0)).join());
        assertEquals(SelectionKey.OP_WRITE, b.spawn(() -> b.awaitReady(pipe.sink(), SelectionKey.OP_WRITE, -1)).join());
    }


    @Test
    void interruptEndsTheWaitWithInterruptedException() throws Exception {
        Strand<Integer> reader = b.spawn(() -> b.awaitReady(pipe.source(), SelectionKey.OP_READ, TimeUnit.HOURS.toNanos(1)));
        TestBackends.awaitState(reader, StrandState.PARKED);
        reader.interrupt();
        ExecutionException e = assertThrows(ExecutionException.class, reader::join);
        assertInstanceOf(InterruptedException.class, e.getCause());
        pipe.source().configureBlocking(true);
    }

    @Test
    void blockingModeIsRefused() throws Exception {
        pipe.source().configureBlocking(true);
        ExecutionException e = assertThrows(ExecutionException.class,
                () -> b.spawn(() -> b.awaitReady(pipe.source(), SelectionKey.OP_READ, 1)).join());
        assertInstanceOf(IllegalBlockingModeException.class, e.getCause());
    }

    @Test
    void aPlainThreadCanWaitToo() throws Exception {
        Thread writer = new Thread(() -> {
            try {
                Thread.sleep(10);
                pipe.sink().write(ByteBuffer.wrap(new byte[]{1}));
            } catch (Exception e) {
                throw new RuntimeException(e);
            }
        });
        writer.start();
        assertEquals(SelectionKey.OP_READ, b.awaitReady(pipe.source(), SelectionKey.OP_READ, TimeUnit.SECONDS.toNanos(10)));
        writer.join();
    }

    @Test
    void manyStrandsWaitOnOneChannelForDifferentOps() throws Exception {
        Strand<Integer> r1 = b.spawn(() -> b.awaitReady(pipe.source(), SelectionKey.OP_READ, Long.MAX_VALUE));
        Strand<Integer> r2 = b.spawn(() -> b.awaitReady(pipe.source(), SelectionKey.OP_READ, Long.MAX_VALUE));
        TestBackends.awaitState(r1, StrandState.PARKED);
        TestBackends.awaitState(r2, StrandState.PARKED);
        pipe.sink().write(ByteBuffer.wrap(new byte[]{1}));
        assertEquals(SelectionKey.OP_READ, r1.join());
        assertEquals(SelectionKey.OP_READ, r2.join());
    }
}
