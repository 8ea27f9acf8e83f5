package io.pal.shim.jdk;

import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.lang.reflect.Constructor;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.Executor;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.ScheduledThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.LockSupport;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * A virtual thread built on a scheduler that is a ScheduledExecutorService arms its timers with that
 * scheduler's {@code schedule}: a timed park, a sleep and a timed Object.wait each reach it with
 * their delay, and the thread wakes when the scheduler runs the timer task. Without the advice the
 * JDK's own timer thread serves them and the recording scheduler sees nothing.
 */
class VirtualThreadTimerAdviceTest {

    /** Runs continuations on one thread of its own; records every timer it is asked for. */
    static final class RecordingScheduler extends ScheduledThreadPoolExecutor {
        final List<String> timers = new CopyOnWriteArrayList<>();

        RecordingScheduler() {
            super(1);
        }

        @Override
        public ScheduledFuture<?> schedule(Runnable command, long delay, TimeUnit unit) {
            timers.add(unit.toNanos(delay) + " ns");
            return super.schedule(command, delay, unit);
        }
    }

    @BeforeAll
    static void install() {
        new ThreadShim().install(new ThreadShimTest.RecordingBackend());
    }

    private static Thread.Builder.OfVirtual builder(Executor scheduler) throws Exception {
        Constructor<?> c = Class.forName("java.lang.ThreadBuilders$VirtualThreadBuilder").getDeclaredConstructor(Executor.class);
        c.setAccessible(true);
        return (Thread.Builder.OfVirtual) c.newInstance(scheduler);
    }

    @Test
    void timedParksSleepsAndWaitsUseTheSchedulersOwnTimer() throws Exception {
        RecordingScheduler scheduler = new RecordingScheduler();
        try {
            LinkedBlockingQueue<String> done = new LinkedBlockingQueue<>();
            Object monitor = new Object();
            Thread t = builder(scheduler).start(() -> {
                LockSupport.parkNanos(3_000_000);
                try {
                    Thread.sleep(Duration.ofMillis(2));
                    synchronized (monitor) {
                        monitor.wait(1);
                    }
                } catch (InterruptedException e) {
                    throw new AssertionError(e);
                }
                done.add("woke");
            });
            assertEquals("woke", done.take());
            t.join();
            assertTrue(scheduler.timers.contains("3000000 ns"), scheduler.timers::toString);
            assertTrue(scheduler.timers.contains("2000000 ns"), scheduler.timers::toString);
            assertTrue(scheduler.timers.contains("1000000 ns"), scheduler.timers::toString);
        } finally {
            scheduler.shutdownNow();
        }
    }

    @Test
    void defaultVirtualThreadsKeepTheJdksTimers() throws Exception {
        Thread t = Thread.ofVirtual().start(() -> LockSupport.parkNanos(1_000_000));
        t.join(); // it woke: the ForkJoinPool's own timer still serves the default scheduler
        assertTrue(t.getState() == Thread.State.TERMINATED);
    }
}
