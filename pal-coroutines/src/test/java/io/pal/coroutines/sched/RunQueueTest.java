package io.pal.coroutines.sched;

import org.junit.jupiter.api.RepeatedTest;
import org.junit.jupiter.api.Test;

import java.util.concurrent.CountDownLatch;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicIntegerArray;
import java.util.concurrent.atomic.AtomicLong;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The stealing ring buffer: sequential behaviour, then an exact-count race of one owner against two thieves. */
class RunQueueTest {

    private record Item(int n) implements Runnable {
        @Override
        public void run() {
        }
    }

    @Test
    void fifoBoundedAndWrapsAround() {
        RunQueue q = new RunQueue(4);
        for (int round = 0; round < 10; round++) {
            for (int i = 0; i < 4; i++) {
                assertTrue(q.push(new Item(i)));
            }
            assertFalse(q.push(new Item(99)), "full");
            for (int i = 0; i < 4; i++) {
                assertEquals(i, ((Item) q.pop()).n());
            }
            assertNull(q.pop());
        }
    }

    @Test
    void stealTakesTheOlderHalfRoundedUpAndReturnsOneToRun() {
        RunQueue victim = new RunQueue(8);
        RunQueue thief = new RunQueue(8);
        for (int i = 0; i < 5; i++) {
            victim.push(new Item(i));
        }
        Runnable run = victim.stealInto(thief); // takes 0,1,2: runs 2, keeps 0,1
        assertEquals(2, ((Item) run).n());
        assertEquals(2, thief.size());
        assertEquals(0, ((Item) thief.pop()).n());
        assertEquals(3, ((Item) victim.pop()).n());
        assertEquals(1, thief.size());
    }

    @Test
    void takeHalfOnlyWhenFull() {
        RunQueue q = new RunQueue(4);
        q.push(new Item(0));
        assertNull(q.takeHalf());
        for (int i = 1; i < 4; i++) {
            q.push(new Item(i));
        }
        Runnable[] half = q.takeHalf();
        assertEquals(2, half.length);
        assertSame(Item.class, half[0].getClass());
        assertEquals(0, ((Item) half[0]).n());
        assertEquals(2, ((Item) q.pop()).n());
    }

    /**
     * The owner pushes N items (overflowing into a "global" counter when full) and pops some, two
     * thieves steal into their own queues and drain them. Every item is taken exactly once. Capacity
     * 4 makes wrap-around and full/empty edges happen constantly.
     */
    @RepeatedTest(20)
    void ownerAndTwoThievesTakeEveryItemExactlyOnce() throws Exception {
        final int n = 100_000;
        RunQueue owner = new RunQueue(4);
        AtomicIntegerArray taken = new AtomicIntegerArray(n);
        AtomicLong count = new AtomicLong();
        AtomicBoolean ownerDone = new AtomicBoolean();
        CountDownLatch go = new CountDownLatch(1);
        Thread[] thieves = new Thread[2];
        for (int t = 0; t < thieves.length; t++) {
            thieves[t] = new Thread(() -> {
                RunQueue mine = new RunQueue(4);
                awaitQuietly(go);
                while (true) {
                    boolean finished = ownerDone.get();
                    Runnable x = owner.stealInto(mine);
                    if (x == null && finished) {
                        break;
                    }
                    for (; x != null; x = mine.pop()) {
                        record(taken, count, x);
                    }
                }
            });
            thieves[t].start();
        }
        go.countDown();
        for (int i = 0; i < n; i++) {
            Item item = new Item(i);
            while (!owner.push(item)) {
                Runnable[] half = owner.takeHalf();
                if (half != null) {
                    for (Runnable x : half) {
                        record(taken, count, x); // "moved to the global queue" counts as taken once
                    }
                }
            }
            if (i % 3 == 0) {
                Runnable x = owner.pop();
                if (x != null) {
                    record(taken, count, x);
                }
            }
        }
        for (Runnable x; (x = owner.pop()) != null; ) {
            record(taken, count, x);
        }
        ownerDone.set(true);
        for (Thread t : thieves) {
            t.join();
        }
        assertEquals(n, count.get());
        for (int i = 0; i < n; i++) {
            assertEquals(1, taken.get(i), "item " + i);
        }
    }

    private static void record(AtomicIntegerArray taken, AtomicLong count, Runnable x) {
        taken.incrementAndGet(((Item) x).n());
        count.incrementAndGet();
    }

    private static void awaitQuietly(CountDownLatch l) {
        try {
            l.await();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
