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
                        seen.add(Thread.currentThread().getName());
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
}
