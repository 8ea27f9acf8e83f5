package io.pal.coroutines;

import io.pal.Strand;
import io.pal.coroutine.AbstractCoroutine;
import io.pal.coroutine.CoroutineClosedException;
import io.pal.coroutines.sched.Carrier;
import io.pal.spi.PinReason;
import io.pal.spi.StrandContext;
import jdk.internal.vm.Continuation;
import jdk.internal.vm.ContinuationScope;

import java.util.concurrent.ExecutionException;

/**
 * The coroutine backend's {@link io.pal.coroutine.Coroutine}: the body is a continuation of its own, in
 * {@link #SCOPE} (not the strands' {@link CoroutineStrand#SCOPE}), run nested inside the strand
 * that resumes it. A resume is one {@code Continuation.run}, a yield one
 * {@code Continuation.yield(SCOPE)}, on the resumer's carrier, with no scheduler in between.
 *
 * The state machine (NEW, SUSPENDED, RUNNING, DONE, claimed by CAS, settled by the runner) is
 * {@link AbstractCoroutine}'s. While RUNNING the continuation belongs to the claimer: the body
 * runs nested in the claimer's strand, or in a host strand on the home carrier that the claimer
 * waits for. Every field here is written only on the home carrier by the holder of RUNNING
 * (except {@link #contexts}, made by the first claimer before it hands over) and published to the
 * next claimer by the settle that ends the run and the claim that starts the next.
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
final class ContinuationCoroutine<I, O> extends AbstractCoroutine<I, O> {

    /** The scope of every coroutine body; {@code yield(SCOPE)} suspends the innermost running one. */
    static final ContinuationScope SCOPE = new ContinuationScope("pal-coroutine");

    /** How long a plain thread spins on its host before it parks: the carriers' idle spin. */
    private static final long HOST_SPIN_NANOS = 20_000;

    /** Spawns hosts, makes contexts, counts pins. Immutable. */
    private final CoroutineBackend backend;
    /** The body. Immutable. */
    private final Body<I, O> body;
    /** Handed to the body. Immutable. */
    private final Yielder<I, O> yielder = this::yieldValue;
    /** The body's continuation. Run only on the home carrier, by the holder of RUNNING. Immutable. */
    private final Inner cont = new Inner(this);
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
            coroutine.pinned(CoroutineStrand.pinReasonOf(reason)); // the yield then returns false
        }
    }

    // ---------------------------------------------------------------- a step

    @Override
    protected boolean callerInAtomic() {
        CoroutineStrand<?> me = CoroutineStrand.current();
        return me != null ? me.inAtomic() : backend.inAtomic();
    }

    /**
     * Runs one step (claimed from {@code from}) here if the caller may: it is a strand on the home
     * carrier, or there is no home yet and it is a strand on one of this backend's carriers.
     * Otherwise in a host strand on the home carrier.
     */
    @Override
    protected O step(I in, int from, boolean close) {
        if (from == NEW) {
            contexts = backend.contexts().create(); // in the first resumer's context, as a spawn would
        }
        Carrier h = home;
        if (CoroutineStrand.current() != null) {
            Carrier c = (Carrier) Thread.currentThread(); // a strand's thread is its carrier
            if (h == c || (h == null && c.scheduler() == backend.scheduler())) {
                return runHere(in, close);
            }
        }
        return host(h, in, close, from);
    }

    /**
     * One run of the body, on the home carrier (or the carrier that becomes home), inside a strand:
     * until it yields or ends. Returns its output or throws its failure.
     */
    private O runHere(I in, boolean close) {
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
        return outcome(o, f, closing);
    }

    /**
     * Runs the step in a strand bound to {@code h} (any carrier if null; its carrier becomes home)
     * and waits for it. Not interruptible, as a resume on the fast path is not: an interrupt is kept
     * and set again afterwards.
     */
    private O host(Carrier h, I in, boolean close, int from) {
        Strand<O> host;
        try {
            host = backend.spawnHost("coroutine-host", () -> runHere(in, close), h);
        } catch (RuntimeException rejected) {
            settle(from); // nothing ran: undo the claim
            throw rejected;
        }
        if (CoroutineStrand.current() == null) {
            spinUntilDone(host);
        }
        boolean interrupted = false;
        try {
            while (true) {
                try {
                    return host.join();
                } catch (InterruptedException e) {
                    interrupted = true;
                } catch (ExecutionException e) {
                    return outcome(null, e.getCause(), false); // runHere threw it: unchecked already
                }
            }
        } finally {
            if (interrupted) {
                backend.current().interrupt();
            }
        }
    }

    /**
     * A plain thread waits for its host a little by spinning before it parks: a step is usually
     * over in a microsecond, and a park costs the host's carrier a futex wake to end it. Bounded like
     * a carrier's idle spin (ADR 0005), and only for plain threads: a strand parks at once, which
     * frees its carrier.
     */
    private static void spinUntilDone(Strand<?> host) {
        long start = System.nanoTime();
        while (!host.isDone() && System.nanoTime() - start < HOST_SPIN_NANOS) {
            Thread.onSpinWait();
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
        refuseInAtomic("coroutine yield");
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

    @Override
    public String toString() {
        return "ContinuationCoroutine[" + stateName() + (home != null ? " on " + home.getName() : "") + "]";
    }
}
