package io.pal.coroutines;

import io.pal.coroutines.sched.ThreadAccess;
import io.pal.Strand;
import io.pal.StrandState;
import io.pal.spi.Backend;
import io.pal.spi.PinReason;
import jdk.internal.vm.Continuation;
import org.junit.jupiter.api.Test;

import java.nio.ByteBuffer;
import java.nio.channels.Pipe;
import java.nio.channels.SelectionKey;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * When an identity strand's yield is refused (here: inside Continuation.pin()), park and sleep block the
 * carrier instead, and are counted. (A virtual strand's pinned park is the JDK's own.)
 */
class PinningTest extends OnPrivateBackend {

    private long pins() {
        return b.counters().pinCounts().get(PinReason.CRITICAL_SECTION);
    }

    @Test
    void pinnedParkBlocksTheCarrierAndUnparkWakesIt() throws Exception {
        long before = pins();
        Strand<String> s = b.spawnIdentityStrand("pinned", () -> {
            Continuation.pin();
            try {
                b.park();
                return ThreadAccess.currentCarrier().getName();
            } finally {
                Continuation.unpin();
            }
        });
        TestBackends.awaitState(s, StrandState.BLOCKED);
        assertEquals(7, b.spawn(() -> 7).join(), "the other carrier still runs strands");
        b.unpark(s);
        assertTrue(s.join().startsWith("test-carrier-"));
        assertEquals(before + 1, pins());
    }

    /**
     * pal's JFR events are loaded only once JFR is up (ADR 0021): with a recording on, a pin is
     * still an {@code io.pal.Pinned} event naming its strand.
     */
    @Test
    void aPinWithARecordingOnIsAJfrEvent() throws Exception {
        java.nio.file.Path file = java.nio.file.Files.createTempFile("pal-pinned", ".jfr");
        try (jdk.jfr.Recording r = new jdk.jfr.Recording()) {
            r.enable("io.pal.Pinned");
            r.start();
            Strand<Void> s = b.spawnIdentityStrand("pinned-under-jfr", () -> {
                Continuation.pin();
                try {
                    b.park();
                } finally {
                    Continuation.unpin();
                }
                return null;
            });
            TestBackends.awaitState(s, StrandState.BLOCKED);
            b.unpark(s);
            s.join();
            r.stop();
            r.dump(file);
            java.util.List<String> reasons = jdk.jfr.consumer.RecordingFile.readAllEvents(file).stream()
                    .filter(e -> e.getEventType().getName().equals("io.pal.Pinned"))
                    .filter(e -> "pinned-under-jfr".equals(e.getString("strand")))
                    .map(e -> e.getString("reason"))
                    .toList();
            // the strand's own refused yield; the monitor may report the stuck carrier as well
            assertTrue(reasons.contains(PinReason.CRITICAL_SECTION.name()), "io.pal.Pinned events of the strand: " + reasons);
        } finally {
            java.nio.file.Files.deleteIfExists(file);
        }
    }

    @Test
    void pinnedSleepSleepsOnTheCarrierNeverEarlyAndIsInterruptible() throws Exception {
        Strand<Long> s = b.spawnIdentityStrand(null, () -> {
            Continuation.pin();
            try {
                long t0 = System.nanoTime();
                b.sleep(20_000_000);
                return System.nanoTime() - t0;
            } finally {
                Continuation.unpin();
            }
        });
        assertTrue(s.join() >= 20_000_000);
        Strand<Void> long_ = b.spawnIdentityStrand(null, () -> {
            Continuation.pin();
            try {
                b.sleep(TimeUnit.HOURS.toNanos(1));
                return null;
            } finally {
                Continuation.unpin();
            }
        });
        TestBackends.awaitState(long_, StrandState.BLOCKED);
        long_.interrupt();
        ExecutionException e = assertThrows(ExecutionException.class, long_::join);
        assertInstanceOf(InterruptedException.class, e.getCause());
    }

    @Test
    void pinnedTimedParkTimesOutAndPinnedYieldFallsBackToThreadYield() throws Exception {
        assertTrue(b.spawn(() -> {
            Continuation.pin();
            try {
                b.parkNanos(1_000_000);
                b.yieldNow();
                return true;
            } finally {
                Continuation.unpin();
            }
        }).join());
    }

    @Test
    void interruptWakesAPinnedPark() throws Exception {
        Strand<Boolean> s = b.spawnIdentityStrand(null, () -> {
            Continuation.pin();
            try {
                while (!Thread.currentThread().isInterrupted()) {
                    b.park();
                }
                return Thread.interrupted();
            } finally {
                Continuation.unpin();
            }
        });
        TestBackends.awaitState(s, StrandState.BLOCKED);
        s.interrupt();
        assertTrue(s.join());
    }

    /**
     * A pinned strand's readiness wait blocks its carrier; the poller's wakeup reaches it there, for
     * readiness and for a reported close alike, while the other carrier keeps running strands.
     */
    @Test
    void aPinnedReadinessWaitBlocksTheCarrierAndIsWokenByReadinessAndByAReportedClose() throws Exception {
        Pipe p = Pipe.open();
        p.source().configureBlocking(false);
        p.sink().configureBlocking(false);
        long before = pins();
        Strand<Integer> s = b.spawnIdentityStrand("pinned-reader", () -> {
            Continuation.pin();
            try {
                int first = b.awaitReady(p.source(), SelectionKey.OP_READ, Backend.NO_TIMEOUT);
                p.source().read(ByteBuffer.allocate(1));
                return first + b.awaitReady(p.source(), SelectionKey.OP_READ, Backend.NO_TIMEOUT);
            } finally {
                Continuation.unpin();
            }
        });
        TestBackends.awaitState(s, StrandState.BLOCKED);
        assertEquals(7, b.spawn(() -> 7).join(), "the other carrier still runs strands");
        p.sink().write(ByteBuffer.wrap(new byte[] {1}));
        TestBackends.await("the second wait", () -> pins() >= before + 2 && s.state() == StrandState.BLOCKED);
        p.source().close();
        b.channelClosed(p.source());
        assertEquals(2 * SelectionKey.OP_READ, s.join());
        p.sink().close();
    }
}
