package io.pal.bench;

import io.pal.Pal;
import io.pal.Strand;
import io.pal.StrandState;
import io.pal.channel.Channel;

import java.lang.management.ManagementFactory;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CompletableFuture;

/**
 * One measurement per JVM, written against pal's public API only, so that one compiled copy runs
 * under any build's agent jar: bench/ab.sh runs it under an older build's agent and this one's, and
 * under {@code pal.backend=virtual}, in one run (an A/B of two builds with the JDK's virtual threads
 * as the anchor). Each mode warms up, then measures {@link #REPS} times and prints the median:
 * {@code RESULT <mode> <value> <unit> <note>}.
 *
 * <pre>
 *   pingpong   two strands, Pal.park/Pal.unpark, 1,000,000 round trips: ns per round trip
 *   chanpong   two strands, an unbuffered Channel, 300,000 round trips: ns per round trip
 *   spawn      spawn + join in batches of 10,000, 500,000 strands: ns per strand
 *   heap       200,000 strands parked in Pal.park: heap bytes per strand (used heap after System.gc(), as Harness measures it);
 *              each body is a Runnable method reference whose method loops on Pal.park
 *   heap-raw   the same for bare JDK virtual threads (Thread.ofVirtual, LockSupport.park), no pal API: the same
 *              shape (a Runnable method reference, a method that loops on the park), so that the stacks differ only
 *              by Pal.park's own frames
 *   takers     10,000 strands in ArrayBlockingQueue.take(), one strand feeds them: ms until all joined
 *   futures    10,000 strands in CompletableFuture.get(), one strand completes them in order: ms until all joined
 *   fanout     one strand spawns 2,000 strands of 50 us of CPU each: ms until all joined
 *   waiters    2,000 strands in Object.wait on one monitor: JVM threads at that moment (live platform threads)
 *   sleep      one strand sleeps 100 us (Thread.sleep), 2,000 times: the median time a sleep took, in us
 * </pre>
 */
public final class AbHarness {

    private static final int REPS = 5;

    private AbHarness() {
    }

    public static void main(String[] args) throws Exception {
        String mode = args.length > 0 ? args[0] : "";
        switch (mode) {
            case "pingpong" -> report(mode, "ns/round trip", AbHarness::pingPong);
            case "chanpong" -> report(mode, "ns/round trip", AbHarness::channelPingPong);
            case "spawn" -> report(mode, "ns/strand", AbHarness::spawnJoin);
            case "heap" -> report(mode, "B/strand", () -> heap(false));
            case "heap-raw" -> report(mode, "B/thread", () -> heap(true));
            case "takers" -> report(mode, "ms", AbHarness::takers);
            case "futures" -> report(mode, "ms", AbHarness::futures);
            case "fanout" -> report(mode, "ms", AbHarness::fanOut);
            case "waiters" -> report(mode, "threads", AbHarness::waiters);
            case "sleep" -> report(mode, "us", AbHarness::shortSleeps);
            default -> {
                System.err.println("usage: AbHarness pingpong|chanpong|spawn|heap|heap-raw|takers|futures|fanout|waiters|sleep");
                System.exit(2);
            }
        }
        System.exit(0); // strands of other backends' kinds may be daemons or not: end here
    }

    /** One measurement. */
    private interface Measure {
        double run() throws Exception;
    }

    private static void report(String mode, String unit, Measure m) throws Exception {
        m.run(); // warm-up
        m.run();
        double[] v = new double[REPS];
        for (int i = 0; i < REPS; i++) {
            v[i] = m.run();
        }
        Arrays.sort(v);
        System.out.printf("RESULT\t%s\t%.1f\t%s\tmedian of %d (min %.1f, max %.1f)%n", mode, v[REPS / 2], unit, REPS, v[0], v[REPS - 1]);
    }

    private static double pingPong() throws Exception {
        int rounds = 1_000_000;
        @SuppressWarnings("unchecked")
        Strand<Void>[] pair = new Strand[2];
        long[] took = new long[1];
        Runnable[] body = pingPongBodies(rounds, Pal::park, i -> Pal.unpark(pair[i]), took);
        pair[1] = Pal.spawn(body[1]);
        java.util.concurrent.CountDownLatch go = new java.util.concurrent.CountDownLatch(1);
        pair[0] = Pal.spawn(() -> {
            go.await(); // pair[0] is assigned before the second strand can unpark it
            body[0].run();
            return null;
        });
        go.countDown();
        pair[0].join();
        pair[1].join();
        return took[0] / (double) rounds;
    }

    /**
     * The two sides of a park/unpark ping-pong, shared with {@link SwitchFloor}: side 0 hands the
     * turn to side 1 and parks until it comes back, {@code rounds} times; a volatile flag each way
     * says whose turn it is, re-checked after every park (a park may return spuriously).
     * {@code unpark.accept(i)} wakes side i; side 0 records the time its rounds took in {@code took[0]}.
     */
    static Runnable[] pingPongBodies(int rounds, Runnable park, java.util.function.IntConsumer unpark, long[] took) {
        turn = false;
        flip = false;
        Runnable first = () -> {
            long t0 = System.nanoTime();
            for (int i = 0; i < rounds; i++) {
                turn = true;
                unpark.accept(1);
                while (!flip) {
                    park.run();
                }
                flip = false;
            }
            took[0] = System.nanoTime() - t0;
        };
        Runnable second = () -> {
            for (int i = 0; i < rounds; i++) {
                while (!turn) {
                    park.run();
                }
                turn = false;
                flip = true;
                unpark.accept(0);
            }
        };
        return new Runnable[] {first, second};
    }

    /** Whose turn it is in the ping-pong: the second side's, then the first's. */
    private static volatile boolean turn;
    private static volatile boolean flip;

    private static double channelPingPong() throws Exception {
        int rounds = 300_000;
        Channel<Integer> ping = Channel.unbuffered();
        Channel<Integer> pong = Channel.unbuffered();
        Strand<Void> echo = Pal.spawn(() -> {
            for (int i = 0; i < rounds; i++) {
                pong.send(ping.receive());
            }
            return null;
        });
        Strand<Long> driver = Pal.spawn(() -> {
            long t0 = System.nanoTime();
            for (int i = 0; i < rounds; i++) {
                ping.send(i);
                pong.receive();
            }
            return System.nanoTime() - t0;
        });
        long took = driver.join();
        echo.join();
        return took / (double) rounds;
    }

    private static double spawnJoin() throws Exception {
        int total = 500_000;
        int batch = 10_000;
        Strand<Long> driver = Pal.spawn(() -> {
            List<Strand<Integer>> strands = new ArrayList<>(batch);
            long t0 = System.nanoTime();
            for (int done = 0; done < total; done += batch) {
                for (int i = 0; i < batch; i++) {
                    strands.add(Pal.spawn(() -> 1));
                }
                for (Strand<Integer> s : strands) {
                    s.join();
                }
                strands.clear();
            }
            return System.nanoTime() - t0;
        });
        return driver.join() / (double) total;
    }

    private static volatile boolean released;

    private static double heap(boolean raw) throws Exception {
        int n = 200_000;
        Object[] strands = new Object[n];
        released = false;
        long before = Harness.usedHeapAfterGc();
        for (int i = 0; i < n; i++) {
            strands[i] = raw ? Thread.ofVirtual().start(AbHarness::parkUntilReleased) : Pal.spawn(AbHarness::palParkUntilReleased);
        }
        for (Object s : strands) {
            while (raw ? ((Thread) s).getState() != Thread.State.WAITING : ((Strand<?>) s).state() != StrandState.PARKED) {
                Thread.onSpinWait();
            }
        }
        long after = Harness.usedHeapAfterGc();
        released = true;
        for (Object s : strands) {
            if (raw) {
                java.util.concurrent.locks.LockSupport.unpark((Thread) s);
            } else {
                Pal.unpark((Strand<?>) s);
            }
        }
        for (Object s : strands) {
            if (raw) {
                ((Thread) s).join();
            } else {
                ((Strand<?>) s).join();
            }
        }
        return (after - before) / (double) n;
    }

    private static void palParkUntilReleased() {
        while (!released) {
            Pal.park();
        }
    }

    private static void parkUntilReleased() {
        while (!released) {
            java.util.concurrent.locks.LockSupport.park();
        }
    }

    private static double shortSleeps() throws Exception {
        return Pal.spawn(() -> {
            long[] took = new long[2_000];
            for (int i = 0; i < took.length; i++) {
                long t0 = System.nanoTime();
                Thread.sleep(Duration.ofNanos(100_000));
                took[i] = System.nanoTime() - t0;
            }
            Arrays.sort(took);
            return took[took.length / 2] / 1_000.0;
        }).join();
    }

    private static double takers() throws Exception {
        int n = 10_000;
        BlockingQueue<Integer> q = new ArrayBlockingQueue<>(n);
        List<Strand<Integer>> takers = new ArrayList<>(n);
        for (int i = 0; i < n; i++) {
            takers.add(Pal.spawn(q::take));
        }
        awaitParked(takers);
        long t0 = System.nanoTime();
        Pal.spawn(() -> {
            for (int i = 0; i < n; i++) {
                q.put(i);
            }
            return null;
        }).join();
        for (Strand<Integer> t : takers) {
            t.join();
        }
        return (System.nanoTime() - t0) / 1e6;
    }

    private static double futures() throws Exception {
        int n = 10_000;
        List<CompletableFuture<Integer>> futures = new ArrayList<>(n);
        List<Strand<Integer>> waiters = new ArrayList<>(n);
        for (int i = 0; i < n; i++) {
            CompletableFuture<Integer> f = new CompletableFuture<>();
            futures.add(f);
            waiters.add(Pal.spawn(() -> f.get()));
        }
        awaitParked(waiters);
        long t0 = System.nanoTime();
        Pal.spawn(() -> {
            for (int i = 0; i < n; i++) {
                futures.get(i).complete(i);
            }
            return null;
        }).join();
        for (Strand<Integer> w : waiters) {
            w.join();
        }
        return (System.nanoTime() - t0) / 1e6;
    }

    private static double fanOut() throws Exception {
        int n = 2_000;
        Strand<Long> driver = Pal.spawn(() -> {
            long t0 = System.nanoTime();
            List<Strand<Long>> work = new ArrayList<>(n);
            for (int i = 0; i < n; i++) {
                work.add(Pal.spawn(() -> {
                    long end = System.nanoTime() + 50_000;
                    long x = 0;
                    while (System.nanoTime() < end) {
                        x++;
                    }
                    return x;
                }));
            }
            for (Strand<Long> w : work) {
                w.join();
            }
            return System.nanoTime() - t0;
        });
        return driver.join() / 1e6;
    }

    private static double waiters() throws Exception {
        int n = 2_000;
        Object monitor = new Object();
        int[] waiting = {0};
        boolean[] release = {false};
        List<Strand<Void>> strands = new ArrayList<>(n);
        for (int i = 0; i < n; i++) {
            strands.add(Pal.spawn(() -> {
                synchronized (monitor) {
                    waiting[0]++;
                    while (!release[0]) {
                        monitor.wait();
                    }
                }
                return null;
            }));
        }
        int threads;
        while (true) {
            synchronized (monitor) {
                if (waiting[0] == n) {
                    threads = ManagementFactory.getThreadMXBean().getThreadCount();
                    release[0] = true;
                    monitor.notifyAll();
                    break;
                }
            }
            Thread.sleep(1);
        }
        for (Strand<Void> s : strands) {
            s.join();
        }
        return threads;
    }

    private static void awaitParked(List<? extends Strand<?>> strands) {
        for (Strand<?> s : strands) {
            while (s.state() != StrandState.PARKED && s.state() != StrandState.BLOCKED && !s.isDone()) {
                Thread.onSpinWait();
            }
        }
    }
}
