package io.pal.compat.blocking;

import io.pal.Pal;
import io.pal.Strand;
import io.pal.coroutines.CoroutineDiagnostics;
import io.pal.spi.BlockingCall;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Scanner;
import java.util.TreeMap;
import java.util.concurrent.Callable;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;
import java.util.stream.Collectors;
import java.util.stream.Stream;

/**
 * A program, run in a JVM of its own with one carrier, that makes blocking calls in a strand while
 * 100 other strands nap 5 ms at a time, and prints what it saw as {@code case.key=value} lines.
 *
 * <p>For each case, in turn: (1) a baseline: the nappers' worst lateness over a window as long as
 * the case is made to block, while nothing blocks (the machine's own noise, under whatever load it
 * has now); (2) the case: one strand makes the call, whose other party comes late, and the nappers'
 * worst lateness while it lasts; (3) a second baseline window after it. The baseline printed is the
 * worse of the two, so that a load that rose during the case (another build starting) counts as
 * noise, not as the call's: seen once as 127 ms against 13 ms before, with every hand-off counted.
 * A call that held the carrier may leave the scheduler slow for a while after, which raises the
 * second window too; the count of hand-offs, not the lateness, is what proves the mechanism. It prints the call's result, how long the call took, both
 * latenesses, and (on coroutines) the hand-offs it caused, by call. Unmodified blocking code
 * throughout; the cases are {@link BlockingCases}.
 *
 * <p>Usage: {@code BlockingProbe DIR CASE...}; DIR is a scratch directory (FIFOs, files). The test
 * runs one case per JVM; several in one JVM are for a person looking at many at once.
 */
public final class BlockingProbe {

    private static final int NAPPERS = 100;
    private static final long NAP_NANOS = TimeUnit.MILLISECONDS.toNanos(5);
    private static final long WARM_UP_MILLIS = 500;

    private BlockingProbe() {
    }

    public static void main(String[] args) throws Exception {
        Path dir = Path.of(args[0]);
        preload();
        try (Nappers nappers = new Nappers()) {
            Thread.sleep(WARM_UP_MILLIS); // the JVM's own start-up (compilation, class loading) is not what is measured
            for (int i = 1; i < args.length; i++) {
                String name = args[i];
                Callable<String> call = BlockingCases.of(name, dir);
                BlockingCases.warmUp(name);
                nappers.measure();
                Thread.sleep(BlockingCases.BASELINE_MILLIS);
                long baseline = nappers.worstMillis();
                Map<BlockingCall, Long> before = handOffs();
                nappers.measure();
                AtomicLong elapsed = new AtomicLong();
                String result = Pal.spawn(name, () -> {
                    long t0 = System.nanoTime();
                    try {
                        return call.call();
                    } finally {
                        elapsed.set(System.nanoTime() - t0);
                    }
                }).join();
                long worst = nappers.worstMillis();
                nappers.measure();
                Thread.sleep(BlockingCases.BASELINE_MILLIS);
                baseline = Math.max(baseline, nappers.worstMillis()); // a load that rose during the case is noise too
                System.out.println(name + ".result=" + result);
                System.out.println(name + ".elapsedMillis=" + TimeUnit.NANOSECONDS.toMillis(elapsed.get()));
                System.out.println(name + ".worstLatenessMillis=" + worst);
                System.out.println(name + ".baselineLatenessMillis=" + baseline);
                System.out.println(name + ".handOffs=" + minus(handOffs(), before));
                System.out.flush();
            }
        }
    }

    /**
     * Loads this package's classes here, on the main thread: a strand that loads a class from the
     * class path reads its file, which hands off (and brings a spare) before the call measured. And
     * runs once what a case's JDK code sets up the first time (Scanner's patterns, the streams'
     * collectors): a strand that computes holds up the nappers on one carrier as surely as a call
     * that blocks, and that is not what is measured.
     */
    private static void preload() throws ClassNotFoundException {
        String pkg = BlockingProbe.class.getPackageName();
        for (String name : List.of("Fifo", "Fifo$Opener", "BlockingCases", "BlockingCases$Case", "BlockingCases$FifoRead",
                "BlockingCases$FifoWrite", "LockHolder")) {
            Class.forName(pkg + "." + name, true, BlockingProbe.class.getClassLoader());
        }
        try (Scanner s = new Scanner("warm\nup")) {
            while (s.hasNextLine()) {
                s.nextLine();
            }
        }
        Stream.of("warm", "up").collect(Collectors.joining("|"));
    }

    /** The hand-offs counted so far by call (empty on backends that do not count them). */
    private static Map<BlockingCall, Long> handOffs() {
        return CoroutineDiagnostics.active().map(d -> d.counts().handOffs()).orElse(Map.of());
    }

    private static Map<BlockingCall, Long> minus(Map<BlockingCall, Long> after, Map<BlockingCall, Long> before) {
        Map<BlockingCall, Long> d = new TreeMap<>();
        after.forEach((call, n) -> {
            long delta = n - before.getOrDefault(call, 0L);
            if (delta != 0) {
                d.put(call, delta);
            }
        });
        return d;
    }

    /** 100 strands that nap 5 ms at a time and record the worst lateness since {@link #measure()}. */
    private static final class Nappers implements AutoCloseable {
        private final AtomicBoolean stop = new AtomicBoolean();
        private final AtomicBoolean measuring = new AtomicBoolean();
        private final AtomicLong worst = new AtomicLong();
        private final List<Strand<Void>> strands = new ArrayList<>();

        Nappers() {
            for (int i = 0; i < NAPPERS; i++) {
                strands.add(Pal.spawn("napper-" + i, () -> {
                    while (!stop.get()) {
                        long start = System.nanoTime();
                        Thread.sleep(5);
                        if (measuring.get()) {
                            worst.accumulateAndGet(System.nanoTime() - start - NAP_NANOS, Math::max);
                        }
                    }
                    return null;
                }));
            }
        }

        /** Starts a window: the worst lateness from now on. */
        void measure() {
            worst.set(0);
            measuring.set(true);
        }

        long worstMillis() {
            return TimeUnit.NANOSECONDS.toMillis(worst.get());
        }

        @Override
        public void close() throws Exception {
            stop.set(true);
            for (Strand<Void> s : strands) {
                s.join();
            }
        }
    }
}
