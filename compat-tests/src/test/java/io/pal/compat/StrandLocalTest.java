package io.pal.compat;

import io.pal.Pal;
import io.pal.Strand;
import io.pal.StrandLocal;
import io.pal.junit.AllBackends;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Supplier;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Strand-locals, and the plain ThreadLocal and InheritableThreadLocal that unmodified code uses:
 * every backend makes them per strand (isolated across suspensions) and inherited at spawn.
 */
@AllBackends
@Timeout(value = 30, threadMode = Timeout.ThreadMode.SEPARATE_THREAD)
class StrandLocalTest {

    private static final int STRANDS = 64;
    private static final int ROUNDS = 50;

    /** A get/set pair over one of the two kinds of local, so each isolation test runs on both. */
    private interface Slot<T> {
        T get();

        void set(T value);
    }

    @Test
    void strandLocalValuesAreIsolatedBetweenStrands() throws Exception {
        StrandLocal<Long> local = StrandLocal.create();
        checkIsolation(new Slot<>() {
            public Long get() {
                return local.get();
            }

            public void set(Long v) {
                local.set(v);
            }
        });
    }

    @Test
    void threadLocalValuesAreIsolatedBetweenStrands() throws Exception {
        ThreadLocal<Long> local = new ThreadLocal<>();
        checkIsolation(new Slot<>() {
            public Long get() {
                return local.get();
            }

            public void set(Long v) {
                local.set(v);
            }
        });
    }

    /**
     * {@value #STRANDS} strands each write their own value, then suspend (yield, a short sleep, a
     * timed park) so that others run in between, possibly on the same carrier, and read it back:
     * {@value #ROUNDS} rounds each. Every read must see the strand's own last write.
     */
    private static void checkIsolation(Slot<Long> slot) throws Exception {
        List<Strand<Integer>> strands = new ArrayList<>();
        for (int i = 0; i < STRANDS; i++) {
            strands.add(Pal.spawn(() -> {
                long me = Pal.current().id();
                if (slot.get() != null) {
                    return -1; // a fresh strand must not see anyone's value
                }
                int ok = 0;
                for (int round = 0; round < ROUNDS; round++) {
                    long value = me * 1_000 + round;
                    slot.set(value);
                    switch (round % 3) {
                        case 0 -> Pal.yieldNow();
                        case 1 -> Pal.sleep(Duration.ofMillis(1));
                        default -> Pal.park(Duration.ofNanos(100_000));
                    }
                    if (slot.get() == value) {
                        ok++;
                    }
                }
                return ok;
            }));
        }
        for (Strand<Integer> s : strands) {
            assertEquals(ROUNDS, s.join(), "reads of its own value in " + s.name());
        }
    }

    @Test
    void initialValueIsComputedOncePerStrand() throws Exception {
        AtomicInteger calls = new AtomicInteger();
        StrandLocal<Integer> local = StrandLocal.withInitial(calls::incrementAndGet);
        List<Strand<Integer>> strands = new ArrayList<>();
        for (int i = 0; i < 16; i++) {
            strands.add(Pal.spawn(() -> {
                int first = local.get();
                Pal.yieldNow();
                return local.get() == first ? first : -first; // repeated gets do not call the supplier
            }));
        }
        Set<Integer> values = new HashSet<>();
        for (Strand<Integer> s : strands) {
            int v = s.join();
            assertTrue(v > 0, "a second get re-ran the supplier in " + s.name());
            values.add(v);
        }
        assertEquals(16, values.size(), "each strand got its own initial value");
        assertEquals(16, calls.get(), "the supplier ran once per strand");
    }

    @Test
    void removeMakesTheNextGetInitialiseAgain() throws Exception {
        AtomicInteger calls = new AtomicInteger();
        StrandLocal<String> local = StrandLocal.withInitial(() -> "initial-" + calls.incrementAndGet());
        Strand<List<String>> s = Pal.spawn(() -> {
            List<String> seen = new ArrayList<>();
            seen.add(local.get());
            local.set("set");
            seen.add(local.get());
            local.remove();
            Pal.yieldNow();
            seen.add(local.get());
            return seen;
        });
        assertEquals(List.of("initial-1", "set", "initial-2"), s.join());

        StrandLocal<String> plain = StrandLocal.create();
        assertNull(Pal.spawn(plain::get).join());
        assertNull(Pal.spawn(() -> {
            plain.set("x");
            plain.remove();
            return plain.get();
        }).join());
    }

    @Test
    void inheritableStrandLocalIsInheritedAtSpawn() throws Exception {
        StrandLocal<String> local = StrandLocal.inheritable(() -> "initial");
        checkInheritance(local::get, local::set);
    }

    @Test
    void inheritableThreadLocalIsInheritedAcrossStrands() throws Exception {
        InheritableThreadLocal<String> local = new InheritableThreadLocal<>() {
            @Override
            protected String initialValue() {
                return "initial";
            }
        };
        checkInheritance(local::get, local::set);
    }

    /**
     * A parent strand sets a value and spawns a child. The child sees the parent's value at spawn
     * time even after the parent changed it; the child's own change is not visible to the parent.
     */
    private static void checkInheritance(Supplier<String> get, java.util.function.Consumer<String> set) throws Exception {
        Strand<List<String>> parent = Pal.spawn(() -> {
            List<String> seen = new ArrayList<>();
            set.accept("parent-at-spawn");
            AtomicBoolean parentChanged = new AtomicBoolean();
            Strand<String> child = Pal.spawn(() -> {
                while (!parentChanged.get()) {
                    Pal.park();
                }
                String inherited = get.get();
                set.accept("child's own");
                return inherited + "|" + get.get();
            });
            set.accept("parent-after-spawn");
            parentChanged.set(true);
            Pal.unpark(child);
            seen.add(child.join());
            seen.add(get.get());
            return seen;
        });
        assertEquals(List.of("parent-at-spawn|child's own", "parent-after-spawn"), parent.join());

        // A parent that never touched it: the child runs the initial supplier.
        assertEquals("initial", Pal.spawn(() -> Pal.spawn(get::get).join()).join());

        // The adopted test thread can be a parent too.
        set.accept("from the test thread");
        try {
            assertEquals("from the test thread", Pal.spawn(get::get).join());
            Pal.spawn(() -> set.accept("grandchild's")).join();
            assertEquals("from the test thread", get.get());
        } finally {
            set.accept(null);
        }
    }

    /** The child inherits the parent's reference, not a copy: a mutable value is shared. */
    @Test
    void inheritedValueIsTheSameObject() throws Exception {
        StrandLocal<List<String>> local = StrandLocal.inheritable(ArrayList::new);
        Strand<Boolean> parent = Pal.spawn(() -> {
            List<String> mine = new ArrayList<>();
            local.set(mine);
            return Pal.spawn(() -> local.get() == mine).join();
        });
        assertTrue(parent.join());
    }

    /** A plain (non-inheritable) ThreadLocal is not inherited: the child starts from its initial value. */
    @Test
    void plainThreadLocalIsNotInherited() throws Exception {
        ThreadLocal<String> local = ThreadLocal.withInitial(() -> "initial");
        Strand<String> parent = Pal.spawn(() -> {
            local.set("parent");
            return Pal.spawn(local::get).join() + "|" + local.get();
        });
        assertEquals("initial|parent", parent.join());
    }
}
