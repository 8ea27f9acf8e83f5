package io.pal.shim.tls;

import io.pal.spi.StrandContext;

import static io.pal.shim.tls.ThreadFields.INHERITABLE_THREAD_LOCALS;
import static io.pal.shim.tls.ThreadFields.THREAD_LOCALS;

/**
 * A strand's two thread-local maps. While the strand is unmounted they live here; while it is
 * mounted they live in its carrier's {@code Thread} fields and this object holds the carrier's own
 * maps instead. {@link #swap} exchanges the two sides, so mount and unmount are the same call.
 *
 * <p>Only the two maps move. {@code terminatingThreadLocals} (in JDK 25 a field of
 * {@code Thread.holder}, where the JDK keeps carrier-scoped native buffer caches), the
 * ThreadLocalRandom seeds, scoped-value bindings and the context class loader stay with the carrier.
 *
 * <p>Memory ordering: every access here is plain, and that is enough. A carrier's fields are only
 * read and written by the carrier itself (the JDK's ThreadLocal code runs on the thread whose map
 * it uses, and {@code swap} is called on {@code carrier}, asserted below), so program order orders
 * them. This object's fields are written at unmount on one carrier and read at the next mount,
 * perhaps on another; the backend hands the strand between carriers through its run queues,
 * whose release/acquire edges order the unmount's writes before the mount's reads, and the same
 * edge publishes the contents of the (not thread-safe) maps, as it does the strand's stack.
 */
final class ThreadLocalContext implements StrandContext {

    /** The strand's ThreadLocalMap (or null) while unmounted; the carrier's own while mounted. Touched by the swapping carrier only. */
    private Object threadLocals;

    /** The same for the inheritable map. Touched by the swapping carrier only. */
    private Object inheritableThreadLocals;

    /** A context whose strand starts with these maps, each a ThreadLocalMap or null. */
    ThreadLocalContext(Object threadLocals, Object inheritableThreadLocals) {
        this.threadLocals = threadLocals;
        this.inheritableThreadLocals = inheritableThreadLocals;
    }

    /**
     * Exchanges the strand's maps with {@code carrier}'s. Precondition: called on {@code carrier}
     * itself, and calls alternate mount, unmount, mount... with each unmount on the carrier of the
     * mount before it. Allocates nothing.
     */
    @Override
    public void swap(Thread carrier) {
        assert carrier == Thread.currentThread() : "swap(" + carrier + ") called on " + Thread.currentThread();
        Object strandMap = threadLocals;
        threadLocals = THREAD_LOCALS.get(carrier);              // plain: see the class comment
        THREAD_LOCALS.set(carrier, strandMap);                  // plain: the carrier writes its own field
        Object strandInheritable = inheritableThreadLocals;
        inheritableThreadLocals = INHERITABLE_THREAD_LOCALS.get(carrier);
        INHERITABLE_THREAD_LOCALS.set(carrier, strandInheritable);
    }

    /** The map this context holds now: the strand's while unmounted. For tests. */
    Object heldThreadLocals() {
        return threadLocals;
    }

    /** The inheritable map this context holds now: the strand's while unmounted. For tests. */
    Object heldInheritableThreadLocals() {
        return inheritableThreadLocals;
    }
}
