package io.pal.compat.hunt;

import io.pal.Pal;
import io.pal.Strand;
import io.pal.channel.Channel;
import io.pal.group.StrandGroup;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;

/**
 * A sim program (run it with {@code bin/pal sim}): a strand group whose members share a plain
 * counter and a plain list across pal suspensions (a channel receive, a sleep, a yield), fed by a
 * strand outside the group, and an atomic region around each update. Invariants, exact: no update
 * is lost, the list holds every element once, and an atomic
 * region that tries to suspend throws instead of suspending.
 */
public final class AtomicGroupHunt {

    private static final class Plain {
        int counter;
        final List<Integer> taken = new ArrayList<>();
    }

    private AtomicGroupHunt() {
    }

    public static void main(String[] args) throws Exception {
        Random random = new Random();
        StrandGroup g = Pal.newGroup("hunt");
        Plain p = new Plain();
        Channel<Integer> work = Channel.buffered(1 + random.nextInt(2));
        int members = 3;
        int elements = 12;
        List<Strand<Void>> all = new ArrayList<>();
        for (int m = 0; m < members; m++) {
            int pause = random.nextInt(3);
            all.add(g.spawn(() -> {
                for (Integer e : work) {
                    Pal.atomic(() -> {
                        int v = p.counter;
                        p.taken.add(e);
                        p.counter = v + 1;
                    });
                    switch (pause) {
                        case 0 -> Pal.yieldNow();
                        case 1 -> Pal.sleep(Duration.ofMillis(1));
                        default -> { }
                    }
                }
                return null;
            }));
        }
        Strand<Void> feeder = Pal.spawn(() -> {
            for (int i = 0; i < elements; i++) {
                work.send(i);
            }
            work.close();
            return null;
        });
        feeder.join();
        for (Strand<Void> s : all) {
            s.join();
        }
        if (p.counter != elements) {
            throw new AssertionError("lost updates: " + p.counter + " of " + elements);
        }
        List<Integer> sorted = new ArrayList<>(p.taken);
        sorted.sort(null);
        if (!sorted.equals(java.util.stream.IntStream.range(0, elements).boxed().toList())) {
            throw new AssertionError("taken " + p.taken);
        }
        boolean refused = false;
        try {
            Pal.atomic(() -> {
                Pal.sleep(Duration.ofMillis(1));
                return null;
            });
        } catch (IllegalStateException expected) {
            refused = true;
        }
        if (!refused) {
            throw new AssertionError("a sleep inside Pal.atomic did not throw");
        }
    }
}
