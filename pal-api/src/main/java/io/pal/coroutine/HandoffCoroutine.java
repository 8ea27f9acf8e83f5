package io.pal.coroutine;

import io.pal.Strand;
import io.pal.group.GroupSupport;
import io.pal.group.StrandGroup;
import io.pal.spi.Backend;

import java.util.Objects;

/**
 * The portable coroutine: the body runs in a strand of its own, and resume and yield hand a turn
 * back and forth with park/unpark, all through the backend it was made for (never through the
 * facade, whose backend may be another one). Correct on every backend (and the reference for the others);
 * each value costs two strand switches, so the coroutine backend replaces it with a continuation.
 * The state machine (NEW, SUSPENDED, RUNNING, DONE) is {@link AbstractCoroutine}'s; a step here:
 *
 * <pre>
 *   NEW       -> RUNNING   // the claimer spawns the body's strand and hands it the turn
 *   SUSPENDED -> RUNNING   // the claimer unparks the body's strand and hands it the turn
 *   RUNNING   -> SUSPENDED // settled by the claimer once the turn is back after a yield
 *   RUNNING   -> DONE      // settled by the claimer once the turn is back after the body ended
 * </pre>
 * The turn ({@code turn}) says who may run: the resumer waits while it is BODY, the body while it
 * is RESUMER. Every field is written by whoever holds the turn and published by the volatile turn
 * write that hands it over.
 */
public final class HandoffCoroutine<I, O> extends AbstractCoroutine<I, O> {

    private static final boolean BODY = true;
    private static final boolean RESUMER = false;

    /** The backend whose strands run the body and take turns with it. Immutable. */
    private final Backend backend;
    /** The body. Immutable. */
    private final Body<I, O> body;
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

    /** A coroutine whose body runs in a strand of {@code backend}. */
    public HandoffCoroutine(Backend backend, Body<I, O> body) {
        this.backend = Objects.requireNonNull(backend, "backend");
        this.body = Objects.requireNonNull(body, "body");
    }

    @Override
    protected O step(I in, int from, boolean close) {
        input = in;
        closing |= close;
        resumer = backend.current();
        turn = BODY;
        if (from == NEW) {
            try {
                bodyStrand = spawnBody();
            } catch (RuntimeException rejected) {
                turn = RESUMER;
                settle(NEW); // nothing ran: undo the claim
                throw rejected;
            }
        } else {
            backend.unpark(bodyStrand);
        }
        awaitTurn(RESUMER);
        O o = output; // taken before the settle: the next claimer may write it at once
        output = null;
        if (!finished) {
            settle(SUSPENDED);
            return o;
        }
        Throwable f = failure;
        failure = null;
        settle(DONE);
        return outcome(o, f, closing);
    }

    @Override
    protected boolean callerInAtomic() {
        return backend.inAtomic();
    }

    /**
     * The body's strand, in the first resumer's group if it has one: the body runs in its
     * resumer's time, so state the group shares must be as safe in the body as in the resumer.
     */
    private Strand<Void> spawnBody() {
        StrandGroup group = backend instanceof GroupSupport groups ? groups.currentGroup() : null;
        if (group != null) {
            return group.spawn("coroutine", this::runBody);
        }
        return backend.spawn("coroutine", () -> {
            runBody();
            return null;
        });
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
        backend.unpark(who);
    }

    /**
     * Parks until the turn is {@code side}. Not interruptible (a handoff is not a blocking call):
     * an interrupt is cleared while waiting, so park does not return at once forever, and set
     * again afterwards.
     */
    private void awaitTurn(boolean side) {
        boolean interrupted = false;
        while (turn != side) {
            backend.park();
            interrupted |= backend.interrupted();
        }
        if (interrupted) {
            backend.current().interrupt();
        }
    }

    @Override
    public String toString() {
        return "HandoffCoroutine[" + stateName() + "]";
    }
}
