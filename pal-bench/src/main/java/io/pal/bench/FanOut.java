package io.pal.bench;

import io.pal.Pal;
import io.pal.Strand;

import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;

import java.util.concurrent.Callable;
import java.util.concurrent.TimeUnit;

/**
 * CPU-bound fan-out: a fixed job (the sum of a 64-bit mix over [0, 2^26)) split into
 * {@link #PARTS} strands that never block, joined by a driver strand. Score: ms per job. The
 * speed-up of a backend is its 1-carrier time over its 2-carrier time (bench/run.sh computes it);
 * platform threads have no carrier setting and run once on the whole machine.
 * bench/go/main.go does the same job with the same mix function.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MILLISECONDS)
@Fork(1) // the fork inherits the host JVM's -javaagent (bench/run.sh)
public class FanOut {

    static final long TOTAL = 1L << 26;
    static final int PARTS = 1024;

    @Param({"threads", "virtual:1", "virtual:2", "coroutines:1", "coroutines:2"})
    public String shape;

    private long expected;

    @Setup(Level.Trial)
    public void setup() {
        Shapes.install(shape);
        expected = range(0, TOTAL);
    }

    @Benchmark
    public long fanOut() throws Exception {
        Callable<Long> driver = () -> {
            long chunk = TOTAL / PARTS;
            @SuppressWarnings("unchecked")
            Strand<Long>[] parts = new Strand[PARTS];
            for (int p = 0; p < PARTS; p++) {
                long from = p * chunk;
                Callable<Long> part = () -> range(from, from + chunk);
                parts[p] = Pal.spawn(part);
            }
            long sum = 0;
            for (Strand<Long> s : parts) {
                sum += s.join();
            }
            return sum;
        };
        long sum = Pal.spawn("driver", driver).join();
        if (sum != expected) {
            throw new AssertionError("fan-out sum " + sum + " != " + expected);
        }
        return sum;
    }

    static long range(long from, long to) {
        long sum = 0;
        for (long i = from; i < to; i++) {
            sum += mix(i);
        }
        return sum;
    }

    /** SplitMix64's finaliser; bench/go uses the same. */
    static long mix(long z) {
        z += 0x9E3779B97F4A7C15L;
        z = (z ^ (z >>> 30)) * 0xBF58476D1CE4E5B9L;
        z = (z ^ (z >>> 27)) * 0x94D049BB133111EBL;
        return z ^ (z >>> 31);
    }
}
