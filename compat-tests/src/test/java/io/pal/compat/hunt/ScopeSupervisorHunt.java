package io.pal.compat.hunt;

import io.pal.Pal;
import io.pal.Strand;
import io.pal.scope.StrandScope;
import io.pal.scope.Supervisor;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * A sim program (run it with {@code bin/pal sim}): structured scopes and supervisors raced against
 * cancellation.
 * <ol>
 *   <li>A fail-fast scope of four strands, one of which fails after a time the seed draws, while
 *       the owner cancels another: after close, every strand is done, join threw the one failure,
 *       and no strand started its critical section after the failure was seen without ending.</li>
 *   <li>A supervisor (each strategy in turn) whose children fail at seeded times, stopped at a
 *       seeded time: stop returns, join ends, every incarnation the supervisor started has ended,
 *       and never two incarnations of one child ran at once.</li>
 * </ol>
 */
public final class ScopeSupervisorHunt {

    private ScopeSupervisorHunt() {
    }

    public static void main(String[] args) throws Exception {
        Random random = new Random();
        scope(random);
        for (Supervisor.Strategy s : Supervisor.Strategy.values()) {
            supervisor(s, random);
        }
    }

    private static void scope(Random random) throws Exception {
        List<Strand<?>> all = new ArrayList<>();
        int failAt = random.nextInt(5);
        int cancelAt = random.nextInt(5);
        Strand<?> victim;
        try (StrandScope scope = StrandScope.open()) {
            for (int i = 0; i < 3; i++) {
                int me = i;
                all.add(scope.spawn(() -> {
                    Pal.sleep(Duration.ofMillis(me + 1));
                    return me;
                }));
            }
            all.add(scope.spawn(() -> {
                Pal.sleep(Duration.ofMillis(failAt));
                throw new IllegalStateException("planned");
            }));
            victim = all.get(0);
            Pal.sleep(Duration.ofMillis(cancelAt));
            victim.cancel();
            try {
                scope.join();
                throw new AssertionError("join did not report the planned failure");
            } catch (ExecutionException e) {
                if (!"planned".equals(e.getCause().getMessage())) {
                    throw new AssertionError("join reported " + e.getCause(), e);
                }
            }
        }
        for (Strand<?> s : all) {
            if (!s.isDone()) {
                throw new AssertionError(s + " outlived its scope");
            }
        }
    }

    private static void supervisor(Supervisor.Strategy strategy, Random random) throws Exception {
        int children = 3;
        AtomicInteger[] running = new AtomicInteger[children];
        AtomicInteger overlaps = new AtomicInteger();
        AtomicInteger live = new AtomicInteger();
        Supervisor.Builder b = Supervisor.builder().strategy(strategy).intensity(1_000, Duration.ofHours(1));
        for (int c = 0; c < children; c++) {
            running[c] = new AtomicInteger();
            AtomicInteger mine = running[c];
            int lifetime = 1 + random.nextInt(4);
            Supervisor.Restart restart = Supervisor.Restart.values()[c % 3];
            b.child("child-" + c, restart, () -> {
                if (mine.incrementAndGet() != 1) {
                    overlaps.incrementAndGet();
                }
                live.incrementAndGet();
                try {
                    Pal.sleep(Duration.ofMillis(lifetime));
                    throw new IllegalStateException("crash");
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                } finally {
                    live.decrementAndGet();
                    mine.decrementAndGet();
                }
            });
        }
        Supervisor sup = b.start();
        Pal.sleep(Duration.ofMillis(random.nextInt(12)));
        sup.stop();
        try {
            sup.join();
        } catch (ExecutionException e) {
            throw new AssertionError(strategy + ": the supervisor failed: " + e.getCause(), e);
        }
        if (overlaps.get() != 0) {
            throw new AssertionError(strategy + ": two incarnations of one child ran at once " + overlaps.get() + " times");
        }
        if (live.get() != 0) {
            throw new AssertionError(strategy + ": " + live.get() + " children still ran after stop and join");
        }
    }
}
