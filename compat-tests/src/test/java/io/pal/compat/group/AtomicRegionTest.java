package io.pal.compat.group;

import io.pal.Pal;
import io.pal.Strand;
import io.pal.channel.Channel;
import io.pal.channel.Select;
import io.pal.coroutine.Coroutine;
import io.pal.coroutine.Generator;
import io.pal.junit.AllBackends;
import io.pal.spi.Backends;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.function.Executable;

import java.io.IOException;
import java.nio.channels.Pipe;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicBoolean;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Atomic regions on every backend, from a strand and from a plain (adopted) thread: every way to
 * suspend through pal throws at once and names itself, nothing else does, a refused wait leaves
 * nothing behind, and regions nest.
 */
@AllBackends
@Timeout(60)
class AtomicRegionTest {

    /** Each way to suspend through pal, by the name its refusal must start with. Run inside a region. */
    private static Map<String, Executable> suspensions(Strand<?> unfinished, Pipe pipe) {
        Map<String, Executable> m = new LinkedHashMap<>();
        m.put("park", Pal::park);
        m.put("park ", () -> Pal.park(Duration.ofMillis(1)));
        m.put("sleep", () -> Pal.sleep(Duration.ofMillis(1)));
        m.put("yield", Pal::yieldNow);
        m.put("join", unfinished::join);
        m.put("join ", () -> unfinished.join(Duration.ofMillis(1)));
        m.put("channel receive", () -> Channel.unbuffered().receive());
        m.put("channel send", () -> Channel.unbuffered().send("x"));
        m.put("channel receive ", () -> Channel.buffered(1).receive(Duration.ofMillis(1)));
        m.put("select", () -> Select.select().onReceive(Channel.unbuffered(), e -> e)
                .onReceive(Channel.unbuffered(), e -> e).onTimeout(Duration.ofMillis(1), () -> "t").run());
        m.put("coroutine resume", () -> Coroutine.create((y, first) -> 1).resume(null));
        m.put("coroutine resume ", () -> Generator.of(out -> out.yield(1)).iterator().next());
        return m;
    }

    /** Runs {@code check} on a fresh strand and on this (plain) thread. */
    private static void fromAStrandAndAPlainThread(Executable check) throws Throwable {
        Pal.spawn(() -> {
            try {
                check.execute();
            } catch (Throwable t) {
                throw new AssertionError(t);
            }
        }).join();
        check.execute();
    }

    @Test
    void everySuspensionThroughPalThrowsAndNamesItself() throws Throwable {
        fromAStrandAndAPlainThread(() -> {
            Strand<Void> unfinished = Pal.spawn(() -> {
                try {
                    Pal.sleep(Duration.ofHours(1));
                } catch (InterruptedException e) {
                    // ended by the test
                }
            });
            Pipe pipe = Pipe.open(); // its source never becomes readable: a readiness wait would wait
            pipe.source().configureBlocking(false);
            try (Pipe.SourceChannel source = pipe.source(); Pipe.SinkChannel sink = pipe.sink()) {
                for (Map.Entry<String, Executable> e : suspensions(unfinished, pipe).entrySet()) {
                    String name = e.getKey().strip();
                    IllegalStateException refused = assertThrows(IllegalStateException.class,
                            () -> Pal.atomic(() -> {
                                try {
                                    e.getValue().execute();
                                } catch (RuntimeException | Error x) {
                                    throw x;
                                } catch (Throwable t) {
                                    throw new AssertionError("expected a refusal of " + name + ", got " + t, t);
                                }
                            }), name);
                    assertTrue(refused.getMessage().startsWith(name + " inside an atomic region"), refused.getMessage());
                    assertFalse(Pal.inAtomic(), "left the region after " + name);
                }
                assertTrue(source.isOpen() && sink.isOpen());
            } finally {
                unfinished.interrupt();
                unfinished.join();
            }
        });
    }

    @Test
    void whatCannotWaitIsAllowed() throws Throwable {
        fromAStrandAndAPlainThread(() -> {
            Strand<Integer> finished = Pal.spawn(() -> 7);
            finished.join();
            Strand<Void> unfinished = Pal.spawn(() -> {
                try {
                    Pal.sleep(Duration.ofHours(1));
                } catch (InterruptedException e) {
                    // ended by the test
                }
            });
            Channel<String> buffered = Channel.buffered(2);
            buffered.send("ready");
            Pal.atomic(() -> {
                Pal.park(Duration.ZERO);
                Pal.park(Duration.ofNanos(-1));
                try {
                    Pal.sleep(Duration.ZERO);
                    assertEquals(7, finished.join());
                    assertEquals(7, finished.join(Duration.ofSeconds(1)));
                    assertThrows(TimeoutException.class, () -> unfinished.join(Duration.ZERO));
                    assertEquals("ready", buffered.receive());
                    buffered.send("room");
                    assertEquals("room", buffered.receive(Duration.ofSeconds(1)));
                    assertEquals("default", Select.<String>select().onReceive(Channel.<String>unbuffered(), e -> e)
                            .otherwise(() -> "default").run());
                } catch (Exception e) {
                    throw new AssertionError(e);
                }
                assertNull(buffered.tryReceive());
                assertTrue(buffered.trySend("again"));
                Pal.unpark(finished); // a finished strand: a no-op
                Pal.spawn(() -> 1);
                Coroutine.create((y, first) -> 1).close(); // never started: nothing runs
                Pal.interrupted();
                assertTrue(Pal.inAtomic());
            });
            assertFalse(Pal.inAtomic());
            unfinished.interrupt();
            unfinished.join();
        });
    }

    @Test
    void aRefusedChannelWaitLeavesNoWaiterBehind() throws Throwable {
        fromAStrandAndAPlainThread(() -> {
            Channel<String> ch = Channel.unbuffered();
            assertThrows(IllegalStateException.class, () -> Pal.atomic(() -> {
                try {
                    ch.receive();
                } catch (InterruptedException e) {
                    throw new AssertionError(e);
                }
            }));
            assertFalse(ch.trySend("lost?"), "a refused receive left a receiver that took an element");
            assertThrows(IllegalStateException.class, () -> Pal.atomic(() -> {
                try {
                    ch.send("ghost");
                } catch (InterruptedException e) {
                    throw new AssertionError(e);
                }
            }));
            assertNull(ch.tryReceive(), "a refused send left its element behind");
        });
    }

    @Test
    void regionsNestAndAThrowingBodyLeavesItsRegion() throws Throwable {
        fromAStrandAndAPlainThread(() -> {
            int v = Pal.atomic(() -> {
                Pal.atomic(() -> assertTrue(Pal.inAtomic()));
                assertTrue(Pal.inAtomic(), "the inner region's end ended the outer one");
                assertThrows(IllegalStateException.class, Pal::yieldNow);
                return 42;
            });
            assertEquals(42, v);
            assertFalse(Pal.inAtomic());
            assertThrows(IllegalArgumentException.class, () -> Pal.atomic(() -> {
                throw new IllegalArgumentException("boom");
            }));
            assertFalse(Pal.inAtomic());
            assertThrows(IOException.class, () -> Pal.atomic(() -> {
                throw new IOException("checked, and typed");
            }));
            assertFalse(Pal.inAtomic());
            Pal.yieldNow(); // allowed again
            assertThrows(IllegalStateException.class, () -> Backends.active().exitAtomic());
        });
    }

    @Test
    void aRegionBelongsToItsStrandOnly() throws Exception {
        AtomicBoolean inRegion = new AtomicBoolean();
        AtomicBoolean release = new AtomicBoolean();
        Strand<Void> holder = Pal.spawn(() -> Pal.atomic(() -> {
            inRegion.set(true);
            while (!release.get()) {
                Thread.onSpinWait(); // inside its region, without suspending
            }
        }));
        while (!inRegion.get()) {
            Pal.park(Duration.ofMillis(1));
        }
        Strand<Boolean> other = Pal.spawn(() -> {
            Pal.sleep(Duration.ofMillis(1));
            Pal.yieldNow();
            return Pal.inAtomic();
        });
        assertFalse(other.join());
        assertFalse(Pal.inAtomic());
        release.set(true);
        holder.join();
    }

    @Test
    void aCoroutineBodyMayNotYieldInsideARegionItOpened() {
        Coroutine<Void, Integer> c = Coroutine.create((y, first) -> {
            Pal.atomic(() -> {
                y.yield(1);
            });
            return 2;
        });
        IllegalStateException e = assertThrows(IllegalStateException.class, () -> c.resume(null));
        assertTrue(e.getMessage().startsWith("coroutine yield inside an atomic region"), e.getMessage());
        assertTrue(c.isDone());
        assertFalse(Pal.inAtomic());
    }
}
