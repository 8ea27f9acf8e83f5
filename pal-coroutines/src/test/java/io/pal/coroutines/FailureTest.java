package io.pal.coroutines;

import io.pal.Strand;
import io.pal.coroutines.sched.Carrier;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutionException;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class FailureTest extends OnPrivateBackend {

    private static int recurse(int n) {
        return recurse(n + 1) + 1;
    }

    @Test
    void stackOverflowIsContainedInItsStrandAndOthersContinue() throws Exception {
        List<Strand<Integer>> others = new ArrayList<>();
        for (int i = 0; i < 100; i++) {
            final int v = i;
            others.add(b.spawn(() -> {
                b.yieldNow();
                return v;
            }));
        }
        Strand<Integer> deep = b.spawn("deep", () -> recurse(0));
        ExecutionException e = assertThrows(ExecutionException.class, deep::join);
        assertInstanceOf(StackOverflowError.class, e.getCause());
        for (int i = 0; i < others.size(); i++) {
            assertEquals(i, others.get(i).join());
        }
        // Both carriers still serve: a strand after the overflow runs, and after a second one too.
        assertThrows(ExecutionException.class, () -> b.spawn(() -> recurse(0)).join());
        assertEquals(7, b.spawn(() -> 7).join());
        assertEquals(2, b.scheduler().carrierCount());
        assertTrue(b.scheduler().total(Carrier.Stat.SWITCHES) > 0);
    }

    @Test
    void anErrorInTheBodyGoesToJoin() throws Exception {
        Strand<Void> s = b.spawn(() -> {
            throw new OutOfMemoryError("pretend");
        });
        ExecutionException e = assertThrows(ExecutionException.class, s::join);
        assertEquals("pretend", e.getCause().getMessage());
    }
}
