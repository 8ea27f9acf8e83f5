package io.pal.compat.coroutine;

import io.pal.Pal;
import io.pal.Strand;
import io.pal.StrandState;
import io.pal.channel.Channel;
import io.pal.coroutine.Coroutine;
import io.pal.coroutine.Generator;
import io.pal.junit.AllBackends;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

import java.time.Duration;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicReference;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Who may resume a coroutine and what the body may do meanwhile, on every backend (on coroutines
 * this is the continuation fast path and its hosts; on the thread backends, the handoff): any
 * strand or thread may resume it, values and failures reach whoever resumed, thread-locals belong
 * to the coroutine, and the body may block through pal.
 */
@AllBackends
@Timeout(120)
class CoroutineResumersTest {

    /** A body that adds each input to a running sum and yields the sum. */
    private static Coroutine<Integer, Integer> adder() {
        return Coroutine.create((y, first) -> {
            int sum = first;
            while (true) {
                sum += y.yield(sum);
            }
        });
    }

    @Test
    void valuesFlowBothWaysWhoeverResumes() throws Exception {
        Coroutine<Integer, Integer> c = adder();
        int expected = 0;
        for (int i = 1; i <= 60; i++) {
            int in = i;
            expected += i;
            int got = switch (i % 3) {
                case 0 -> Pal.spawn(() -> c.resume(in)).join();   // a strand
                case 1 -> c.resume(in);                           // this plain thread
                default -> onAFreshThread(() -> c.resume(in));    // a thread that never saw it before
            };
            assertEquals(expected, got, "resume " + i);
        }
    }

    @Test
    void aFailureReachesTheResumerThatRanTheBody() throws Exception {
        IllegalArgumentException boom = new IllegalArgumentException("boom");
        Coroutine<Integer, String> c = Coroutine.create((y, first) -> {
            y.yield("one");
            throw boom;
        });
        assertEquals("one", c.resume(0));
        ExecutionException e = assertThrows(ExecutionException.class, () -> Pal.spawn(() -> c.resume(1)).join());
        assertSame(boom, e.getCause());
        assertTrue(c.isDone());
        assertTrue(assertThrows(IllegalStateException.class, () -> c.resume(2)).getMessage().contains("done"));
    }

    @Test
    void threadLocalsBelongToTheCoroutineAndInheritablesComeFromItsFirstResumer() throws Exception {
        ThreadLocal<String> local = new ThreadLocal<>();
        InheritableThreadLocal<String> inherited = new InheritableThreadLocal<>();
        Coroutine<String, String> c = Coroutine.create((y, first) -> {
            String got = inherited.get();
            local.set("body");
            while (true) {
                String who = y.yield(got + "/" + local.get());
                got = who + ":" + inherited.get();
            }
        });
        Strand<String> firstResumer = Pal.spawn(() -> {
            inherited.set("first");
            local.set("first-local");
            String r = c.resume("a");
            return local.get().equals("first-local") ? r : "leaked into the first resumer";
        });
        assertEquals("first/body", firstResumer.join());
        for (int i = 0; i < 20; i++) {
            String me = "r" + i;
            Strand<String> s = Pal.spawn(() -> {
                local.set(me);
                inherited.set(me);
                String r = c.resume(me);
                return local.get().equals(me) && inherited.get().equals(me) ? r : "leaked into " + me;
            });
            assertEquals(me + ":first/body", s.join());
        }
        local.set("test-thread");
        assertEquals("main:first/body", c.resume("main"));
        assertEquals("test-thread", local.get());
        local.remove();
    }

    @Test
    void theBodyMaySleepAndWaitOnAChannelThroughPal() throws Exception {
        Channel<String> ch = Channel.unbuffered();
        Coroutine<Void, String> c = Coroutine.create((y, first) -> {
            long t0 = System.nanoTime();
            Pal.sleep(Duration.ofMillis(20));
            y.yield("slept " + (System.nanoTime() - t0 >= 20_000_000));
            return "got " + ch.receive();
        });
        Strand<String> resumer = Pal.spawn(() -> c.resume(null) + ", " + c.resume(null));
        Pal.spawn(() -> {
            ch.send("x");
            return null;
        }).join();
        assertEquals("slept true, got x", resumer.join());
    }

    @Test
    void aParkInsideTheBodyIsWokenByUnparkingTheStrandItRunsOn() throws Exception {
        AtomicBoolean go = new AtomicBoolean();
        AtomicReference<Strand<?>> bodyStrand = new AtomicReference<>();
        Coroutine<Void, String> c = Coroutine.create((y, first) -> {
            bodyStrand.set(Pal.current());
            while (!go.get()) {
                Pal.park();
            }
            return "woken";
        });
        Strand<String> resumer = Pal.spawn(() -> c.resume(null));
        long deadline = System.nanoTime() + Duration.ofSeconds(30).toNanos();
        while (bodyStrand.get() == null || bodyStrand.get().state() != StrandState.PARKED) {
            assertTrue(System.nanoTime() - deadline < 0, "the body never parked");
            Pal.park(Duration.ofMillis(1));
        }
        go.set(true);
        Pal.unpark(bodyStrand.get());
        assertEquals("woken", resumer.join());
    }

    @Test
    void nestedCoroutinesYieldToTheirOwnResumer() throws Exception {
        Coroutine<Void, String> inner = Coroutine.create((y, first) -> {
            Pal.sleep(Duration.ofMillis(1));
            y.yield("i1");
            return "i2";
        });
        Coroutine<Void, String> outer = Coroutine.create((y, first) -> {
            y.yield("o1(" + inner.resume(null) + ")");
            return "o2(" + inner.resume(null) + ")";
        });
        assertEquals("o1(i1)", Pal.spawn(() -> outer.resume(null)).join());
        assertEquals("o2(i2)", outer.resume(null));
    }

    @Test
    void aGeneratorHandedFromStrandToStrandKeepsItsPlace() throws Exception {
        try (Generator<Integer> naturals = Generator.of(out -> {
            for (int i = 0; ; i++) {
                out.yield(i);
            }
        })) {
            Iterator<Integer> it = naturals.iterator();
            List<Integer> seen = new ArrayList<>();
            for (int s = 0; s < 20; s++) {
                seen.addAll(Pal.spawn(() -> {
                    List<Integer> mine = new ArrayList<>();
                    for (int k = 0; k < 10; k++) {
                        mine.add(it.next());
                    }
                    return mine;
                }).join());
            }
            for (int i = 0; i < seen.size(); i++) {
                assertEquals(i, seen.get(i));
            }
        }
    }

    @Test
    void manyStrandsEachDrivingTheirOwnGeneratorsAtOnce() throws Exception {
        List<Strand<Long>> all = new ArrayList<>();
        for (int s = 0; s < 8; s++) {
            all.add(Pal.spawn(() -> {
                long sum = 0;
                for (int g = 0; g < 10; g++) {
                    try (Generator<Integer> gen = Generator.of(out -> {
                        for (int i = 0; i < 2_000; i++) {
                            out.yield(i);
                            if (i % 500 == 0) {
                                Pal.yieldNow(); // the strand yields with the generator mounted on it
                            }
                        }
                    })) {
                        for (int v : gen) {
                            sum += v;
                        }
                    }
                }
                return sum;
            }));
        }
        for (Strand<Long> s : all) {
            assertEquals(10L * (2_000L * 1_999 / 2), s.join());
        }
    }

    @Test
    void aCheckedFailureIsWrappedForWhoeverResumes() throws Exception {
        Coroutine<Void, Void> c = Coroutine.create((y, first) -> {
            throw new java.io.IOException("disk");
        });
        ExecutionException e = assertThrows(ExecutionException.class, () -> Pal.spawn(() -> c.resume(null)).join());
        assertInstanceOf(io.pal.coroutine.CoroutineFailedException.class, e.getCause());
        assertInstanceOf(java.io.IOException.class, e.getCause().getCause());
    }

    private static <T> T onAFreshThread(java.util.concurrent.Callable<T> task) throws Exception {
        AtomicReference<Object> out = new AtomicReference<>();
        Thread t = new Thread(() -> {
            try {
                out.set(task.call());
            } catch (Throwable e) {
                out.set(e);
            }
        });
        t.start();
        t.join();
        if (out.get() instanceof Throwable e) {
            throw new AssertionError(e);
        }
        @SuppressWarnings("unchecked")
        T r = (T) out.get();
        return r;
    }
}
