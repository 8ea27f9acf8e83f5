package io.pal.examples;

import io.pal.Pal;
import io.pal.Strand;
import io.pal.StrandLocal;

import java.lang.management.ManagementFactory;
import java.lang.management.ThreadMXBean;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * The demo that {@code bin/pal demo sleepers} runs once per backend: ordinary blocking code (sleep, park,
 * join, strand-locals) written once, and what each backend made of it.
 *
 * <ol>
 *   <li>10,000 strands that each sleep 50 ms at the same time: on threads that is 10,000 OS
 *       threads, on virtual and coroutines a handful of carriers.</li>
 *   <li>A ping-pong of 100,000 park/unpark handoffs between two strands.</li>
 *   <li>Each strand keeps its own strand-local counter; the demo checks none leaked.</li>
 * </ol>
 */
public final class SleepersDemo {

    private static final int SLEEPERS = 10_000;
    private static final int HANDOFFS = 100_000;

    private SleepersDemo() {
    }

    public static void main(String[] args) throws Exception {
        System.out.printf("backend %-10s  %s%n", Pal.backend(), sleepers());
        System.out.printf("backend %-10s  %s%n", Pal.backend(), pingPong());
    }

    private static String sleepers() throws Exception {
        StrandLocal<int[]> mine = StrandLocal.withInitial(() -> new int[1]);
        AtomicInteger wrong = new AtomicInteger();
        ThreadMXBean threads = ManagementFactory.getThreadMXBean();
        threads.resetPeakThreadCount();
        int threadsBefore = threads.getThreadCount();
        long t0 = System.nanoTime();
        List<Strand<Void>> strands = new ArrayList<>(SLEEPERS);
        for (int i = 0; i < SLEEPERS; i++) {
            int id = i;
            strands.add(Pal.spawn(() -> {
                mine.get()[0] = id;
                try {
                    Pal.sleep(Duration.ofMillis(50));
                } catch (InterruptedException e) {
                    throw new IllegalStateException(e);
                }
                if (mine.get()[0] != id) {
                    wrong.incrementAndGet();
                }
            }));
        }
        for (Strand<Void> s : strands) {
            s.join();
        }
        long ms = (System.nanoTime() - t0) / 1_000_000;
        int peakThreads = threads.getPeakThreadCount();
        return String.format("%,d strands slept 50 ms each, all joined in %,d ms; platform threads %d before, peak %d; "
                + "strand-locals crossed: %d", SLEEPERS, ms, threadsBefore, peakThreads, wrong.get());
    }

    /**
     * Two strands hand a turn counter back and forth. Publication: pong is spawned first, so ping
     * sees its handle (spawn happens-before the child runs); ping stores its own handle before its
     * first turn write, so pong sees it once it sees turn 1.
     */
    private static String pingPong() throws Exception {
        AtomicInteger turn = new AtomicInteger();
        Strand<?>[] players = new Strand<?>[2];
        long t0 = System.nanoTime();
        Strand<Void> pong = Pal.spawn("pong", () -> play(1, turn, players));
        players[1] = pong;
        Strand<Void> ping = Pal.spawn("ping", () -> play(0, turn, players));
        ping.join();
        pong.join();
        long ns = System.nanoTime() - t0;
        return String.format("%,d park/unpark handoffs between two strands in %,d ms (%,d ns per round trip)",
                2 * HANDOFFS, ns / 1_000_000, ns / HANDOFFS);
    }

    private static void play(int me, AtomicInteger turn, Strand<?>[] players) {
        players[me] = Pal.current();
        for (int i = me; i < 2 * HANDOFFS; i += 2) {
            while (turn.get() != i) {
                Pal.park();
            }
            turn.set(i + 1);
            Pal.unpark(players[1 - me]);
        }
    }
}
