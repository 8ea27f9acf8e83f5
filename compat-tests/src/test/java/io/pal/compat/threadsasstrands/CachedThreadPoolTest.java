package io.pal.compat.threadsasstrands;

import io.pal.BackendName;
import io.pal.compat.Await;
import io.pal.compat.PlatformThreads;
import io.pal.junit.AllBackends;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * {@code Executors.newCachedThreadPool()} given blocking tasks that all wait at once, so that it
 * starts a thread (its default thread factory's) for each. On coroutines 10,000 such threads are
 * strands and cost a handful of JVM threads; on threads and virtual they stay platform threads,
 * and 1,000 show the pool's behaviour only.
 */
@AllBackends
@Timeout(value = 300)
class CachedThreadPoolTest {

    @Test
    void tenThousandBlockingTasksEachGetAThreadOfTheirOwn(BackendName backend) throws Exception {
        int tasks = backend == BackendName.COROUTINES ? 10_000 : 1_000;
        int threadsBefore = PlatformThreads.count();
        CountDownLatch gate = new CountDownLatch(1);
        AtomicInteger waiting = new AtomicInteger();
        ExecutorService pool = Executors.newCachedThreadPool();
        try {
            List<Future<Integer>> results = new ArrayList<>(tasks);
            for (int i = 0; i < tasks; i++) {
                int id = i;
                results.add(pool.submit(() -> {
                    waiting.incrementAndGet();
                    gate.await();
                    return id;
                }));
            }
            Await.until(tasks + " tasks waiting at once (" + waiting.get() + ")", () -> waiting.get() == tasks);
            int threadsWhileWaiting = PlatformThreads.count();
            System.out.println("[" + backend.id() + "] " + tasks + " blocking tasks in a cached pool, JVM threads "
                    + threadsBefore + " -> " + threadsWhileWaiting);
            if (backend == BackendName.COROUTINES) {
                assertTrue(threadsWhileWaiting < threadsBefore + PlatformThreads.ALLOWANCE + PlatformThreads.SPARES,
                        "JVM threads " + threadsBefore + " -> " + threadsWhileWaiting);
            }
            gate.countDown();
            for (int i = 0; i < tasks; i++) {
                assertEquals(i, results.get(i).get());
            }
        } finally {
            pool.shutdown();
        }
        assertTrue(pool.awaitTermination(60, TimeUnit.SECONDS), "the pool's threads ended after shutdown");
    }
}
