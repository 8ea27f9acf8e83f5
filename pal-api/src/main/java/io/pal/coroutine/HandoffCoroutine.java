package io.pal.coroutine;

import io.pal.Pal;
import io.pal.Strand;
import io.pal.group.StrandGroup;
import io.pal.spi.AtomicRegions;

import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;
import java.util.Optional;

/**
 * The portable coroutine: the body runs in a strand of its own, and resume and yield hand a turn
 * back and forth with park/unpark. Correct on every backend (and the reference for the others);
 * each value costs two strand switches, so the coroutine backend replaces it with a continuation.
 *
 * <pre>
 *   NEW -------resume-------> RUNNING     // CAS by the resumer; spawns the body's strand
 *   SUSPENDED --resume------> RUNNING     // CAS by the resumer; hands the turn to the body
 *   RUNNING ----yield-------> SUSPENDED   // written by the resumer once the turn is back
 *   RUNNING ----return/throw-> DONE        // likewise
 *   NEW | SUSPENDED --close--> (as resume, with the close flag) ... -> DONE
 * </pre>
 * The turn ({@code turn}) says who may run: the resumer waits while it is BODY, the body while it
 * is RESUMER. Every field is written by whoever holds the turn and published by the volatile turn
 * write that hands it over.
 */
public final class HandoffCoroutine<I, O> implements Coroutine<I, O> {

    private static final int NEW = 0;
    private static final int SUSPENDED = 1;
    private static final int RUNNING = 2;
    private static final int DONE = 3;
    private static final boolean BODY = true;
    private static final boolean RESUMER = false;
    private static final VarHandle STATE;

    static {
        try {
            STATE = MethodHandles.lookup().findVarHandle(HandoffCoroutine.class, "state", int.class);
        } catch (ReflectiveOperationException e) {
            throw new ExceptionInInitializerError(e);
        }
    }

    /** The body. Immutable. */
    private final Body<I, O> body;
    /** NEW, SUSPENDED, RUNNING or DONE. CAS from NEW/SUSPENDED by a resumer; plain set by the resumer afterwards. */
    private volatile int state = NEW;
    /** Who may run: BODY or RESUMER. Written by the side handing the turn over. */
    private volatile boolean turn = RESUMER;
    /** The strand running the body; set by the first resume. */
    private Strand<?> bodyStrand;
    /** The strand waiting in resume. Written by the resumer before it hands over the turn. */
    private Strand<?> resumer;
    /** The input for the body, the output for the resumer, and how the body ended. Turn-holder writes. */
    private I input;
    private O output;
    private Throwable failure;
    private boolean finished;
    /** Set by close before it hands over the turn; the body's yield then throws. */
    private boolean closing;

    public HandoffCoroutine(Body<I, O> body) {
        this.body = body;
    }

    @Override
    public O resume(I in) {
        refuseInAtomic("coroutine resume");
        int s = state;
        if ((s != NEW && s != SUSPENDED) || !STATE.compareAndSet(this, s, RUNNING)) {
            throw new IllegalStateException(s == DONE ? "coroutine is done" : "coroutine is already running");
        }
        return run(in, s == NEW);
    }

    private O run(I in, boolean start) {
        input = in;
        resumer = Pal.current();
        turn = BODY;
        if (start) {
            bodyStrand = spawnBody();
        } else {
            Pal.unpark(bodyStrand);
        }
        awaitTurn(RESUMER);
        if (finished) {
            state = DONE;
            Throwable f = failure;
            if (f != null && !(f instanceof CoroutineClosedException && closing)) {
                if (f instanceof RuntimeException r) {
                    throw r;
                }
                if (f instanceof Error e) {
                    throw e;
                }
                throw new CoroutineFailedException(f);
            }
        } else {
            state = SUSPENDED;
        }
        O o = output;
        output = null;
        return o;
    }

    /**
     * The body's strand, in the first resumer's group if it has one: the body runs in its
     * resumer's time, so state the group shares must be as safe in the body as in the resumer.
     */
    private Strand<Void> spawnBody() {
        Optional<StrandGroup> group = StrandGroup.current();
        return group.isPresent() ? group.get().spawn("coroutine", this::runBody) : Pal.spawn("coroutine", this::runBody);
    }

    /** Coroutine resume, yield and close are suspension points (handoffs): refused in an atomic region. */
    static void refuseInAtomic(String operation) {
        if (Pal.inAtomic()) {
            throw AtomicRegions.refused(operation);
        }
    }

    private void runBody() {
        try {
            output = body.run(this::yieldValue, input);
        } catch (Throwable t) {
            failure = t;
        }
        finished = true;
        handTo(RESUMER, resumer);
    }

    private I yieldValue(O value) {
        refuseInAtomic("coroutine yield");
        if (closing) {
            throw new CoroutineClosedException();
        }
        output = value;
        handTo(RESUMER, resumer);
        awaitTurn(BODY);
        if (closing) {
            throw new CoroutineClosedException();
        }
        I in = input;
        input = null;
        return in;
    }

    private void handTo(boolean side, Strand<?> who) {
        turn = side;
        Pal.unpark(who);
    }

    /**
     * Parks until the turn is {@code side}. Not interruptible (a handoff is not a blocking call):
     * an interrupt is cleared while waiting, so park does not return at once forever, and set
     * again afterwards.
     */
    private void awaitTurn(boolean side) {
        boolean interrupted = false;
        while (turn != side) {
            Pal.park();
            interrupted |= Pal.interrupted();
        }
        if (interrupted) {
            Pal.current().interrupt();
        }
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
        if (s == SUSPENDED) {
            refuseInAtomic("coroutine close"); // closing runs the body's finally blocks: a handoff
        }
        if (s == RUNNING || !STATE.compareAndSet(this, s, s == NEW ? DONE : RUNNING)) {
            throw new IllegalStateException(state == DONE ? "coroutine is done" : "cannot close a running coroutine");
        }
        if (s == SUSPENDED) {
            closing = true;
            run(null, false);
        }
    }
}
