package io.pal.compat.net;

import io.pal.BackendName;
import io.pal.Pal;
import io.pal.Strand;
import io.pal.compat.Await;
import io.pal.compat.SocketSuite;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

import java.nio.ByteBuffer;
import java.nio.channels.Pipe;
import java.nio.channels.SelectionKey;
import java.nio.channels.Selector;
import java.util.ArrayList;
import java.util.List;

import static io.pal.compat.net.NetTests.awaitSuspendedUnlessThreads;
import static org.junit.jupiter.api.Assertions.assertEquals;

/**
 * {@code Selector.select()} called from strands: a strand waiting in select parks (its carrier is
 * free), and a ready channel, a wakeup or the timeout ends the wait, as for a virtual thread.
 */
@SocketSuite
@Timeout(value = 60, threadMode = Timeout.ThreadMode.SEPARATE_THREAD)
class SelectorTest {

    /** Selecting strands at once: more than carriers. */
    private static final int SELECTORS = 20;

    @Test
    void strandsWaitingInSelectParkUntilTheirChannelIsReady(BackendName backend) throws Exception {
        List<Pipe> pipes = new ArrayList<>();
        List<Selector> selectors = new ArrayList<>();
        try {
            List<Strand<Integer>> selecting = new ArrayList<>();
            for (int i = 0; i < SELECTORS; i++) {
                Pipe p = Pipe.open();
                pipes.add(p);
                p.source().configureBlocking(false);
                Selector sel = Selector.open();
                selectors.add(sel);
                p.source().register(sel, SelectionKey.OP_READ);
                selecting.add(Pal.spawn("select", () -> sel.select()));
            }
            for (Strand<Integer> s : selecting) {
                awaitSuspendedUnlessThreads(s, backend);
            }
            Pal.spawn("writer", () -> {
                for (Pipe p : pipes) {
                    p.sink().write(ByteBuffer.wrap(new byte[] {1}));
                }
                return null;
            }).join(Await.LIMIT);
            for (Strand<Integer> s : selecting) {
                assertEquals(1, s.join(Await.LIMIT));
            }
        } finally {
            for (Selector sel : selectors) {
                sel.close();
            }
            for (Pipe p : pipes) {
                p.source().close();
                p.sink().close();
            }
        }
    }

    @Test
    void aWakeupFromAnotherStrandEndsASelect(BackendName backend) throws Exception {
        try (Selector sel = Selector.open()) {
            Strand<Integer> s = Pal.spawn("select", () -> sel.select());
            awaitSuspendedUnlessThreads(s, backend);
            Pal.spawn("waker", sel::wakeup).join(Await.LIMIT);
            assertEquals(0, s.join(Await.LIMIT));
        }
    }

    @Test
    void aSelectWithATimeoutReturnsNothingOnceItIsUp() throws Exception {
        try (Selector sel = Selector.open()) {
            assertEquals(0, Pal.spawn("select", () -> sel.select(20)).join(Await.LIMIT));
        }
    }
}
