package io.pal.coroutines.sched;

import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.atomic.AtomicInteger;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class SchedulerTest {

    @Test
    void runsEverySubmittedTaskOnceThenShutsDownAndItsThreadsExit() throws Exception {
        Scheduler s = Scheduler.start("sched-test", 2, 8);
        AtomicInteger ran = new AtomicInteger();
        CountDownLatch all = new CountDownLatch(10_000);
        for (int i = 0; i < 10_000; i++) {
            s.submit(() -> {
                ran.incrementAndGet();
                all.countDown();
            });
        }
        all.await();
        assertEquals(10_000, ran.get());
        s.shutdown();
        assertTrue(s.awaitTermination(Duration.ofSeconds(10)));
        assertTrue(s.isTerminated());
        assertThrows(RejectedExecutionException.class, () -> s.submit(() -> { }));
        assertFalse(Thread.getAllStackTraces().keySet().stream().anyMatch(t -> t.getName().startsWith("sched-test-carrier-")),
                "no carrier thread is left");
    }

    @Test
    void tasksSubmittedFromACarrierSpreadToTheIdleOne() throws Exception {
        Scheduler s = Scheduler.start("spread", 2, 4);
        try {
            CountDownLatch both = new CountDownLatch(1);
            java.util.Set<String> seen = java.util.concurrent.ConcurrentHashMap.newKeySet();
            s.submit(() -> {
                for (int i = 0; i < 1000; i++) {
                    s.submit(() -> {
                        seen.add(ThreadAccess.currentCarrier().getName());
                        if (seen.size() == 2) {
                            both.countDown();
                        }
                        long until = System.nanoTime() + 20_000;
                        while (System.nanoTime() < until) {
                            Thread.onSpinWait(); // work worth stealing
                        }
                    });
                }
            });
            both.await();
            assertEquals(2, seen.size());
        } finally {
            s.shutdown();
            assertTrue(s.awaitTermination(Duration.ofSeconds(10)));
        }
    }

    /** Idle carriers sleep in park: once every carrier is asleep, their CPU time stays flat. */
    @Test
    void idleCarriersUseNoCpu() throws Exception {
        Scheduler s = Scheduler.start("idle-test", 2);
        try {
            CountDownLatch ran = new CountDownLatch(100);
            for (int i = 0; i < 100; i++) {
                s.submit(ran::countDown);
            }
            ran.await();
            long deadline = System.nanoTime() + Duration.ofSeconds(10).toNanos();
            while (s.idle().sleeping() != 2) { // a state, not a guessed delay
                assertTrue(System.nanoTime() < deadline, "carriers never went to sleep: " + s);
                Thread.onSpinWait();
            }
            java.lang.management.ThreadMXBean mx = java.lang.management.ManagementFactory.getThreadMXBean();
            long before = 0;
            for (Carrier c : s.carriers()) {
                before += mx.getThreadCpuTime(c.threadId());
            }
            java.util.concurrent.locks.LockSupport.parkNanos(200_000_000L); // a window to measure over
            long after = 0;
            for (Carrier c : s.carriers()) {
                after += mx.getThreadCpuTime(c.threadId());
            }
            assertEquals(2, s.idle().sleeping(), "nothing woke them");
            assertTrue(after - before < 5_000_000L, "idle carriers burned " + (after - before) + " ns of CPU in 200 ms");
        } finally {
            s.shutdown();
            assertTrue(s.awaitTermination(Duration.ofSeconds(10)));
        }
    }
}
