package io.pal;

import java.util.Objects;
import java.util.function.Supplier;

/**
 * A variable of which each strand has its own copy, like {@link ThreadLocal} for threads.
 *
 * <p>It is a ThreadLocal: every backend guarantees that thread-locals are strand-local (the
 * coroutine backend swaps a strand's thread-local map onto its carrier when it mounts), so the
 * fastest per-thread storage the JDK has is also pal's, and code that already uses ThreadLocal
 * and code that uses StrandLocal see the same semantics. See docs/adr/0002.
 */
public class StrandLocal<T> {

    /** The per-strand storage. Immutable. */
    private final ThreadLocal<T> local;

    private StrandLocal(ThreadLocal<T> local) {
        this.local = local;
    }

    /** A strand-local whose initial value in each strand comes from {@code initial}. */
    public static <T> StrandLocal<T> withInitial(Supplier<? extends T> initial) {
        return new StrandLocal<>(ThreadLocal.withInitial(Objects.requireNonNull(initial, "initial")));
    }

    /** A strand-local whose initial value is null. */
    public static <T> StrandLocal<T> create() {
        return new StrandLocal<>(new ThreadLocal<>());
    }

    /**
     * A strand-local that a new strand inherits: at spawn, the child gets the spawner's current
     * value (the reference, not a copy); a strand that never saw a value gets {@code initial}'s.
     */
    public static <T> StrandLocal<T> inheritable(Supplier<? extends T> initial) {
        Objects.requireNonNull(initial, "initial");
        return new StrandLocal<>(new InheritableThreadLocal<>() {
            @Override
            protected T initialValue() {
                return initial.get();
            }
        });
    }

    /** The calling strand's value, initialising it on first access. */
    public T get() {
        return local.get();
    }

    /** Sets the calling strand's value. */
    public void set(T value) {
        local.set(value);
    }

    /** Removes the calling strand's value; the next get initialises it again. */
    public void remove() {
        local.remove();
    }
}
