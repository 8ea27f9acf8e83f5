package io.pal.bench;

import io.pal.Pal;
import io.pal.coroutine.Generator;
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

import java.util.Iterator;
import java.util.concurrent.TimeUnit;

/**
 * Generator throughput as pal programs see it: ns per value taken from a {@link Generator} by a
 * strand. Each invocation spawns one strand that makes a generator, takes {@link #VALUES} values
 * through its Iterator and closes it; the spawn, the join and the generator's creation are spread
 * over those values (well under 0.1 ns each). On coroutines every value is one continuation switch
 * on the strand's own carrier (the fast path); on the thread backends a handoff between two
 * strands. {@link GeneratorValues} takes values on the benchmark thread instead, which on
 * coroutines is a plain thread and goes through a host strand per value.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
@Fork(1) // the fork inherits the host JVM's -javaagent (bench/run.sh)
public class GeneratorInStrand {

    static final int VALUES = 100_000;

    @Param({"threads", "virtual", "coroutines"})
    public String shape;

    @Setup(Level.Trial)
    public void setup() {
        Shapes.install(shape);
    }

    @Benchmark
    @OperationsPerInvocation(VALUES)
    public long take() throws Exception {
        return Pal.spawn("consumer", GeneratorInStrand::consume).join();
    }

    private static long consume() {
        long sum = 0;
        try (Generator<Integer> generator = Generator.of(out -> {
            for (int i = 0; ; i++) {
                out.yield(i & 127); // small values: Integer.valueOf hits its cache, so no allocation is measured
            }
        })) {
            Iterator<Integer> values = generator.iterator();
            for (int i = 0; i < VALUES; i++) {
                sum += values.next();
            }
        }
        return sum;
    }
}
