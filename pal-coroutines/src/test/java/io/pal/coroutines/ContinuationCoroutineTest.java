package io.pal.coroutines;

import io.pal.Strand;
import io.pal.StrandState;
import io.pal.coroutine.Coroutine;
import io.pal.group.StrandGroup;
import jdk.internal.vm.Continuation;
import io.pal.spi.PinReason;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicReference;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The continuation fast path: the body runs nested in any resuming strand under an identity of its
 * own, a park inside the body suspends the resumer's strand and frees the carrier, thread-locals
 * nest, and what a pinned body does.
 */
class ContinuationCoroutineTest extends OnPrivateBackend {

    /** A thread-local the body, its resumers and the test thread each set: inheritable, so a new identity starts with its maker's value. */
    private static final InheritableThreadLocal<String> MINE = new InheritableThreadLocal<>();

    @Test
    void theBodyRunsInTheResumersOwnStrandWithoutASpawnUnderAnIdentityOfItsOwn() throws Exception {
        Strand<String> resumer = b.spawnIdentityStrand("resumer", () -> {
            Strand<?> me = b.current();
            Thread mine = Thread.currentThread();
            long spawned = b.counters().spawnedCount();
            AtomicReference<Thread> bodys = new AtomicReference<>();
            Coroutine<Integer, Integer> c = new ContinuationCoroutine<>(b, (y, first) -> {
                int n = first;
                bodys.set(Thread.currentThread());
                while (b.current() == me && Thread.currentThread() == bodys.get()) {
                    n = y.yield(n + 1);
                }
                return -1;
            });
            for (int i = 0; i < 10_000; i++) {
                int out = c.resume(i);
                if (out != i + 1) {
                    return "resume " + i + " gave " + out;
                }
                if (Thread.currentThread() != mine) {
                    return "the resumer's identity was not put back after resume " + i;
                }
            }
            if (bodys.get() == mine || bodys.get() instanceof io.pal.coroutines.sched.Carrier) {
                return "the body ran as " + bodys.get();
            }
            return "spawned " + (b.counters().spawnedCount() - spawned);
        });
        assertEquals("spawned 0", resumer.join());
    }

    @Test
    void everyResumerSeesTheBodyAsOneThreadAndOnlyIdentityStrandsNeedNoHost() throws Exception {
        Coroutine<Void, Thread> c = new ContinuationCoroutine<>(b, (y, ignored) -> {
            while (true) {
                y.yield(Thread.currentThread());
            }
        });
        Thread body = b.spawnIdentityStrand(null, () -> c.resume(null)).join();
        for (int i = 0; i < 300; i++) {
            long spawned = b.counters().spawnedCount();
            int expected = i % 3 == 1 ? 2 : 1;
            Thread seen = switch (i % 3) {
                case 0 -> b.spawnIdentityStrand(null, () -> c.resume(null)).join(); // nested in the resumer: no host
                case 1 -> b.spawn(() -> c.resume(null)).join();                     // a virtual strand: it, and a host
                default -> c.resume(null);                                          // this plain thread: a host
            };
            assertSame(body, seen, "resume " + i);
            assertEquals(expected, b.counters().spawnedCount() - spawned,
                    "resume " + i + ": spawns (the resuming strand, and a host unless it is an identity strand)");
        }
    }

    @Test
    void aParkInsideTheBodySuspendsTheResumersStrandAndFreesItsOnlyCarrier() throws Exception {
        CoroutineBackend one = TestBackends.start(1);
        try {
            AtomicBoolean go = new AtomicBoolean();
            AtomicReference<Strand<?>> parker = new AtomicReference<>();
            Strand<String> resumer = one.spawnIdentityStrand("resumer", () -> {
                Coroutine<Void, String> c = new ContinuationCoroutine<>(one, (y, ignored) -> {
                    parker.set(one.current());
                    while (!go.get()) {
                        one.park(); // the resumer's strand parks, with this continuation mounted on it
                    }
                    y.yield("woken");
                    one.sleep(1_000_000); // a timed suspension inside the body
                    return "slept";
                });
                return c.resume(null) + "," + c.resume(null);
            });
            TestBackends.awaitState(resumer, StrandState.PARKED);
            assertSame(resumer, parker.get());
            // One carrier: the waker runs only if the parked resumer gave the carrier up.
            one.spawnIdentityStrand("waker", () -> {
                go.set(true);
                one.unpark(parker.get());
                return null;
            }).join();
            assertEquals("woken,slept", resumer.join());
        } finally {
            TestBackends.stop(one);
        }
    }

    @Test
    void contextsNestAcrossAParkInsideTheBody() throws Exception {
        CoroutineBackend one = TestBackends.start(1);
        try {
            AtomicBoolean go = new AtomicBoolean();
            AtomicReference<Strand<?>> parker = new AtomicReference<>();
            List<String> seen = new ArrayList<>();
            MINE.set("test-thread"); // what strands spawned from here inherit
            Strand<String> resumer = one.spawnIdentityStrand("resumer", () -> {
                MINE.set("resumer");
                Coroutine<Void, String> c = new ContinuationCoroutine<>(one, (y, ignored) -> {
                    seen.add("body starts with " + MINE.get()); // inherited from the first resumer
                    MINE.set("body");
                    parker.set(one.current());
                    while (!go.get()) {
                        one.park();
                    }
                    seen.add("body after park " + MINE.get());
                    y.yield("x");
                    seen.add("body after yield " + MINE.get());
                    return "y";
                });
                c.resume(null);
                seen.add("resumer after first resume " + MINE.get());
                c.resume(null);
                return MINE.get();
            });
            TestBackends.awaitState(resumer, StrandState.PARKED);
            String other = one.spawnIdentityStrand("other", () -> {
                String before = MINE.get();
                MINE.set("other");
                go.set(true);
                one.unpark(parker.get());
                return before;
            }).join();
            assertEquals("test-thread", other, "the parked body's value leaked to another strand on its carrier");
            assertEquals("resumer", resumer.join());
            assertEquals(List.of("body starts with resumer", "body after park body",
                    "resumer after first resume resumer", "body after yield body"), seen);
        } finally {
            TestBackends.stop(one);
        }
    }

    @Test
    void aYieldOfAPinnedBodyIsRefusedLoudly() throws Exception {
        Strand<String> s = b.spawnIdentityStrand(null, () -> {
            Coroutine<Void, Integer> c = new ContinuationCoroutine<>(b, (y, ignored) -> {
                Continuation.pin();
                try {
                    y.yield(1);
                } finally {
                    Continuation.unpin();
                }
                return 2;
            });
            return assertThrows(IllegalStateException.class, () -> c.resume(null)).getMessage()
                    + " done=" + c.isDone();
        });
        String m = s.join();
        assertTrue(m.contains("pinned (CRITICAL_SECTION)") && m.endsWith("done=true"), m);
    }

    @Test
    void aParkOfAPinnedBodyBlocksTheCarrierAndCountsForTheStrand() throws Exception {
        long before = b.counters().pinCounts().get(PinReason.CRITICAL_SECTION);
        Strand<String> s = b.spawnIdentityStrand(null, () -> {
            Coroutine<Void, String> c = new ContinuationCoroutine<>(b, (y, ignored) -> {
                Continuation.pin();
                try {
                    b.park(); // the strand's yield fails inside this continuation: the JVM tells it, it tells the strand
                } finally {
                    Continuation.unpin();
                }
                return "woken";
            });
            return c.resume(null);
        });
        TestBackends.awaitState(s, StrandState.BLOCKED);
        b.unpark(s);
        assertEquals("woken", s.join());
        assertEquals(before + 1, b.counters().pinCounts().get(PinReason.CRITICAL_SECTION));
    }

    @Test
    void aYieldOutsideTheBodyIsAClearError() throws Exception {
        Strand<String> s = b.spawnIdentityStrand(null, () -> {
            AtomicReference<Coroutine.Yielder<Void, Integer>> leaked = new AtomicReference<>();
            Coroutine<Void, Integer> c = new ContinuationCoroutine<>(b, (y, ignored) -> {
                leaked.set(y);
                y.yield(1);
                return 2;
            });
            c.resume(null);
            String outside = assertThrows(IllegalStateException.class, () -> leaked.get().yield(5)).getMessage();
            Coroutine<Void, Integer> other = new ContinuationCoroutine<>(b, (y, ignored) -> {
                leaked.get().yield(7);
                return 0;
            });
            String inOther = assertThrows(IllegalStateException.class, () -> other.resume(null)).getMessage();
            return outside + " | " + inOther + " | " + c.resume(null);
        });
        String m = s.join();
        assertTrue(m.startsWith("yield outside") && m.contains("| yield outside") && m.endsWith("| 2"), m);
    }

    @Test
    void nestedCoroutinesEachYieldToTheirOwnResumerAndTheInnerCanPark() throws Exception {
        Strand<String> s = b.spawnIdentityStrand(null, () -> {
            Strand<?> me = b.current();
            Coroutine<Void, String> inner = new ContinuationCoroutine<>(b, (y, ignored) -> {
                b.spawnIdentityStrand(null, () -> {
                    b.unpark(me);
                    return null;
                });
                b.park(); // suspends the strand with two coroutines mounted on it
                y.yield("inner-1");
                return "inner-2";
            });
            Coroutine<Void, String> outer = new ContinuationCoroutine<>(b, (y, ignored) -> {
                y.yield("outer-1:" + inner.resume(null));
                return "outer-2:" + inner.resume(null);
            });
            return outer.resume(null) + " " + outer.resume(null);
        });
        assertEquals("outer-1:inner-1 outer-2:inner-2", s.join());
    }

    @Test
    void theBodysContextFollowsItToEveryResumer() throws Exception {
        StrandGroup first = b.newGroup("first");
        StrandGroup second = b.newGroup("second");
        MINE.set("test-thread");
        Coroutine<String, String> c = new ContinuationCoroutine<>(b, (y, v) -> {
            MINE.set(v);
            while (true) {
                v = y.yield(MINE.get());
            }
        });
        assertEquals("a", first.spawn(() -> c.resume("a")).join());
        assertEquals("a", second.spawn(() -> {
            MINE.set("second");
            String r = c.resume("b");
            return MINE.get().equals("second") ? r : "leaked";
        }).join());
        assertEquals("a", c.resume("c"));
        assertEquals("test-thread", MINE.get());
    }

    @Test
    void aResumeInsideAnAtomicRegionIsRefusedBeforeItClaims() throws Exception {
        Strand<String> s = b.spawnIdentityStrand(null, () -> {
            Coroutine<Void, Integer> c = new ContinuationCoroutine<>(b, (y, ignored) -> 1);
            b.enterAtomic();
            String m;
            try {
                m = assertThrows(IllegalStateException.class, () -> c.resume(null)).getMessage();
            } finally {
                b.exitAtomic();
            }
            return m + " then " + c.resume(null);
        });
        String m = s.join();
        assertTrue(m.startsWith("coroutine resume inside an atomic region") && m.endsWith("then 1"), m);
    }
}
