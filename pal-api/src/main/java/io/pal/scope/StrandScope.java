package io.pal.scope;

import io.pal.Pal;
import io.pal.Strand;

import java.util.List;
import java.util.Objects;
import java.util.Queue;
import java.util.concurrent.Callable;
import java.util.concurrent.CancellationException;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutionException;

/**
 * A structured scope: it owns the strands spawned in it, and leaving it joins them, so no strand
 * outlives the block that started it.
 *
 * <pre>{@code
 * try (StrandScope scope = StrandScope.open()) {
 *     Strand<User> user = scope.spawn(() -> fetchUser(id));
 *     Strand<List<Order>> orders = scope.spawn(() -> fetchOrders(id));
 *     scope.join();                       // throws if either failed; the other was cancelled
 *     return new Page(user.resultNow(), orders.resultNow());
 * }
 * }</pre>
 *
 * <p>Policies: with {@link Policy#FAIL_FAST} (the default) the first strand to fail cancels every
 * other strand of the scope at once; with {@link Policy#KEEP_GOING} the others run to the end.
 * Either way {@link #join()} throws an ExecutionException whose cause is the first failure, with
 * the later failures attached to it as suppressed. Strands that ended because the scope cancelled
 * them are not failures.
 *
 * <p>Only the strand that opened a scope may spawn in it, join it or close it; scopes nest.
 */
public final class StrandScope implements AutoCloseable {

    /** What one failure does to the other strands of the scope. */
    public enum Policy {
        /** Cancel the others at once. */
        FAIL_FAST,
        /** Let the others finish. */
        KEEP_GOING
    }

    /** What to do on failure. Immutable. */
    private final Policy policy;
    /** The strand that opened the scope. Immutable. */
    private final Strand<?> owner;
    /** Every strand spawned here, in spawn order. Appended by the owner, read by failing strands. */
    private final List<Strand<?>> strands = new CopyOnWriteArrayList<>();
    /** Failures in the order they happened. Appended by any strand of the scope. */
    private final Queue<Throwable> failures = new ConcurrentLinkedQueue<>();
    /** Set by the first failure under FAIL_FAST; read by the owner's spawn. */
    private volatile boolean cancelling;
    /** Owner only: the failures have been thrown once, or the scope is closed. */
    private boolean reported;
    private boolean closed;

    private StrandScope(Policy policy) {
        this.policy = Objects.requireNonNull(policy, "policy");
        this.owner = Pal.current();
    }

    /** A fail-fast scope owned by the calling strand. */
    public static StrandScope open() {
        return new StrandScope(Policy.FAIL_FAST);
    }

    public static StrandScope open(Policy policy) {
        return new StrandScope(policy);
    }

    /**
     * Spawns a strand owned by this scope.
     *
     * @throws IllegalStateException if the scope is closed, or a failure is cancelling it
     */
    public <T> Strand<T> spawn(Callable<T> task) {
        return spawn(null, task);
    }

    public <T> Strand<T> spawn(String name, Callable<T> task) {
        requireOwner("spawn in");
        Objects.requireNonNull(task, "task");
        if (closed) {
            throw new IllegalStateException("scope is closed");
        }
        if (cancelling) {
            throw new IllegalStateException("scope is cancelling its strands after a failure", failures.peek());
        }
        Strand<T> s = Pal.spawn(name, () -> {
            try {
                return task.call();
            } catch (Throwable t) {
                failed(t);
                throw t;
            }
        });
        strands.add(s);
        if (cancelling) {
            s.cancel(); // a sibling failed between the check above and the add
        }
        return s;
    }

    public Strand<Void> spawn(Runnable task) {
        Objects.requireNonNull(task, "task");
        return spawn(null, () -> {
            task.run();
            return null;
        });
    }

    private void failed(Throwable t) {
        if (Pal.current().isCancelled()) {
            return; // the scope (or someone) cancelled this strand: what it throws is a consequence, not a failure
        }
        failures.add(t);
        if (policy == Policy.FAIL_FAST && !cancelling) {
            cancelling = true;
            for (Strand<?> s : strands) {
                if (!s.isDone()) {
                    s.cancel();
                }
            }
        }
    }

    /**
     * Waits for every strand of the scope to finish, then throws the first failure (the others
     * suppressed on it) if there was one. Interrupted while waiting: cancels every strand, waits for
     * them anyway, and throws InterruptedException, so that no strand outlives the call.
     */
    public void join() throws InterruptedException, ExecutionException {
        requireOwner("join");
        if (joinAll()) {
            throw new InterruptedException("interrupted while joining a scope; its strands were cancelled");
        }
        throwFailures();
    }

    /** Waits for every strand; on an interrupt cancels them all and goes on waiting. Returns whether interrupted. */
    private boolean joinAll() {
        boolean interrupted = false;
        for (Strand<?> s : strands) {
            while (true) {
                try {
                    s.join();
                    break;
                } catch (ExecutionException | CancellationException e) {
                    break; // recorded in failures, or cancelled by the scope
                } catch (InterruptedException e) {
                    if (!interrupted) {
                        interrupted = true;
                        cancelling = true;
                        strands.forEach(Strand::cancel);
                    }
                }
            }
        }
        return interrupted;
    }

    private void throwFailures() throws ExecutionException {
        if (reported || failures.isEmpty()) {
            return;
        }
        reported = true;
        Throwable first = failures.peek();
        failures.stream().skip(1).forEach(first::addSuppressed);
        throw new ExecutionException("a strand of the scope failed", first);
    }

    /**
     * Leaves the scope: waits for every strand, and throws the failures that no join reported yet.
     * An interrupt while it waits cancels the strands; it still waits for them, then sets the
     * caller's interrupt status again. Idempotent.
     */
    @Override
    public void close() throws ExecutionException {
        requireOwner("close");
        if (closed) {
            return;
        }
        closed = true;
        if (joinAll()) {
            Pal.current().interrupt();
        }
        throwFailures();
    }

    /** The strands spawned so far, in spawn order. */
    public List<Strand<?>> strands() {
        return List.copyOf(strands);
    }

    private void requireOwner(String what) {
        Strand<?> me = Pal.current();
        if (me != owner) {
            throw new WrongThreadException("only the strand that opened the scope (" + owner.name()
                    + ") may " + what + " it, not " + me.name());
        }
    }
}
