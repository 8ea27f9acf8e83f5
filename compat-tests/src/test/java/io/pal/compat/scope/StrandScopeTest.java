package io.pal.compat.scope;

import io.pal.Pal;
import io.pal.Strand;
import io.pal.junit.AllBackends;
import io.pal.scope.StrandScope;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

import java.util.concurrent.ExecutionException;
import java.util.concurrent.atomic.AtomicBoolean;

import static io.pal.compat.scope.Until.blockUntilInterrupted;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

@AllBackends
@Timeout(60)
class StrandScopeTest {

    @Test
    void joinWaitsForEveryStrand() throws Exception {
        try (StrandScope scope = StrandScope.open()) {
            Strand<Integer> a = scope.spawn(() -> 1);
            Strand<Integer> b = scope.spawn(() -> {
                Pal.yieldNow();
                return 2;
            });
            scope.join();
            assertTrue(a.isDone() && b.isDone());
            assertEquals(3, a.resultNow() + b.resultNow());
        }
    }

    @Test
    void leavingTheScopeJoinsItsStrands() throws Exception {
        AtomicBoolean finished = new AtomicBoolean();
        Strand<?> s;
        try (StrandScope scope = StrandScope.open()) {
            s = scope.spawn(() -> {
                for (int i = 0; i < 100; i++) {
                    Pal.yieldNow();
                }
                finished.set(true);
            });
        }
        assertTrue(s.isDone());
        assertTrue(finished.get());
    }

    @Test
    void oneFailureCancelsTheRest() throws Exception {
        IllegalStateException boom = new IllegalStateException("boom");
        StrandScope scope = StrandScope.open();
        Strand<Void> sleeper = scope.spawn(Until::blockUntilInterrupted);
        scope.spawn(() -> {
            throw boom;
        });
        ExecutionException e = assertThrows(ExecutionException.class, scope::join);
        assertSame(boom, e.getCause());
        assertEquals(0, boom.getSuppressed().length, "a cancelled sibling is not a failure");
        assertTrue(sleeper.isDone() && sleeper.isCancelled());
        assertThrows(IllegalStateException.class, () -> scope.spawn(() -> 1));
        scope.close(); // already reported: does not throw again
    }

    @Test
    void keepGoingRunsTheOthersAndAttachesLaterFailuresAsSuppressed() throws Exception {
        IllegalStateException first = new IllegalStateException("first");
        IllegalArgumentException second = new IllegalArgumentException("second");
        StrandScope scope = StrandScope.open(StrandScope.Policy.KEEP_GOING);
        Strand<Void> a = scope.spawn(() -> {
            throw first;
        });
        Strand<Integer> survivor = scope.spawn(() -> {
            Until.until("first failure", a::isDone);
            return 42;
        });
        scope.spawn(() -> {
            Until.until("first failure", a::isDone);
            throw second;
        });
        ExecutionException e = assertThrows(ExecutionException.class, scope::close);
        assertSame(first, e.getCause());
        assertArrayEquals(new Throwable[] {second}, first.getSuppressed());
        assertEquals(42, survivor.resultNow());
    }

    @Test
    void onlyTheOwnerMaySpawnJoinOrClose() throws Exception {
        try (StrandScope scope = StrandScope.open()) {
            Strand<Throwable> intruder = Pal.spawn(() -> {
                try {
                    scope.spawn(() -> 1);
                    return null;
                } catch (WrongThreadException e) {
                    return e;
                }
            });
            assertTrue(intruder.join() instanceof WrongThreadException);
        }
    }

    @Test
    void scopesNest() throws Exception {
        try (StrandScope outer = StrandScope.open()) {
            Strand<Integer> s = outer.spawn(() -> {
                try (StrandScope inner = StrandScope.open()) {
                    Strand<Integer> x = inner.spawn(() -> 20);
                    Strand<Integer> y = inner.spawn(() -> 22);
                    inner.join();
                    return x.resultNow() + y.resultNow();
                }
            });
            outer.join();
            assertEquals(42, s.resultNow());
        }
    }
}
