package io.pal.bench;

import io.pal.Pal;
import io.pal.Strand;
import io.pal.group.StrandGroup;
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

import java.util.concurrent.TimeUnit;

/**
 * The cost of a turn in a strand group: ns per increment of a plain (lock-free, non-volatile)
 * counter by two members that hand the turn to each other with {@code Pal.yieldNow()}. On
 * coroutines a turn is a yield on the group's one carrier; on the thread backends it is a release
 * and a fair re-acquire of the group's lock, which wakes the other member's thread.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
@Fork(1) // the fork inherits the host JVM's -javaagent (bench/run.sh)
public class GroupTurns {

    static final int TURNS = 10_000;

    @Param({"threads", "virtual", "coroutines"})
    public String shape;

    /** The members' shared state: a plain field. */
    private static final class Counter {
        int value;
    }

    @Setup(Level.Trial)
    public void setup() {
        Shapes.install(shape);
    }

    @Benchmark
    @OperationsPerInvocation(TURNS)
    public int turns() throws Exception {
        StrandGroup g = Pal.newGroup("turns");
        Counter counter = new Counter();
        Runnable member = () -> {
            for (int i = 0; i < TURNS / 2; i++) {
                counter.value++;
                Pal.yieldNow(); // the other member's turn
            }
        };
        Strand<Void> a = g.spawn(member);
        Strand<Void> b = g.spawn(member);
        a.join();
        b.join();
        if (counter.value != TURNS) {
            throw new AssertionError(counter.value + " != " + TURNS);
        }
        return counter.value;
    }
}
