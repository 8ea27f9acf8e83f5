package io.pal.coroutines.sched;

import org.jetbrains.lincheck.datastructures.IntGen;
import org.jetbrains.lincheck.datastructures.ModelCheckingOptions;
import org.jetbrains.lincheck.datastructures.Operation;
import org.jetbrains.lincheck.datastructures.Param;
import org.junit.jupiter.api.Test;

import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.List;

/**
 * The stealing ring buffer under Lincheck's model checker: every interleaving (within the bounds
 * below) of the owner's push, pop and takeHalf against two thieves' stealInto and drain must be
 * linearizable to a plain bounded FIFO ({@link Spec}). The capacity is 4, so that full queues and
 * the counters' wrap-around are explored, as tokio checks its queue under loom.
 * {@code -Dpal.modelcheck=thorough} explores many more scenarios.
 */
@Param(name = "item", gen = IntGen.class, conf = "1:9")
public class RunQueueModelCheckTest {

    private static final int CAPACITY = 4;

    /** A task that is only a number (a final class, not a record: Lincheck snapshots its field). */
    private static final class Item implements Runnable {
        private final int n;

        Item(int n) {
            this.n = n;
        }

        int n() {
            return n;
        }

        @Override
        public void run() {
        }
    }

    private final RunQueue queue = new RunQueue(CAPACITY);

    @Operation(nonParallelGroup = "owner")
    public boolean push(@Param(name = "item") int n) {
        return queue.push(new Item(n));
    }

    @Operation(nonParallelGroup = "owner")
    public Integer pop() {
        Runnable t = queue.pop();
        return t == null ? null : ((Item) t).n();
    }

    @Operation(nonParallelGroup = "owner")
    public List<Integer> takeHalf() {
        Runnable[] batch = queue.takeHalf();
        return batch == null ? null : numbers(batch);
    }

    /** A thief steals into its own (empty) queue; the result is what it took, oldest first. */
    @Operation
    public List<Integer> steal() {
        RunQueue mine = new RunQueue(CAPACITY);
        Runnable last = queue.stealInto(mine);
        List<Integer> taken = new ArrayList<>();
        for (Runnable t = mine.pop(); t != null; t = mine.pop()) {
            taken.add(((Item) t).n());
        }
        if (last != null) {
            taken.add(((Item) last).n());
        }
        return taken;
    }

    @Operation
    public List<Integer> drain() {
        return numbers(queue.drain());
    }

    private static List<Integer> numbers(Runnable[] tasks) {
        List<Integer> ns = new ArrayList<>();
        for (Runnable t : tasks) {
            ns.add(((Item) t).n());
        }
        return ns;
    }

    @Test
    void isLinearizableToABoundedFifo() {
        ModelChecks.options().sequentialSpecification(Spec.class).check(RunQueueModelCheckTest.class);
    }

    /** The sequential specification: a bounded FIFO; a steal takes the older half, rounded up. */
    public static final class Spec {
        private final ArrayDeque<Integer> items = new ArrayDeque<>();

        public boolean push(int n) {
            return items.size() < CAPACITY && items.add(n);
        }

        public Integer pop() {
            return items.poll();
        }

        public List<Integer> takeHalf() {
            return items.size() < CAPACITY ? null : take(items.size() / 2);
        }

        public List<Integer> steal() {
            return take(items.size() - items.size() / 2);
        }

        public List<Integer> drain() {
            return take(items.size());
        }

        private List<Integer> take(int n) {
            List<Integer> taken = new ArrayList<>();
            for (int i = 0; i < n; i++) {
                taken.add(items.poll());
            }
            return taken;
        }
    }
}
