package io.pal.coroutines;

import io.pal.Strand;
import io.pal.coroutine.Coroutine;
import io.pal.coroutine.CoroutineClosedException;
import io.pal.coroutine.CoroutineFailedException;
import io.pal.coroutines.sched.Carrier;
import io.pal.spi.AtomicRegions;
import io.pal.spi.StrandContext;
import jdk.internal.vm.Continuation;
import jdk.internal.vm.ContinuationScope;

import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;
import java.util.concurrent.ExecutionException;

/**
 * The coroutine backend's {@link Coroutine}: the body is a continuation of its own, in
 * {@link #SCOPE} (not the strands' {@link CoroutineStrand#SCOPE}), run nested inside the strand
 * that resumes it. A resume is one {@code Continuation.run}, a yield one
 * {@code Continuation.yield(SCOPE)}, on the resumer's carrier, with no scheduler in between.
 *
 * <pre>
 * State        who owns the continuation and its stack
 *   NEW        nobody: the body has not started
 *   SUSPENDED  nobody: the body yielded; the next resume or close claims it
 *   RUNNING    the caller that claimed it: the body runs nested in that caller's strand, or in a
 *              host strand on the home carrier that the caller waits for
 *   DONE       nobody: the body returned, threw, or was closed
 *
 * Transitions
 *   NEW       -> RUNNING    // resume: CAS by the caller (claim)
 *   SUSPENDED -> RUNNING    // resume or close: CAS by the caller (claim)
 *   RUNNING   -> SUSPENDED  // the body yielded: set by the thread that ran it, after cont.run() returned (settle)
 *   RUNNING   -> DONE       // the body returned or threw: likewise
 *   NEW       -> DONE       // close before the first resume: CAS by the closer; the body never runs
 *   RUNNING   -> NEW|SUSPENDED  // the host strand could not be spawned (shutdown): the claim is undone
 * </pre>
 * Every other field is written only by whoever holds the coroutine in RUNNING, on the home carrier
 * (except {@link #contexts}, made by the first claimer before it hands over) and published to the
 * next claimer by the volatile state write that ends the run and the CAS that starts the next.
 *
 * <h2>Home: the one carrier the body runs on</h2>
 * A continuation must not move between threads. Measured on JDK 25 (a raw continuation resumed
 * alternately by two threads, 200,000 times): once C2 has compiled the body, 25-45 % of the
 * {@code Thread.currentThread()} reads after a yield return the thread that ran the body before
 * (C2 treats the current thread as fixed for the life of a compiled frame); with C1 only, none.
 * Everything keyed on the current thread would then go wrong inside the body: the strand
 * {@code Pal.current()} finds, the thread-locals the body sees, the owner a j.u.c. lock records.
 * Strands avoid this by never changing carrier (ADR 0005); a coroutine does the same:
 * <ol>
 *   <li>Its home is the carrier of the first strand that runs it.</li>
 *   <li>A resume (or close) by a strand on the home carrier runs the body right there, nested in
 *       that strand: the fast path.</li>
 *   <li>A resume by anyone else (a strand on another carrier, a plain thread such as the main
 *       thread or the Cleaner closing an abandoned generator) spawns a <em>host</em> strand bound to
 *       the home carrier (to any carrier if there is no home yet: its carrier becomes the home),
 *       which runs the same step, and joins it, uninterruptibly. Correct from any thread, at the
 *       price of a spawn and two strand switches per resume.</li>
 * </ol>
 * Rejected: binding to the first resumer's thread even when that is a plain thread (fast on the
 * main thread too): a plain thread cannot be asked to run anything, so a later resume from any
 * other thread, and the Cleaner's close, could only migrate the continuation, which is incorrect.
 *
 * <h2>Protocol "resume"</h2>
 * <ol>
 *   <li>Refuse inside an atomic region: a resume is a suspension point on the thread backends, so
 *       it counts as one here too (the caller's strand does not actually suspend).</li>
 *   <li>Claim: CAS NEW or SUSPENDED to RUNNING; otherwise throw "done" or "already running".</li>
 *   <li>First claim: make the coroutine's strand contexts (its own thread-locals) in the caller's
 *       context, as a spawn would for a strand (the inheritable ones are copied then).</li>
 *   <li>Fast path or host (above). The step: bind home if unset; input in; mount the coroutine's
 *       contexts on the carrier; {@code cont.run()}; unmount; take output and failure; settle
 *       SUSPENDED or DONE; return the output or throw the failure.</li>
 * </ol>
 *
 * <h2>Suspending the resumer's strand inside the body</h2>
 * The body runs on the resumer's strand, so a park, sleep or channel wait in the body suspends
 * that strand: {@code Continuation.yield(CoroutineStrand.SCOPE)} from inside this continuation
 * freezes this continuation's frames, returns into {@code Continuation.run} in the strand's frames,
 * which then yields the strand's continuation too (the JDK walks out to the scope asked for). The
 * carrier is free. When the strand is resumed, on the same carrier, the JVM remounts the strand's
 * continuation and then this one, and the park returns inside the body. A yield of the strand that
 * fails (pinned) is reported by the JVM to the innermost continuation, this one: {@link Inner}
 * forwards it to the strand. Thread-locals stay right across it because contexts are swaps, and
 * swaps nest: while the strand is parked inside the body its context holds the coroutine's maps
 * and the coroutine's holds the strand's, and they come back in reverse order.
 */
final class ContinuationCoroutine<I, O> implements Coroutine<I, O> {

    /** The scope of every coroutine body; {@code yield(SCOPE)} suspends the innermost running one. */
    static final ContinuationScope SCOPE = new ContinuationScope("pal-coroutine");

    private static final int NEW = 0;
    private static final int SUSPENDED = 1;
    private static final int RUNNING = 2;
    private static final int DONE = 3;
    private static final VarHandle STATE;

    static {
        try {
            STATE = MethodHandles.lookup().findVarHandle(ContinuationCoroutine.class, "state", int.class);
        } catch (ReflectiveOperationException e) {
            throw new ExceptionInInitializerError(e);
        }
    }

    /** Spawns hosts, makes contexts, counts pins. Immutable. */
    private final CoroutineBackend backend;
    /** The body. Immutable. */
    private final Body<I, O> body;
    /** Handed to the body. Immutable. */
    private final Yielder<I, O> yielder = this::yieldValue;
    /** The body's continuation. Run only on the home carrier, by the holder of RUNNING. Immutable. */
    private final Inner cont = new Inner(this);
    /** See the table above. CAS by claimers, volatile set by the runner. */
    private volatile int state = NEW;
    /** The carrier the body runs on; null until the first step. Written once by that step; read by claimers (see the class comment). */
    private Carrier home;
    /** The coroutine's own thread-locals (and other strand contexts). Made by the first claimer; swapped in by each step. */
    private StrandContext[] contexts;
    /** The value for the body, the value for the resumer, how the body ended. Holder of RUNNING only. */
    private I input;
    private O output;
    private Throwable failure;
    /** Set by close before its step; the body's pending yield then throws. Holder of RUNNING only. */
    private boolean closing;
    /** True while the body's own yield is under way, so {@link #pinned} knows whose yield failed. Home carrier only. */
    private boolean yieldingValue;
    /** Why the body's last yield failed. Written by onPinned, read right after on the same thread. */
    private PinReason pinReason;

    ContinuationCoroutine(CoroutineBackend backend, Body<I, O> body) {
        this.backend = backend;
        this.body = body;
    }

    /** The body's continuation: records why a yield was refused instead of throwing from onPinned. */
    private static final class Inner extends Continuation {
        /** Its coroutine. Immutable. */
        private final ContinuationCoroutine<?, ?> coroutine;

        Inner(ContinuationCoroutine<?, ?> coroutine) {
            super(SCOPE, coroutine::runBody);
            this.coroutine = coroutine;
        }

        @Override
        protected void onPinned(Continuation.Pinned reason) {
            coroutine.pinned(PinReason.of(reason)); // the yield then returns false
        }
    }

    // ---------------------------------------------------------------- Coroutine

    @Override
    public O resume(I in) {
        CoroutineStrand<?> me = CoroutineStrand.current(); // one lookup for the atomic check and the fast path
        refuseInAtomic(me, "coroutine resume");
        int from = claim();
        if (from == NEW) {
            contexts = backend.contexts().create(); // in the first resumer's context, as a spawn would
        }
        return run(me, in, false, from);
    }

    @Override
    public boolean isDone() {
        return state == DONE;
    }

    @Override
    public void close() {
        int s = state;
        if (s == DONE) {
            return;
        }
        CoroutineStrand<?> me = CoroutineStrand.current();
        if (s == SUSPENDED) {
            refuseInAtomic(me, "coroutine close"); // closing runs the body's finally blocks
        }
        if (s == RUNNING || !STATE.compareAndSet(this, s, s == NEW ? DONE : RUNNING)) {
            throw new IllegalStateException(state == DONE ? "coroutine is done" : "cannot close a running coroutine");
        }
        if (s == SUSPENDED) {
            run(me, null, true, SUSPENDED);
        }
    }

    // ---------------------------------------------------------------- resume

    /** NEW or SUSPENDED -> RUNNING, by CAS; returns the state claimed from. */
    private int claim() {
        int s = state;
        if ((s != NEW && s != SUSPENDED) || !STATE.compareAndSet(this, s, RUNNING)) {
            throw new IllegalStateException(state == DONE ? "coroutine is done" : "coroutine is already running");
        }
        return s;
    }

    /** The holder of RUNNING ends its run. */
    private void settle(int s) {
        assert state == RUNNING : "inconsistent state: " + state;
        state = s;
    }

    /**
     * Runs one step (claimed from {@code from}) here if the caller, strand {@code me} (null for a
     * plain thread), may: it runs on the home carrier, or there is no home yet and it runs on one
     * of this backend's carriers. Otherwise in a host strand on the home carrier.
     */
    private O run(CoroutineStrand<?> me, I in, boolean close, int from) {
        Carrier h = home;
        if (me != null) {
            Carrier c = (Carrier) Thread.currentThread(); // a strand's thread is its carrier
            if (h == c || (h == null && c.scheduler() == backend.scheduler())) {
                return step(in, close);
            }
        }
        return host(h, in, close, from);
    }

    /**
     * One run of the body, on the home carrier (or the carrier that becomes home), inside a strand:
     * until it yields or ends. Returns its output or throws its failure.
     */
    private O step(I in, boolean close) {
        Carrier c = (Carrier) Thread.currentThread();
        if (home == null) {
            home = c; // first run: the body runs only here from now on
        }
        assert home == c : "coroutine bound to " + home + " run on " + c;
        input = in;
        closing |= close;
        boolean broken = false;
        StrandContexts.mount(contexts, c);
        try {
            cont.run();
        } catch (Throwable e) {
            broken = true; // the continuation machinery itself failed: the coroutine's failure
            failure = e;
        } finally {
            StrandContexts.unmount(contexts, c);
        }
        O o = output;
        output = null;
        if (!broken && !cont.isDone()) {
            settle(SUSPENDED);
            return o;
        }
        Throwable f = failure;
        failure = null;
        input = null;
        settle(DONE);
        if (f == null || (closing && f instanceof CoroutineClosedException)) {
            return o;
        }
        throw unchecked(f);
    }

    /**
     * Runs the step in a strand bound to {@code h} (any carrier if null; its carrier becomes home)
     * and waits for it. Not interruptible, as a resume on the fast path is not: an interrupt is kept
     * and set again afterwards.
     */
    private O host(Carrier h, I in, boolean close, int from) {
        Strand<O> host;
        try {
            host = backend.spawn("coroutine-host", () -> step(in, close), h, null);
        } catch (RuntimeException rejected) {
            settle(from); // nothing ran: undo the claim
            throw rejected;
        }
        boolean interrupted = false;
        try {
            while (true) {
                try {
                    return host.join();
                } catch (InterruptedException e) {
                    interrupted = true;
                } catch (ExecutionException e) {
                    throw unchecked(e.getCause());
                }
            }
        } finally {
            if (interrupted) {
                backend.current().interrupt();
            }
        }
    }

    // ---------------------------------------------------------------- the body (home carrier)

    private void runBody() {
        I first = input;
        input = null;
        try {
            output = body.run(yielder, first);
        } catch (Throwable t) {
            failure = t; // everything, Errors included, goes to the resumer
        }
    }

    private I yieldValue(O value) {
        if (Continuation.getCurrentContinuation(SCOPE) != cont) {
            throw new IllegalStateException("yield outside the body of this coroutine (or inside a coroutine its body resumed)");
        }
        refuseInAtomic(CoroutineStrand.current(), "coroutine yield"); // the body always runs in a strand
        if (closing) {
            throw new CoroutineClosedException();
        }
        output = value;
        yieldingValue = true;
        boolean yielded = Continuation.yield(SCOPE);
        yieldingValue = false;
        if (!yielded) {
            output = null;
            PinReason r = pinReason != null ? pinReason : PinReason.OTHER;
            pinReason = null;
            backend.counters().pinned(r);
            throw new IllegalStateException("the coroutine cannot yield: its body is pinned (" + r
                    + "): a native frame on its stack, or a lock it holds, keeps it on the resumer's stack");
        }
        if (closing) {
            throw new CoroutineClosedException();
        }
        I in = input;
        input = null;
        return in;
    }

    /** Inner.onPinned: the body's own yield failed, or the resumer strand's yield failed while the body was mounted. */
    private void pinned(PinReason r) {
        if (yieldingValue) {
            pinReason = r;
            return;
        }
        CoroutineStrand<?> s = CoroutineStrand.current();
        if (s != null) {
            s.notePinned(r);
        }
    }

    /** Throws if the caller (strand {@code me}, or a plain thread if null) is inside an atomic region. */
    private void refuseInAtomic(CoroutineStrand<?> me, String operation) {
        if (me != null ? me.inAtomic() : backend.inAtomic()) {
            throw AtomicRegions.refused(operation);
        }
    }

    /** The body's failure as the resumer sees it: unchecked as is, checked wrapped (Coroutine's contract). */
    private static RuntimeException unchecked(Throwable f) {
        if (f instanceof RuntimeException r) {
            return r;
        }
        if (f instanceof Error e) {
            throw e;
        }
        return new CoroutineFailedException(f);
    }

    @Override
    public String toString() {
        int s = state;
        String name = switch (s) {
            case NEW -> "NEW";
            case SUSPENDED -> "SUSPENDED";
            case RUNNING -> "RUNNING";
            case DONE -> "DONE";
            default -> throw new IllegalStateException("inconsistent state: " + s);
        };
        return "ContinuationCoroutine[" + name + (home != null ? " on " + home.getName() : "") + "]";
    }
}
