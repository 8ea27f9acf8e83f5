package io.pal.compat.group;

import io.pal.BackendName;
import io.pal.Pal;
import io.pal.Strand;
import io.pal.StrandState;
import io.pal.channel.Channel;
import io.pal.coroutine.Coroutine;
import io.pal.group.StrandGroup;
import io.pal.junit.AllBackends;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CancellationException;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.SynchronousQueue;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

/**
 * Strand groups on every backend: members never run at once, take turns only at pal suspension
 * points, each turn happens-before the next, and everything else is an ordinary strand.
 */
@AllBackends
@Timeout(120)
class StrandGroupTest {

    /** Shared by a group's members with no lock and no volatile: the point of a group. */
    private static final class Plain {
        int value;
        int turn;
    }

    /** A member's pause between two increments: one of pal's suspension points, or none. */
    private static void suspendSomehow(int i) throws Exception {
        switch (i % 5) {
            case 0 -> Pal.yieldNow();
            case 1 -> Pal.park(Duration.ofNanos(1_000));
            case 2 -> Pal.sleep(Duration.ofNanos(1_000));
            case 3 -> Pal.spawn(() -> 1).join(); // a join: waits until another strand ends
            default -> { } // no suspension: the next increment follows at once
        }
    }

    @Test
    void aPlainCounterIncrementedByManyMembersAcrossSuspensionsEndsExact() throws Exception {
        for (int iteration = 0; iteration < 5; iteration++) {
            StrandGroup g = Pal.newGroup("counter-" + iteration);
            Plain counter = new Plain();
            int members = 8;
            int rounds = 500;
            List<Strand<Void>> all = new ArrayList<>();
            for (int m = 0; m < members; m++) {
                all.add(g.spawn("member-" + m, () -> {
                    for (int i = 0; i < rounds; i++) {
                        int v = counter.value;          // read, modify, write: no suspension in between,
                        counter.value = v + 1;          // so no other member can interleave here
                        try {
                            suspendSomehow(i);
                        } catch (Exception e) {
                            throw new IllegalStateException(e);
                        }
                    }
                }));
            }
            for (Strand<Void> s : all) {
                s.join();
            }
            assertEquals(members * rounds, counter.value, "lost updates in iteration " + iteration);
        }
    }

    @Test
    void noTwoMembersEverRunAtOnce() throws Exception {
        StrandGroup g = Pal.newGroup("witness");
        AtomicInteger inside = new AtomicInteger();
        AtomicInteger overlaps = new AtomicInteger();
        AtomicInteger turns = new AtomicInteger();
        List<Strand<Void>> all = new ArrayList<>();
        for (int m = 0; m < 6; m++) {
            all.add(g.spawn(() -> {
                for (int i = 0; i < 2_000; i++) {
                    if (inside.getAndIncrement() != 0) {
                        overlaps.incrementAndGet();
                    }
                    for (int spin = 0; spin < 50; spin++) {
                        Thread.onSpinWait(); // a turn long enough for a parallel member to be caught
                    }
                    inside.decrementAndGet();
                    turns.incrementAndGet();
                    Pal.yieldNow();
                }
            }));
        }
        // Strands outside the group run meanwhile and are not serialized with it.
        List<Strand<Void>> others = new ArrayList<>();
        for (int o = 0; o < 2; o++) {
            others.add(Pal.spawn(() -> {
                for (int i = 0; i < 2_000; i++) {
                    Pal.yieldNow();
                }
            }));
        }
        for (Strand<Void> s : all) {
            s.join();
        }
        for (Strand<Void> s : others) {
            s.join();
        }
        assertEquals(6 * 2_000, turns.get());
        assertEquals(0, overlaps.get(), "members ran at the same time");
    }

    @Test
    void eachTurnHappensBeforeTheNextWithPlainFields() throws Exception {
        StrandGroup g = Pal.newGroup("baton");
        Plain baton = new Plain();
        int[] data = new int[60];
        List<Strand<Void>> all = new ArrayList<>();
        for (int m = data.length - 1; m >= 0; m--) { // spawned in reverse: each waits for its turn
            int me = m;
            all.add(g.spawn(() -> {
                while (baton.turn != me) { // a plain read: sees the last turn's write only through happens-before
                    Pal.yieldNow();
                }
                if (me > 0 && data[me - 1] != me * 10 - 10 + 1) {
                    throw new AssertionError("member " + me + " saw " + data[me - 1]);
                }
                data[me] = me * 10 + 1;
                baton.turn = me + 1;
            }));
        }
        for (Strand<Void> s : all) {
            s.join();
        }
        assertEquals(data.length, baton.turn);
    }

    @Test
    void aMemberThatEndsHandsWhatItWroteToTheNextMember() throws Exception {
        for (int i = 0; i < 200; i++) {
            StrandGroup g = Pal.newGroup("relay");
            Plain p = new Plain();
            Strand<Void> writer = g.spawn(() -> {
                p.value = 42;
                p.turn = 1;
            });
            Strand<Integer> reader = g.spawn(() -> {
                while (p.turn == 0) {
                    Pal.yieldNow();
                }
                return p.value;
            });
            writer.join();
            assertEquals(42, reader.join());
        }
    }

    @Test
    void aMemberSuspendedThroughPalLetsAnotherMemberRun() throws Exception {
        StrandGroup g = Pal.newGroup("sleepers");
        Channel<String> ch = Channel.unbuffered();
        AtomicInteger waiting = new AtomicInteger();
        Strand<String> sleeper = g.spawn(() -> {
            try {
                waiting.incrementAndGet(); // has the turn, and is about to give it up by sleeping
                Pal.sleep(Duration.ofHours(1));
                return "woke early";
            } catch (InterruptedException e) {
                return "interrupted";
            }
        });
        Strand<String> receiver = g.spawn(() -> {
            waiting.incrementAndGet();
            return ch.receive();
        });
        awaitTrue("both members to be about to wait", () -> waiting.get() == 2);
        // Both members had the turn and wait through pal: a third runs to its end only if they gave it up.
        assertEquals("third", g.spawn(() -> "third").join());
        ch.send("sent");
        assertEquals("sent", receiver.join());
        sleeper.interrupt();
        assertEquals("interrupted", sleeper.join());
    }

    @Test
    void unmodifiedBlockingOnAThreadBackendKeepsTheGroup(BackendName backend) throws Exception {
        assumeTrue(backend != BackendName.COROUTINES,
                "on coroutines a routed call (Thread.sleep with shim-jdk) suspends and any other blocks the carrier, hence the group: see the group essay");
        SynchronousQueue<String> queue = new SynchronousQueue<>();
        for (boolean sleep : new boolean[] {true, false}) {
            StrandGroup g = Pal.newGroup(sleep ? "thread-sleep" : "queue-take");
            AtomicBoolean blockerReturned = new AtomicBoolean();
            Strand<String> blocker = g.spawn(() -> {
                try {
                    if (sleep) {
                        Thread.sleep(Duration.ofHours(1)); // not through pal: keeps the group
                    } else {
                        queue.take();                      // j.u.c., not through pal: keeps the group
                    }
                } catch (InterruptedException e) {
                    // the test ends the block either way
                }
                blockerReturned.set(true);
                return "done";
            });
            awaitState(blocker, StrandState.PARKED);
            Strand<Boolean> other = g.spawn(blockerReturned::get);
            // The other member either waits for the group (PARKED) or, if the group failed, runs to its end.
            awaitTrue("the other member waits or ends", () -> other.state() == StrandState.PARKED || other.isDone());
            assertFalse(other.isDone(), "a member ran while another was blocked outside pal");
            if (sleep) {
                blocker.interrupt();
            } else {
                queue.put("go");
            }
            assertEquals("done", blocker.join());
            assertTrue(other.join(), "the other member ran before the blocked one returned");
        }
    }

    @Test
    void stateSharedWithACoroutineBodyIsSafeWhenAMemberResumesIt() throws Exception {
        StrandGroup g = Pal.newGroup("with-coroutine");
        Plain counter = new Plain();
        Strand<Coroutine<Void, Integer>> maker = g.spawn(() -> {
            Coroutine<Void, Integer> c = Coroutine.create((y, ignored) -> {
                while (true) {
                    counter.value++;
                    Pal.yieldNow();
                    y.yield(counter.value);
                }
            });
            c.resume(null); // first resumed by a member: the body runs as one of the group
            return c;
        });
        Coroutine<Void, Integer> c = maker.join();
        List<Strand<Void>> all = new ArrayList<>();
        all.add(g.spawn(() -> {
            for (int i = 0; i < 1_000; i++) {
                c.resume(null);
            }
        }));
        for (int m = 0; m < 3; m++) {
            all.add(g.spawn(() -> {
                for (int i = 0; i < 1_000; i++) {
                    counter.value++;
                    Pal.yieldNow();
                }
            }));
        }
        for (Strand<Void> s : all) {
            s.join();
        }
        assertEquals(1 + 1_000 + 3 * 1_000, counter.value);
    }

    @Test
    void membershipIsFixedAtSpawnAndAMembersChildrenAreNotMembers() throws Exception {
        StrandGroup g = Pal.newGroup("parent");
        assertEquals("parent", g.name());
        assertEquals(Optional.empty(), StrandGroup.current());
        assertSame(g, g.spawn(() -> StrandGroup.current().orElseThrow()).join());
        assertEquals(Optional.empty(), g.spawn(() -> Pal.spawn(StrandGroup::current).join()).join());
    }

    @Test
    void aMembersChildRunsWhileItsParentRuns() throws Exception {
        assumeTrue(Runtime.getRuntime().availableProcessors() >= 2, "needs two carriers");
        StrandGroup g = Pal.newGroup("spinner");
        AtomicBoolean childRan = new AtomicBoolean();
        g.spawn(() -> {
            Pal.spawn(() -> childRan.set(true));
            while (!childRan.get()) {
                Thread.onSpinWait(); // the parent never suspends: only a non-member can set the flag
            }
        }).join();
    }

    @Test
    void aFailingOrCancelledMemberGivesTheTurnUp() throws Exception {
        StrandGroup g = Pal.newGroup("failures");
        AtomicBoolean release = new AtomicBoolean();
        Strand<Void> holder = g.spawn(() -> {
            while (!release.get()) {
                Thread.onSpinWait(); // holds the turn without suspending
            }
            throw new IllegalArgumentException("boom");
        });
        Strand<Void> waiting = g.spawn(() -> {
            Pal.sleep(Duration.ofHours(1)); // interrupted by cancel, before or after it gets the turn
            return null;
        });
        assertTrue(waiting.cancel());
        release.set(true);
        ExecutionException e = assertThrows(ExecutionException.class, holder::join);
        assertInstanceOf(IllegalArgumentException.class, e.getCause());
        assertThrows(CancellationException.class, waiting::join);
        assertEquals("still usable", g.spawn(() -> "still usable").join());
    }

    // ---------------------------------------------------------------- waiting for a state

    private static void awaitState(Strand<?> s, StrandState wanted) {
        awaitTrue(s + " to be " + wanted, () -> s.state() == wanted);
    }

    private static void awaitTrue(String what, java.util.function.BooleanSupplier condition) {
        long deadline = System.nanoTime() + Duration.ofSeconds(30).toNanos();
        while (!condition.getAsBoolean()) {
            assertTrue(System.nanoTime() - deadline < 0, "timed out waiting for " + what);
            Pal.park(Duration.ofMillis(1));
        }
    }
}
