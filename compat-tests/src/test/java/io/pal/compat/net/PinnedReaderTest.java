package io.pal.compat.net;

import io.pal.BackendName;
import io.pal.Pal;
import io.pal.Strand;
import io.pal.StrandState;
import io.pal.compat.Await;
import io.pal.compat.SocketSuite;
import io.pal.spi.Backend;
import io.pal.spi.Backends;
import io.pal.spi.PalConfig;
import io.pal.spi.PinReason;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

import java.net.ServerSocket;
import java.net.Socket;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.locks.ReentrantLock;

import static io.pal.compat.net.NetTests.HELLO;
import static io.pal.compat.net.NetTests.LOOPBACK;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * A strand that holds a ReentrantLock while it reads a socket. On the coroutine backend such a
 * strand is pinned (ADR 0004: unmounted, another strand on its carrier would pass the lock's owner
 * check), so its socket wait blocks its carrier instead of suspending: correct, and it must still
 * complete, while the other carrier keeps running strands meanwhile.
 *
 * <p>shim-jdk pins a strand when it becomes a lock's owner; this test pins the reader itself through
 * the SPI, as that advice does, so that the rest of the suite runs without shim-jdk's advice.
 * Everything the reader waits for comes from the test's own thread, which is not a strand: a pinned
 * strand waiting for a strand bound to its own carrier would deadlock (ADR 0005).
 */
@SocketSuite
@Timeout(value = 60, threadMode = Timeout.ThreadMode.SEPARATE_THREAD)
class PinnedReaderTest {

    private static final int OTHERS = 50;

    @Test
    void aReaderHoldingAReentrantLockCompletesAndOtherStrandsRunMeanwhile(BackendName backend) throws Exception {
        Backend spi = Backends.active();
        ReentrantLock lock = new ReentrantLock();
        try (ServerSocket ss = new ServerSocket(0, 50, LOOPBACK)) {
            Strand<byte[]> reader = Pal.spawn("pinned-reader", () -> {
                lock.lock();
                spi.pin(PinReason.LOCK_OWNER);
                try (Socket s = new Socket(LOOPBACK, ss.getLocalPort())) {
                    return s.getInputStream().readNBytes(HELLO.length);
                } finally {
                    spi.unpin(PinReason.LOCK_OWNER);
                    lock.unlock();
                }
            });
            try (Socket peer = ss.accept()) {
                awaitBlockedInRead(reader, backend);
                List<Strand<Integer>> others = new ArrayList<>();
                for (int i = 0; i < OTHERS; i++) {
                    int n = i;
                    others.add(Pal.spawn("other-" + i, () -> {
                        Pal.yieldNow();
                        return n * n;
                    }));
                }
                for (int i = 0; i < OTHERS; i++) {
                    assertEquals(i * i, others.get(i).join());
                }
                assertTrue(lock.isLocked(), "the reader let go of its lock before it read anything");
                assertEquals(expectedWhileWaiting(backend), reader.state(), "the reader moved on without data");
                peer.getOutputStream().write(HELLO);
                assertArrayEquals(HELLO, reader.join());
            }
        }
        assertFalse(lock.isLocked());
    }

    /**
     * How the reader waits: coroutines block the carrier (BLOCKED), virtual threads park (a virtual
     * thread may hold a j.u.c. lock while it is unmounted), a platform thread is RUNNABLE in native
     * code (RUNNING), which no state can tell from still running.
     */
    private static StrandState expectedWhileWaiting(BackendName backend) {
        return switch (backend) {
            case COROUTINES -> StrandState.BLOCKED;
            case VIRTUAL -> StrandState.PARKED;
            case THREADS -> StrandState.RUNNING;
        };
    }

    private static void awaitBlockedInRead(Strand<?> reader, BackendName backend) {
        if (backend == BackendName.COROUTINES) {
            assertTrue(PalConfig.fromSystemProperties().carriers() >= 2,
                    "a second carrier must run the other strands: the suite's coroutines run sets -Dpal.carriers=2");
        }
        if (backend != BackendName.THREADS) {
            Await.state(reader, expectedWhileWaiting(backend));
        }
    }
}
