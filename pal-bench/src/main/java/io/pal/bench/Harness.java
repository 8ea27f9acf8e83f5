package io.pal.bench;

import io.pal.BackendName;
import io.pal.Pal;
import io.pal.Strand;
import io.pal.StrandState;

import java.io.IOException;
import java.lang.management.GarbageCollectorMXBean;
import java.lang.management.ManagementFactory;
import java.lang.management.MemoryMXBean;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.concurrent.Callable;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.LongAdder;
import java.util.concurrent.locks.LockSupport;

/**
 * Plain (non-JMH) harnesses, one backend per JVM; bench/run.sh starts one JVM per backend and mode.
 *
 * <pre>
 *   Harness mem   &lt;backend&gt; [n]      heap bytes per parked strand (n default 1,000,000)
 *   Harness mem   raw-virtual [n]    the same for bare JDK virtual threads (Thread.ofVirtual, LockSupport.park), no pal
 *   Harness spawn &lt;backend&gt; [n] [rounds]  spawn n strands from a driver strand, then join them all (n default 1,000,000)
 *   Harness takers &lt;backend&gt; [n]     n strands blocked in ArrayBlockingQueue.take() at once, then one feeder strand
 *                                     puts n items: time from the first put to the last taker joined (n default 10,000)
 *   Harness handoff &lt;backend&gt; [n]    on one carrier (virtual: parallelism 1), n strands sleep 5 ms at a time while
 *                                     another reads a FIFO whose writer comes 1 s later: how late the sleepers wake
 *                                     (p99 and worst, over 3 rounds; n default 100)
 * </pre>
 *
 * Each prints {@code RESULT<TAB>group<TAB>backend<TAB>variant<TAB>score<TAB>error<TAB>unit<TAB>note}
 * lines that bench/run.sh collects. Run with -XX:CompileCommand=dontinline,io.pal.bench.Harness::depth*
 * so that the parked strands really are three frames deep after JIT compilation.
 */
public final class Harness {

    private static final MemoryMXBean MEMORY = ManagementFactory.getMemoryMXBean();
    private static final Runnable EMPTY = () -> { };

    private static final LongAdder PARKED = new LongAdder();
    private static volatile boolean released;

    private Harness() {
    }

    public static void main(String[] args) throws Exception {
        if (args.length < 2) {
            System.err.println("usage: Harness mem|spawn <threads|virtual|coroutines|raw-virtual> [n] [rounds]");
            System.exit(2);
        }
        String mode = args[0];
        String backend = args[1];
        int n = args.length > 2 ? Integer.parseInt(args[2].replace("_", "")) : 1_000_000;
        switch (mode) {
            case "mem" -> memory(backend, n);
            case "spawn" -> spawn(backend, n, args.length > 3 ? Integer.parseInt(args[3]) : 5);
            case "takers" -> takers(backend, n);
            case "handoff" -> handoff(backend, args.length > 2 ? n : 100);
            default -> throw new IllegalArgumentException("unknown mode " + mode);
        }
    }

    // ---------------------------------------------------------------- hand-off latency

    /**
     * Issue's hand-off figure: sleepers' lateness while a strand on their one carrier blocks in a
     * FIFO read (FileInputStream: no non-blocking form, the JDK does not compensate it).
     */
    private static void handoff(String backend, int n) throws Exception {
        Shapes.install(backend.equals("threads") ? backend : backend + ":1"); // one carrier, or parallelism 1
        Path dir = Files.createTempDirectory("pal-handoff");
        try {
            long[] worst = new long[3];
            long[] p99 = new long[3];
            for (int round = 0; round < 3; round++) {
                long[] late = handoffRound(n, dir);
                Arrays.sort(late);
                worst[round] = late[late.length - 1];
                p99[round] = late[(int) (late.length * 0.99)];
            }
            Arrays.sort(worst);
            Arrays.sort(p99);
            String note = String.format("n=%d sleepers of 5 ms beside a FIFO read blocked 1 s, one carrier; median of 3 rounds;"
                    + " worst lateness %.1f ms (rounds %s ms)", n, worst[1] / 1e6, Arrays.toString(Arrays.stream(worst)
                    .mapToObj(w -> String.format("%.1f", w / 1e6)).toArray()));
            System.out.printf("# %s: sleepers' p99 lateness %.2f ms, worst %.1f ms (%s)%n", backend, p99[1] / 1e6, worst[1] / 1e6, note);
            System.out.println(result("handoff-latency", backend, "p99", p99[1] / 1e6, Double.NaN, "ms", note));
        } finally {
            Files.deleteIfExists(dir);
        }
    }

    /** One round: returns every sleeper's lateness (ns) for the naps that overlapped the blocked FIFO read. */
    private static long[] handoffRound(int n, Path dir) throws Exception {
        Path fifo = dir.resolve("handoff.fifo");
        if (new ProcessBuilder("mkfifo", fifo.toString()).inheritIO().start().waitFor() != 0) {
            throw new IOException("mkfifo " + fifo + " failed");
        }
        java.util.concurrent.ConcurrentLinkedQueue<long[]> naps = new java.util.concurrent.ConcurrentLinkedQueue<>();
        java.util.concurrent.atomic.AtomicBoolean stop = new java.util.concurrent.atomic.AtomicBoolean();
        @SuppressWarnings("unchecked")
        Strand<Void>[] sleepers = new Strand[n];
        for (int i = 0; i < n; i++) {
            sleepers[i] = Pal.spawn(() -> {
                while (!stop.get()) {
                    long t = System.nanoTime();
                    Thread.sleep(5);
                    naps.add(new long[] {t, System.nanoTime()});
                }
                return null;
            });
        }
        Thread.sleep(200); // sleepers in their stride
        Thread writer = new Thread(() -> {
            try {
                Thread.sleep(1_000);
                try (java.io.FileOutputStream out = new java.io.FileOutputStream(fifo.toFile())) {
                    out.write(1);
                }
            } catch (Exception e) {
                throw new IllegalStateException(e);
            }
        });
        long[] window = new long[2];
        Strand<Integer> reader = Pal.spawn(() -> {
            window[0] = System.nanoTime();
            try (java.io.FileInputStream in = new java.io.FileInputStream(fifo.toFile())) {
                return in.read();
            } finally {
                window[1] = System.nanoTime();
            }
        });
        writer.start();
        if (reader.join() != 1) {
            throw new IllegalStateException("the FIFO read returned the wrong byte");
        }
        writer.join();
        stop.set(true);
        for (Strand<Void> s : sleepers) {
            s.join();
        }
        Files.delete(fifo);
        // the naps that overlapped the blocked read, however long they lasted
        return naps.stream().filter(nap -> nap[1] > window[0] && nap[0] < window[1])
                .mapToLong(nap -> nap[1] - nap[0] - 5_000_000).toArray();
    }

    // ---------------------------------------------------------------- j.u.c. takers

    /** The monitor figure: n strands in BlockingQueue.take(), one feeder, JVM threads counted while they wait. */
    private static void takers(String backend, int n) throws Exception {
        Shapes.install(backend);
        takersRound(Math.min(n, 1_000)); // warm-up
        long[] r = takersRound(n);
        String note = String.format("n=%d takers in ArrayBlockingQueue(64).take(); %d JVM threads while all waited; all parked in %d ms",
                n, r[1], TimeUnit.NANOSECONDS.toMillis(r[2]));
        System.out.printf("# %s: fed and joined %d takers in %.1f ms (%s)%n", backend, n, r[0] / 1e6, note);
        System.out.println(result("juc-takers", backend, "default", r[0] / 1e6, Double.NaN, "ms", note));
    }

    /** Returns {feed-to-joined nanos, live JVM threads while all waited, spawn-to-all-parked nanos}. */
    private static long[] takersRound(int n) throws Exception {
        java.util.concurrent.BlockingQueue<Integer> queue = new java.util.concurrent.ArrayBlockingQueue<>(64);
        @SuppressWarnings("unchecked")
        Strand<Integer>[] takers = new Strand[n];
        long t0 = System.nanoTime();
        for (int i = 0; i < n; i++) {
            takers[i] = Pal.spawn(queue::take);
        }
        for (Strand<Integer> t : takers) {
            while (t.state() != StrandState.PARKED) {
                Thread.sleep(1);
            }
        }
        long parked = System.nanoTime() - t0;
        long threads = ManagementFactory.getThreadMXBean().getThreadCount();
        long t1 = System.nanoTime();
        Pal.spawn(() -> {
            for (int i = 0; i < n; i++) {
                queue.put(i);
            }
            return null;
        }).join();
        long sum = 0;
        for (Strand<Integer> t : takers) {
            sum += t.join();
        }
        long took = System.nanoTime() - t1;
        if (sum != (long) n * (n - 1) / 2) {
            throw new IllegalStateException("takers got a wrong sum: " + sum);
        }
        return new long[] {took, threads, parked};
    }

    // ---------------------------------------------------------------- heap per parked strand

    private static void memory(String backend, int n) throws Exception {
        boolean raw = backend.equals("raw-virtual");
        if (!raw) {
            Shapes.install(backend);
        }
        // Warm up: load and compile everything a parked strand touches, with small batches.
        for (int i = 0; i < 3; i++) {
            parkAndRelease(raw, Math.min(n, 10_000));
        }

        Object[] strands = new Object[n]; // allocated before the baseline: the array is ours, not the strand's
        long before = usedHeapAfterGc();
        long rssBefore = rss();
        long t0 = System.nanoTime();
        PARKED.reset();
        released = false;
        for (int i = 0; i < n; i++) {
            strands[i] = raw ? Thread.ofVirtual().start(Harness::rawDepth1) : Pal.spawn(Harness::depth1);
        }
        awaitParked(raw, strands, n);
        long spawnMs = TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - t0);
        long after = usedHeapAfterGc();
        long rssAfter = rss();
        double perStrand = (after - before) / (double) n;
        double rssPer = rssBefore > 0 && rssAfter > 0 ? (rssAfter - rssBefore) / (double) n : Double.NaN;
        String note = String.format("n=%d; used heap after System.gc() %,d -> %,d B (MemoryMXBean); RSS delta %.0f B/strand; parked in %d ms",
                n, before, after, rssPer, spawnMs);
        System.out.printf("# %s: %,.0f heap bytes per parked strand (%s)%n", backend, perStrand, note);
        System.out.println(result("heap-per-parked", raw ? "virtual (raw JDK)" : backend, "default", perStrand, Double.NaN, "B/strand", note));

        released = true;
        for (Object s : strands) {
            unpark(raw, s);
        }
        for (Object s : strands) {
            join(raw, s);
        }
    }

    private static void parkAndRelease(boolean raw, int n) throws Exception {
        Object[] strands = new Object[n];
        PARKED.reset();
        released = false;
        for (int i = 0; i < n; i++) {
            strands[i] = raw ? Thread.ofVirtual().start(Harness::rawDepth1) : Pal.spawn(Harness::depth1);
        }
        awaitParked(raw, strands, n);
        released = true;
        for (Object s : strands) {
            unpark(raw, s);
        }
        for (Object s : strands) {
            join(raw, s);
        }
    }

    /** Waits until every strand has counted itself and reports itself parked (or waiting, for threads). */
    private static void awaitParked(boolean raw, Object[] strands, int n) throws InterruptedException {
        long deadline = System.nanoTime() + TimeUnit.MINUTES.toNanos(5);
        while (PARKED.sum() < n) {
            if (System.nanoTime() > deadline) {
                throw new IllegalStateException("only " + PARKED.sum() + " of " + n + " strands parked after 5 minutes");
            }
            Thread.sleep(10);
        }
        // Every strand has counted itself; give the last ones time to get into park. A backend
        // whose state() lags is measured anyway after 30 s, with a warning, rather than not at all.
        long stateDeadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
        for (int i = 0; i < n; i++) {
            while (!isParked(raw, strands[i])) {
                if (System.nanoTime() > stateDeadline) {
                    long notParked = Arrays.stream(strands, 0, n).filter(s -> !isParked(raw, s)).count();
                    System.out.println("# warning: " + notParked + " of " + n
                            + " strands do not report PARKED after 30 s (all have reached park); measuring anyway");
                    return;
                }
                Thread.sleep(1);
            }
        }
    }

    private static boolean isParked(boolean raw, Object s) {
        if (raw) {
            Thread.State st = ((Thread) s).getState();
            return st == Thread.State.WAITING;
        }
        return ((Strand<?>) s).state() == StrandState.PARKED;
    }

    private static void unpark(boolean raw, Object s) {
        if (raw) {
            LockSupport.unpark((Thread) s);
        } else {
            Pal.unpark((Strand<?>) s);
        }
    }

    private static void join(boolean raw, Object s) throws Exception {
        if (raw) {
            ((Thread) s).join();
        } else {
            ((Strand<?>) s).join();
        }
    }

    // Three frames above the strand's entry: depth1 -> depth2 -> depth3 parks. Each keeps a live
    // local so the frames are not empty. Not inlined (see the class comment).
    private static void depth1() {
        long a = System.identityHashCode(Thread.currentThread());
        depth2(a);
    }

    private static void depth2(long a) {
        long b = a * 31 + 7;
        depth3(b);
        if (b == 42) {
            System.out.print("");
        }
    }

    private static void depth3(long b) {
        PARKED.increment();
        while (!released) {
            Pal.park();
        }
        if (b == 43) {
            System.out.print("");
        }
    }

    private static void rawDepth1() {
        long a = System.identityHashCode(Thread.currentThread());
        rawDepth2(a);
    }

    private static void rawDepth2(long a) {
        long b = a * 31 + 7;
        rawDepth3(b);
        if (b == 42) {
            System.out.print("");
        }
    }

    private static void rawDepth3(long b) {
        PARKED.increment();
        while (!released) {
            LockSupport.park();
        }
        if (b == 43) {
            System.out.print("");
        }
    }

    /** Used heap after four System.gc() calls (the least seen), in bytes: what the heap measures compare. */
    static long usedHeapAfterGc() throws InterruptedException {
        long used = Long.MAX_VALUE;
        for (int i = 0; i < 4; i++) {
            System.gc();
            Thread.sleep(100);
            used = Math.min(used, MEMORY.getHeapMemoryUsage().getUsed());
        }
        return used;
    }

    /** Resident set size from /proc/self/status, in bytes; -1 where there is no /proc. */
    private static long rss() {
        try {
            for (String line : Files.readAllLines(Path.of("/proc/self/status"))) {
                if (line.startsWith("VmRSS:")) {
                    return Long.parseLong(line.replaceAll("[^0-9]", "")) * 1024;
                }
            }
        } catch (IOException | RuntimeException e) {
            // no /proc
        }
        return -1;
    }

    // ---------------------------------------------------------------- spawn + join, one big batch

    private static void spawn(String backend, int n, int rounds) throws Exception {
        Shapes.Installed b = Shapes.install(backend);
        if (b.backend() == BackendName.THREADS) {
            System.out.println("# threads: " + n + " platform threads per round");
        }
        int warmup = Math.max(1, rounds / 2);
        double[] nsPer = new double[rounds];
        double[] gcShare = new double[rounds];
        for (int r = 0; r < warmup + rounds; r++) {
            System.gc();
            long gc0 = gcMillis();
            long t0 = System.nanoTime();
            Callable<Long> driver = () -> SpawnJoin.batch(n);
            long joined = Pal.spawn("driver", driver).join();
            long dt = System.nanoTime() - t0;
            double gc = (gcMillis() - gc0) * 1e6 / dt;
            if (joined != n) {
                throw new AssertionError(joined + " != " + n);
            }
            double per = dt / (double) n;
            System.out.printf("# %s spawn+join round %d%s: %,d strands in %,d ms = %.1f ns/strand (GC %.0f%% of it)%n",
                    backend, r, r < warmup ? " (warm-up)" : "", n, dt / 1_000_000, per, gc * 100);
            if (r >= warmup) {
                nsPer[r - warmup] = per;
                gcShare[r - warmup] = gc;
            }
        }
        Arrays.sort(nsPer);
        double median = nsPer[rounds / 2];
        double gcMean = Arrays.stream(gcShare).average().orElse(Double.NaN);
        String note = String.format("n=%d per round, median of %d rounds after %d warm-up (min %.1f, max %.1f); GC (collector time) %.0f%% of the measured rounds",
                n, rounds, warmup, nsPer[0], nsPer[rounds - 1], gcMean * 100);
        System.out.println(result("spawn-join-harness", backend, "default", median, Double.NaN, "ns/strand", note));
    }

    /** Total collection time of all collectors so far (for G1 this includes concurrent cycles). */
    private static long gcMillis() {
        long sum = 0;
        for (GarbageCollectorMXBean gc : ManagementFactory.getGarbageCollectorMXBeans()) {
            sum += Math.max(0, gc.getCollectionTime());
        }
        return sum;
    }

    static String result(String group, String backend, String variant, double score, double error, String unit, String note) {
        return String.join("\t", "RESULT", group, backend, variant, fmt(score), fmt(error), unit, note);
    }

    private static String fmt(double d) {
        return Double.isNaN(d) ? "NaN" : String.format("%.3f", d);
    }
}
