package io.pal.coroutines.sched;

import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.atomic.AtomicBoolean;
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

    /**
     * Idle carriers sleep in park: once every carrier is asleep, their CPU time over a window is a
     * small part of what a spinning thread gets in the same window (a baseline taken on the same
     * machine under the same load, not a number of milliseconds, which a loaded machine stretches).
     */
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
            while (s.idle().sleeperCount() != 2) { // a state, not a guessed delay
                assertTrue(System.nanoTime() < deadline, "carriers never went to sleep: " + s);
                Thread.onSpinWait();
            }
            java.lang.management.ThreadMXBean mx = java.lang.management.ManagementFactory.getThreadMXBean();
            long before = carriersCpu(s, mx);
            AtomicBoolean stop = new AtomicBoolean();
            Thread spinner = new Thread(() -> {
                while (!stop.get()) {
                    Thread.onSpinWait();
                }
            }, "baseline-spinner");
            spinner.start();
            long spinnerBefore = mx.getThreadCpuTime(spinner.threadId());
            java.util.concurrent.locks.LockSupport.parkNanos(200_000_000L); // a window to measure over
            long spinnerCpu = mx.getThreadCpuTime(spinner.threadId()) - spinnerBefore;
            long idleCpu = carriersCpu(s, mx) - before;
            stop.set(true);
            spinner.join();
            assertEquals(2, s.idle().sleeperCount(), "nothing woke them");
            assertTrue(idleCpu * 20 < spinnerCpu, "idle carriers burned " + idleCpu + " ns of CPU while a spinning thread got "
                    + spinnerCpu + " ns");
        } finally {
            s.shutdown();
            assertTrue(s.awaitTermination(Duration.ofSeconds(10)));
        }
    }

    private static long carriersCpu(Scheduler s, java.lang.management.ThreadMXBean mx) {
        long sum = 0;
        for (Carrier c : s.carriers()) {
            sum += mx.getThreadCpuTime(c.threadId());
        }
        return sum;
    }
}
