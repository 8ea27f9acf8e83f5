package io.pal.group;

import io.pal.Strand;
import io.pal.spi.Backends;

import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.Callable;

/**
 * A set of strands that never run in parallel: at any moment at most one of them runs, so state
 * that only they touch needs no lock. They take turns only where one of them suspends through pal
 * (park, sleep, yield, join, a channel wait, a readiness wait), and each turn happens-before the
 * next, so plain fields written in one turn are seen in every later one.
 *
 * <pre>{@code
 * StrandGroup game = Pal.newGroup("game");
 * Map<String, Integer> scores = new HashMap<>();        // shared by the group's strands, no lock
 * for (String player : players) {
 *     game.spawn(player, () -> {
 *         while (true) {
 *             String move = inbox.receive();             // a suspension: another member may run
 *             scores.merge(player, score(move), Integer::sum);   // atomic with respect to the group
 *         }
 *     });
 * }
 * }</pre>
 *
 * <p>Membership is fixed at spawn: a strand spawned by {@link #spawn} is a member for its whole
 * life; a strand a member spawns with {@code Pal.spawn} is not. How a backend keeps members apart
 * (one carrier for the whole group on coroutines, a lock each member holds while it runs on the
 * thread backends), and what blocking calls that do not go through pal do to a group, is in the
 * package essay. Made by {@link io.pal.Pal#newGroup}.
 */
public interface StrandGroup {

    /** The name given at creation. */
    String name();

    /**
     * Starts a strand in this group that runs {@code task}. It waits to run until no other member
     * runs; otherwise it is an ordinary strand (join, interrupt, cancel, inherited thread-locals).
     * Never blocks.
     *
     * @param name the strand's name, or null for the default {@code strand-<id>}
     */
    <T> Strand<T> spawn(String name, Callable<T> task);

    /** As {@link #spawn(String, Callable)}, without a name. */
    default <T> Strand<T> spawn(Callable<T> task) {
        return spawn(null, task);
    }

    /** As {@link #spawn(String, Callable)} for a task with no result; {@link Strand#join()} returns null. */
    default Strand<Void> spawn(String name, Runnable task) {
        Objects.requireNonNull(task, "task");
        return spawn(name, () -> {
            task.run();
            return null;
        });
    }

    /** As {@link #spawn(String, Runnable)}, without a name. */
    default Strand<Void> spawn(Runnable task) {
        return spawn(null, task);
    }

    /** The group the calling strand was spawned in; empty for a strand spawned outside any group or a plain thread. */
    static Optional<StrandGroup> current() {
        return Backends.active() instanceof GroupSupport groups ? Optional.ofNullable(groups.currentGroup()) : Optional.empty();
    }
}
