package io.pal.coroutines.timer;

import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.List;
import java.util.PriorityQueue;
import java.util.Random;
import java.util.concurrent.atomic.AtomicInteger;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertTrue;

class TimerHeapTest {

    private static final class T extends Timer {
        T(long deadline) {
            super(deadline);
        }

        @Override
        protected void expire() {
        }
    }

    @Test
    void randomAddsRemovesAndPollsMatchAReferenceQueue() {
        Random r = new Random(42);
        TimerHeap h = new TimerHeap();
        PriorityQueue<T> ref = new PriorityQueue<>((a, b) -> Long.compare(a.deadline, b.deadline));
        List<T> queued = new ArrayList<>();
        for (int step = 0; step < 200_000; step++) {
            int op = r.nextInt(10);
            if (op < 5) {
                T t = new T(r.nextInt(1000) - 500L); // negatives too: only differences matter
                h.add(t);
                ref.add(t);
                queued.add(t);
            } else if (op < 8 && !queued.isEmpty()) {
                T t = queued.remove(r.nextInt(queued.size()));
                assertTrue(h.remove(t));
                assertFalse(h.remove(t), "second remove is a no-op");
                ref.remove(t);
            } else {
                T p = (T) h.poll();
                T e = ref.poll();
                if (e == null) {
                    assertNull(p);
                } else {
                    assertEquals(e.deadline, p.deadline);
                    queued.remove(p);
                    ref.add(e);
                    ref.remove(p);
                }
            }
            if (step % 10_000 == 0) {
                assertTrue(h.isValid());
            }
            assertEquals(ref.size(), h.size());
        }
        assertTrue(h.isValid());
    }

    @Test
    void oneMillionTimersAddCancelHalfAndDrainInOrder() {
        TimerHeap h = new TimerHeap();
        Random r = new Random(7);
        T[] all = new T[1_000_000];
        for (int i = 0; i < all.length; i++) {
            all[i] = new T(r.nextLong(1_000_000_000L));
            h.add(all[i]);
        }
        for (int i = 0; i < all.length; i += 2) {
            assertTrue(h.remove(all[i]));
        }
        assertEquals(all.length / 2, h.size());
        long last = Long.MIN_VALUE;
        for (Timer t; (t = h.poll()) != null; ) {
            assertTrue(t.deadline >= last);
            last = t.deadline;
        }
        assertEquals(0, h.size());
    }

    @Test
    void expiryTakesWhatIsDueInDeadlineOrderNeverEarlyAndCancelBeforeArmWins() {
        Timers timers = new Timers();
        int n = 1000;
        AtomicInteger early = new AtomicInteger();
        List<Long> order = new ArrayList<>();
        long base = System.nanoTime();
        for (int i = 0; i < n; i++) {
            long deadline = base + 1_000_000L + (i % 50) * 100_000L;
            timers.arm(new Timer(deadline) {
                @Override
                protected void expire() {
                    if (System.nanoTime() - deadline() < 0) {
                        early.incrementAndGet();
                    }
                    order.add(deadline());
                }
            });
        }
        T cancelled = new T(base);
        timers.cancel(cancelled);
        assertFalse(timers.arm(cancelled), "a timer cancelled before it was armed is dropped");
        assertEquals(0, timers.expireDue(base), "nothing is due before the first deadline");
        while (timers.size() > 0) {
            timers.expireDue(System.nanoTime());
        }
        assertEquals(0, early.get());
        assertEquals(n, order.size());
        for (int i = 1; i < n; i++) {
            assertTrue(order.get(i - 1) - order.get(i) <= 0, "expired out of deadline order at " + i);
        }
        assertSame(-1, cancelled.index);
        assertEquals(Long.MAX_VALUE, timers.nanosUntilNext(System.nanoTime()));
    }
}
