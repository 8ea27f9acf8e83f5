package io.pal.bench;

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
import org.openjdk.jmh.annotations.TearDown;

import java.util.Iterator;
import java.util.concurrent.TimeUnit;

/**
 * Generator throughput: ns per value taken from an infinite {@link Generator} through its
 * Iterator, by the benchmark thread. On the thread backends each value is a handoff between two
 * strands; on coroutines it is one continuation switch on the caller's own thread.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
@Fork(1) // the fork inherits the host JVM's -javaagent (bench/run.sh)
public class GeneratorValues {

    static final int VALUES = 10_000;

    @Param({"threads", "virtual", "coroutines"})
    public String shape;

    private Generator<Integer> generator;
    private Iterator<Integer> values;

    @Setup(Level.Trial)
    public void setup() {
        Shapes.install(shape);
        generator = Generator.of(out -> {
            for (int i = 0; ; i++) {
                out.yield(i & 127); // small values: Integer.valueOf hits its cache, so no allocation is measured
            }
        });
        values = generator.iterator();
    }

    @Benchmark
    @OperationsPerInvocation(VALUES)
    public long take() {
        long sum = 0;
        for (int i = 0; i < VALUES; i++) {
            sum += values.next();
        }
        return sum;
    }

    @TearDown(Level.Trial)
    public void tearDown() {
        generator.close();
    }
}
