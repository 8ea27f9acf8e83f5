package io.pal.coroutines;

import io.pal.Strand;
import io.pal.coroutine.AbstractCoroutine;
import io.pal.coroutine.CoroutineClosedException;
import io.pal.spi.PinReason;
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
 * runs nested in the claimer's strand, or in a host strand the claimer waits for. Every field here
 * is written only by the holder of RUNNING (the identity by the first claimer) and published to
 * the next claimer by the settle that ends the run and the claim that starts the next.
 *
 * <h2>Identity: what the body sees as the current thread</h2>
 * A continuation resumed by several threads must keep one current thread: measured on JDK 25 (a
 * raw continuation resumed alternately by two threads, 2,000,000 times), once C2 has compiled the
 * body, {@code Thread.currentThread()} after a yield returned the previous resumer's thread
 * 110,591 times (C2 treats the current thread as fixed for the life of a compiled frame); with an
 * identity mounted for the continuation, 0 times (ADR 0010). So the coroutine has an identity of
 * its own, a {@link StrandIdentity} made at the first claim in the claimer's context (inheritable
 * thread-locals copied, as for a strand), mounted for every step and replaced by the claimer's
 * afterwards: the body has its own thread-locals and its own lock ownership, as it has on the
 * thread backends, where it runs in a strand of its own. Then any strand may run a step:
 * <ol>
 *   <li>A resume (or close) by any strand of this backend runs the body right there, nested in
 *       that strand: the fast path, wherever the strand runs and wherever it moves while the body
 *       is parked.</li>
 *   <li>A resume by a plain thread (the main thread, or the Cleaner closing an abandoned
 *       generator) spawns a <em>host</em> strand, which runs the same step, and joins it,
 *       uninterruptibly: a continuation whose body may suspend a strand must run inside one.</li>
 * </ol>
 *
 * <h2>Protocol "resume"</h2>
 * <ol>
 *   <li>Refuse inside an atomic region: a resume is a suspension point on the thread backends, so
 *       it counts as one here too (the caller's strand does not actually suspend).</li>
 *   <li>Claim: CAS NEW or SUSPENDED to RUNNING; otherwise throw "done" or "already running".</li>
 *   <li>First claim: make the coroutine's identity in the caller's context.</li>
 *   <li>Fast path or host (above). The step: input in; the strand switches to the coroutine's
 *       identity; {@code cont.run()}; it switches back; take output and failure; settle SUSPENDED
 *       or DONE; return the output or throw the failure.</li>
 * </ol>
 *
 * <h2>Suspending the resumer's strand inside the body</h2>
 * The body runs on the resumer's strand, so a park, sleep or channel wait in the body suspends
 * that strand: {@code Continuation.yield(CoroutineStrand.SCOPE)} from inside this continuation
 * freezes this continuation's frames, returns into {@code Continuation.run} in the strand's frames,
 * which then yields the strand's continuation too (the JDK walks out to the scope asked for). The
 * carrier is free. When the strand is resumed, on any carrier, the JVM remounts the strand's
 * continuation and then this one, the carrier mounts the identity that was current (the
 * coroutine's), and the park returns inside the body. A yield of the strand that fails (pinned)
 * is reported by the JVM to the innermost continuation, this one: {@link Inner} forwards it to
 * the strand.
 */
final class ContinuationCoroutine<I, O> extends AbstractCoroutine<I, O> {

    /** The scope of every coroutine body; {@code yield(SCOPE)} suspends the innermost running one. */
    static final ContinuationScope SCOPE = new ContinuationScope("pal-coroutine");

    /** How long a plain thread spins on its host before it parks: the carriers' idle spin. */
    private static final long HOST_SPIN_NANOS = 20_000;

    /** Spawns hosts, counts pins. Immutable. */
    private final CoroutineBackend backend;
    /** The body. Immutable. */
    private final Body<I, O> body;
    /** Handed to the body. Immutable. */
    private final Yielder<I, O> yielder = this::yieldValue;
    /** The body's continuation. Run only by the holder of RUNNING, inside a strand. Immutable. */
    private final Inner cont = new Inner(this);
    /** What Thread.currentThread() is in the body. Made by the first claimer; mounted by each step. */
    private StrandIdentity identity;
    /** The value for the body, the value for the resumer, how the body ended. Holder of RUNNING only. */
    private I input;
    private O output;
    private Throwable failure;
    /** Set by close before its step; the body's pending yield then throws. Holder of RUNNING only. */
    private boolean closing;
    /** True while the body's own yield is under way, so {@link #pinned} knows whose yield failed. Holder of RUNNING only. */
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

    /** Runs one step (claimed from {@code from}) nested in the caller's strand, or in a host strand for a plain thread. */
    @Override
    protected O step(I in, int from, boolean close) {
        if (from == NEW) {
            identity = new StrandIdentity("coroutine", null); // in the first claimer's context, as a spawn would
        }
        CoroutineStrand<?> s = CoroutineStrand.current();
        return s != null ? runHere(s, in, close) : host(in, close, from);
    }

    /** One run of the body, nested in strand {@code s} (the caller): until it yields or ends. Returns its output or throws its failure. */
    private O runHere(CoroutineStrand<?> s, I in, boolean close) {
        input = in;
        closing |= close;
        boolean broken = false;
        identity.runBy(s);
        Thread resumer = s.switchIdentity(identity);
        try {
            cont.run();
        } catch (Throwable e) {
            broken = true; // the continuation machinery itself failed: the coroutine's failure
            failure = e;
        } finally {
            s.switchIdentity(resumer); // on whichever carrier runs s now
            identity.runBy(null);
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
     * Runs the step in a strand of its own and waits for it. Not interruptible, as a resume on the
     * fast path is not: an interrupt is kept and set again afterwards.
     */
    private O host(I in, boolean close, int from) {
        Strand<O> host;
        try {
            host = backend.spawnIdentityStrand("coroutine-host", () -> runHere(CoroutineStrand.current(), in, close));
        } catch (RuntimeException rejected) {
            settle(from); // nothing ran: undo the claim
            throw rejected;
        }
        spinUntilDone(host);
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
     * a carrier's idle spin (20 us).
     */
    private static void spinUntilDone(Strand<?> host) {
        long start = System.nanoTime();
        while (!host.isDone() && System.nanoTime() - start < HOST_SPIN_NANOS) {
            Thread.onSpinWait();
        }
    }

    // ---------------------------------------------------------------- the body (holder of RUNNING)

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
        return "ContinuationCoroutine[" + stateName() + "]";
    }
}
