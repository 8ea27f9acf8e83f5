package io.pal.agent;

import io.pal.Pal;
import io.pal.Strand;

import java.lang.management.ManagementFactory;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;

/**
 * A tiny application that knows nothing of JVM flags: {@code n} strands each set a ThreadLocal, call
 * {@code Thread.sleep}, and read the ThreadLocal back. Prints the backend, the most live JVM threads
 * seen while every strand was asleep, whether each strand read back its own value, and whether the
 * strands ran in strands of the backend (not on the main thread). {@link AgentJarIT} runs it with
 * only {@code -javaagent:pal-agent.jar}.
 */
public final class SleepersApp {

    private SleepersApp() {
    }

    public static void main(String[] args) throws Exception {
        int n = Integer.parseInt(args[0]);
        ThreadLocal<Integer> mine = new ThreadLocal<>();
        CountDownLatch asleep = new CountDownLatch(n);
        CountDownLatch wake = new CountDownLatch(1);
        Thread main = Thread.currentThread();
        List<Strand<Boolean>> strands = new ArrayList<>();
        for (int i = 0; i < n; i++) {
            int id = i;
            strands.add(Pal.spawn("sleeper-" + i, () -> {
                mine.set(id);
                boolean inStrand = Thread.currentThread() != main && Pal.current().name().equals("sleeper-" + id);
                asleep.countDown();
                while (wake.getCount() > 0) {
                    Thread.sleep(20);
                }
                return inStrand && mine.get() == id;
            }));
        }
        asleep.await();
        int threads = ManagementFactory.getThreadMXBean().getThreadCount();
        wake.countDown();
        boolean allOwn = true;
        for (Strand<Boolean> s : strands) {
            allOwn &= s.join();
        }
        System.out.println("backend=" + Pal.backend().id() + " threads=" + threads + " ownValues=" + allOwn);
    }
}
