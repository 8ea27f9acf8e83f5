package io.pal.compat;

import io.pal.Pal;
import io.pal.Strand;
import io.pal.junit.AllBackends;
import io.pal.spi.AdoptedStrand;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Names, ids, and {@link Pal#current()} inside a strand and on a thread pal did not start. */
@AllBackends
@Timeout(value = 30, threadMode = Timeout.ThreadMode.SEPARATE_THREAD)
class StrandIdentityTest {

    @Test
    void namedStrandKeepsItsName() throws Exception {
        Strand<String> s = Pal.spawn("worker-7", () -> Pal.current().name());
        assertEquals("worker-7", s.name());
        assertEquals("worker-7", s.join(), "the name seen from inside");
    }

    @Test
    void unnamedStrandIsCalledStrandDashId() throws Exception {
        Strand<String> s = Pal.spawn(() -> Pal.current().name());
        assertEquals("strand-" + s.id(), s.name());
        assertEquals(s.name(), s.join());
        Strand<Void> r = Pal.spawn((String) null, () -> { });
        assertEquals("strand-" + r.id(), r.name());
        r.join();
    }

    @Test
    void idsAreUniqueAcrossConcurrentSpawners() throws Exception {
        int spawners = 4;
        int each = 250;
        Set<Long> ids = ConcurrentHashMap.newKeySet();
        List<Strand<Object>> outer = new ArrayList<>();
        for (int i = 0; i < spawners; i++) {
            outer.add(Pal.spawn(() -> {
                List<Strand<Long>> mine = new ArrayList<>();
                for (int j = 0; j < each; j++) {
                    mine.add(Pal.spawn(() -> Pal.current().id()));
                }
                for (Strand<Long> s : mine) {
                    long inside = s.join();
                    assertEquals(s.id(), inside, "id seen from inside differs from the handle's");
                    assertTrue(ids.add(inside), "duplicate id " + inside);
                }
                return null;
            }));
        }
        for (Strand<Object> s : outer) {
            s.join();
        }
        assertEquals(spawners * each, ids.size());
        for (Strand<Object> s : outer) {
            assertTrue(ids.add(s.id()), "spawner id reused: " + s.id());
        }
        assertTrue(ids.add(Pal.current().id()), "the adopted test thread's id collides with a spawned strand's");
    }

    /**
     * A strand's id is the id of the thread it runs as, so that a JDK thread dump's {@code #id} names
     * it; an adopted thread's is its own.
     */
    @Test
    void aStrandsIdIsItsThreadsId() throws Exception {
        Strand<Long> named = Pal.spawn("named", () -> Thread.currentThread().threadId());
        Strand<Long> unnamed = Pal.spawn(() -> Thread.currentThread().threadId());
        assertEquals(named.id(), named.join());
        assertEquals(unnamed.id(), unnamed.join());
        assertEquals(Thread.currentThread().threadId(), Pal.current().id());
    }

    @Test
    void currentInsideAStrandIsThatStrand() throws Exception {
        Strand<?>[] seen = new Strand<?>[2];
        Strand<Void> s = Pal.spawn("me", () -> {
            seen[0] = Pal.current();
            Pal.yieldNow();
            seen[1] = Pal.current();
        });
        s.join(); // join is a happens-before edge for seen[]
        assertSame(s, seen[0]);
        assertSame(s, seen[1], "current() changed across a yield");
    }

    @Test
    void currentOnTheTestThreadIsAnAdoptedStrand() throws Exception {
        Strand<?> me = Pal.current();
        assertNotNull(me);
        assertInstanceOf(AdoptedStrand.class, me, "the SPI's rule 1: a thread pal did not start is adopted");
        assertSame(me, Pal.current(), "the adopted strand is the same object on every call");
        assertEquals(Thread.currentThread().getName(), me.name());
        assertFalse(me.isDone());
        assertFalse(me.cancel(), "a thread pal did not start cannot be cancelled");
        assertFalse(me.isCancelled());

        Strand<Strand<?>> child = Pal.spawn(Pal::current);
        assertNotEquals(me, child.join());
        assertNotEquals(me.id(), child.id());
    }

    /** An adopted strand takes part in park/unpark like any other: a strand can wake the test thread. */
    @Test
    void aStrandCanUnparkTheAdoptedTestThread() throws Exception {
        Strand<?> me = Pal.current();
        java.util.concurrent.atomic.AtomicBoolean flag = new java.util.concurrent.atomic.AtomicBoolean();
        Strand<Void> waker = Pal.spawn(() -> {
            flag.set(true);
            Pal.unpark(me);
        });
        while (!flag.get()) {
            Pal.park(); // untimed: if the unpark were lost, @Timeout fails the test
        }
        waker.join();
    }

    @Test
    void distinctStrandsAreDistinct() throws Exception {
        Set<Strand<?>> seen = new HashSet<>();
        for (int i = 0; i < 20; i++) {
            Strand<Strand<?>> s = Pal.spawn(Pal::current);
            assertSame(s, s.join());
            assertTrue(seen.add(s));
        }
    }
}
