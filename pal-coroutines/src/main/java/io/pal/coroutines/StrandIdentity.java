package io.pal.coroutines;

/**
 * What {@code Thread.currentThread()} returns inside a coroutine strand (and inside a coroutine's
 * body): a {@link Thread} that is never started, mounted on the carrier with
 * {@code Thread.setCurrentThread} at every mount and replaced by the carrier at every unmount
 * (ADR 0010). Everything the JDK keys on the current thread is then the strand's, wherever it
 * runs: thread-locals (inheritable ones copied at construction from the constructing thread or
 * strand, as for any new Thread), the context class loader, ScopedValue bindings, the owner of a
 * {@code synchronized} monitor or a j.u.c. lock, the waiter a j.u.c. class records.
 *
 * <p>An unstarted Thread has no native thread, so the two calls that reach one are routed to the
 * strand that runs this identity (its {@link #runner()}): {@link #interrupt()} here, and
 * {@code LockSupport.unpark} through shim-jdk ({@link #unpark()}).
 *
 * <p>A strand's identity runs only that strand. A coroutine's identity runs whichever strand
 * resumes the coroutine, one step at a time (see {@link ContinuationCoroutine}).
 */
final class StrandIdentity extends Thread {

    /** The strand running this identity now: fixed for a strand's own; per step for a coroutine's (null between steps). */
    private volatile CoroutineStrand<?> runner;

    /**
     * A new identity named {@code name}, made on the spawning thread or strand, whose inheritable
     * thread-locals, context class loader, priority and daemon status it takes as a new Thread does.
     */
    StrandIdentity(String name, CoroutineStrand<?> runner) {
        super(null, null, name, 0, true);
        this.runner = runner;
    }

    /** The strand running this identity, or null (a coroutine's between steps). */
    CoroutineStrand<?> runner() {
        return runner;
    }

    /** A coroutine step begins ({@code s}) or ends (null) in this identity. The runner only. */
    void runBy(CoroutineStrand<?> s) {
        runner = s;
    }

    /**
     * Sets the interrupt status as Thread does (an NIO channel this identity blocks in is closed),
     * then wakes the strand running it if it is parked, and mirrors the status onto its carrier
     * if it is mounted, so a wait that blocks the carrier natively (Object.wait) ends too.
     */
    @Override
    public void interrupt() {
        super.interrupt();
        CoroutineStrand<?> r = runner;
        if (r != null) {
            r.identityInterrupted(this);
        }
    }

    /** {@code LockSupport.unpark} of this identity: a permit for the strand running it. */
    void unpark() {
        CoroutineStrand<?> r = runner;
        if (r != null) {
            r.unpark();
        }
    }
}
