package io.pal.bench;

import io.pal.Pal;
import io.pal.Strand;

import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OperationsPerInvocation;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;

import java.util.concurrent.Callable;
import java.util.concurrent.TimeUnit;

/**
 * Spawn + join of trivial strands. One invocation spawns a driver strand that spawns
 * {@link #BATCH} strands with an empty body, then joins them in order; the score is ns per
 * spawned strand. The driver is a strand so that spawning happens the way a server spawns (from
 * inside the scheduler, as a Go program spawns from a goroutine), not from a foreign thread.
 * The 1,000,000-strand version is {@code Harness spawn}.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
@Fork(1) // the fork inherits the host JVM's -javaagent (bench/run.sh)
public class SpawnJoin {

    static final int BATCH = 10_000;
    private static final Runnable EMPTY = () -> { };

    /** The backend on its default scheduler (carriers = processors). */
    @Param({"threads", "virtual", "coroutines"})
    public String backend;

    @Setup(Level.Trial)
    public void setup() {
        Shapes.install(backend);
    }

    @Benchmark
    @OperationsPerInvocation(BATCH)
    public long spawnJoin() throws Exception {
        Callable<Long> driver = () -> batch(BATCH);
        return Pal.spawn("driver", driver).join();
    }

    /** Spawns {@code n} empty strands, then joins them all; returns how many were joined. */
    static long batch(int n) throws Exception {
        Strand<?>[] strands = new Strand<?>[n];
        for (int i = 0; i < n; i++) {
            strands[i] = Pal.spawn(EMPTY);
        }
        long joined = 0;
        for (Strand<?> s : strands) {
            s.join();
            joined++;
        }
        return joined;
    }
}
