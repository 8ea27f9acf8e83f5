package io.pal.compat;

import io.pal.Pal;
import io.pal.Strand;
import io.pal.junit.AllBackends;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReferenceArray;

import static org.junit.jupiter.api.Assertions.assertEquals;

/**
 * No lost wakeup: two strands hand a turn back and forth through a shared atomic and
 * {@link Pal#park()}/{@link Pal#unpark}, with nothing else to wake them. Each side:
 * <ol>
 *   <li>parks until {@code turn} is its own (in a loop: park may return spuriously);</li>
 *   <li>counts the handoff, gives the turn to the other side, and unparks it.</li>
 * </ol>
 * The unpark can land anywhere in the other side's loop: before it parks (the permit makes that
 * park return), while it is parked (it wakes), or just after it saw its turn (a leftover permit
 * costs one spurious loop). A lost wakeup leaves both sides parked, and the class timeout fails it.
 *
 * <p>Why {@value #HANDOFFS} handoffs: every handoff is a real park/unpark pair, the slowest path
 * (on platform threads a futex wake and a context switch, some 5 to 10 µs on a busy 2-core box),
 * so a million takes a few seconds on threads and less on the others, well inside the ~20 s
 * budget, while giving each window of the protocol about half a million chances to be hit.
 */
@AllBackends
@Timeout(value = 90, threadMode = Timeout.ThreadMode.SEPARATE_THREAD)
class NoLostWakeupTest {

    static final int HANDOFFS = 1_000_000;

    @Test
    void oneMillionHandoffsBetweenTwoStrands() throws Exception {
        AtomicInteger turn = new AtomicInteger(-1); // -1: nobody's turn until both are spawned
        AtomicReferenceArray<Strand<?>> sides = new AtomicReferenceArray<>(2);
        int[] counts = new int[2]; // each slot written only by its side; read after join
        for (int me = 0; me < 2; me++) {
            int self = me;
            int other = 1 - me;
            sides.set(me, Pal.spawn("pingpong-" + me, () -> {
                // Side 0 makes handoffs 0, 2, 4, ...; side 1 makes 1, 3, 5, ...
                for (int i = self; i < HANDOFFS; i += 2) {
                    while (turn.get() != self) {
                        Pal.park();
                    }
                    counts[self]++;
                    turn.set(other);
                    Pal.unpark(sides.get(other));
                }
            }));
        }
        turn.set(0);
        Pal.unpark(sides.get(0));
        long t0 = System.nanoTime();
        sides.get(0).join();
        sides.get(1).join();
        long ms = (System.nanoTime() - t0) / 1_000_000;
        assertEquals(HANDOFFS / 2, counts[0], "side 0's handoffs");
        assertEquals(HANDOFFS / 2, counts[1], "side 1's handoffs");
        assertEquals(HANDOFFS % 2, turn.get(), "the turn ends where the last handoff left it");
        System.out.printf("[%s] %d handoffs in %d ms%n", Pal.backend(), HANDOFFS, ms);
    }
}
