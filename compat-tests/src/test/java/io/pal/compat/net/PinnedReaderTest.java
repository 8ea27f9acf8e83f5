package io.pal.compat.net;

import io.pal.BackendName;
import io.pal.Pal;
import io.pal.Strand;
import io.pal.StrandState;
import io.pal.compat.Await;
import io.pal.compat.SocketSuite;
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
 * A strand that holds a ReentrantLock while it reads a socket. The lock is owned by the strand's
 * identity (ADR 0010), so on the coroutine backend the reader parks with the lock held, as a
 * virtual thread does, while other strands keep running; the lock stays held until it has read.
 */
@SocketSuite
@Timeout(value = 60, threadMode = Timeout.ThreadMode.SEPARATE_THREAD)
class PinnedReaderTest {

    private static final int OTHERS = 50;

    @Test
    void aReaderHoldingAReentrantLockCompletesAndOtherStrandsRunMeanwhile(BackendName backend) throws Exception {
        ReentrantLock lock = new ReentrantLock();
        try (ServerSocket ss = new ServerSocket(0, 50, LOOPBACK)) {
            Strand<byte[]> reader = Pal.spawn("pinned-reader", () -> {
                lock.lock();
                try (Socket s = new Socket(LOOPBACK, ss.getLocalPort())) {
                    return s.getInputStream().readNBytes(HELLO.length);
                } finally {
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
     * How the reader waits: coroutines and virtual threads park (each may hold a j.u.c. lock while it
     * is unmounted), a platform thread is RUNNABLE in native code (RUNNING), which no state can tell
     * from still running.
     */
    private static StrandState expectedWhileWaiting(BackendName backend) {
        return switch (backend) {
            case COROUTINES, VIRTUAL, SIM -> StrandState.PARKED;
            case THREADS -> StrandState.RUNNING;
        };
    }

    private static void awaitBlockedInRead(Strand<?> reader, BackendName backend) {
        if (backend != BackendName.THREADS) {
            Await.state(reader, expectedWhileWaiting(backend));
        }
    }
}
