package io.pal.channel;

import io.pal.Pal;
import io.pal.spi.AtomicRegions;
import io.pal.spi.Backend;
import io.pal.spi.Completion;

import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.ThreadLocalRandom;
import java.util.function.Function;
import java.util.function.Supplier;

/**
 * Waits for the first of several channel operations that can proceed, Go's {@code select}.
 *
 * <pre>{@code
 * String r = Select.<String>select()
 *         .onReceive(orders, o -> "order " + o)
 *         .onSend(audit, entry, () -> "logged")
 *         .onTimeout(Duration.ofSeconds(1), () -> "idle")
 *         .run();
 * }</pre>
 *
 * <p>Exactly one case fires and its handler's value is returned. Among cases ready at once, each
 * is equally likely (the cases are polled in a random order). A receive case on a closed, drained
 * channel fires with {@code null} (elements are never null); a send case on a closed channel
 * makes {@link #run()} throw {@link ChannelClosedException}. With {@link #otherwise} the select
 * never waits. Handlers run in the selecting strand after every lock is released.
 *
 * <h2>Protocol (after Go's chan.go)</h2>
 * <ol>
 *   <li>Lock every channel of the select in id order (a global order, so selects cannot deadlock).</li>
 *   <li>Poll the cases in random order; the first that can proceed takes its counterpart: it claims
 *       the waiting strand's selection by CAS (skipping waiters some other party already claimed),
 *       hands the element over, publishes and unparks it. Unlock, run the handler.</li>
 *   <li>None ready: with a default, unlock and run it. Otherwise enqueue one waiter per case, unlock
 *       and park until the selection is published.</li>
 *   <li>On timeout or interrupt the waiter claims its own selection (GAVE_UP). If that CAS fails, a
 *       counterpart won first: wait for its publish, and keep the element it delivered.</li>
 *   <li>Done: lock each channel again and unlink the waiters of the cases that did not fire.</li>
 * </ol>
 * No element is lost or duplicated: an element moves only inside a successful claim, and a claim
 * succeeds once per selection.
 */
public final class Select<R> {

    /** One case: a send of element, or a receive, on a channel. */
    private record Case(Channel<?> channel, boolean send, Object element, Function<Object, ?> handler) {
    }

    /** The cases in the order given. */
    private final List<Case> cases = new ArrayList<>(2);
    /** The default handler, or null. */
    private Supplier<? extends R> otherwise;
    /** The timeout and its handler, or null. */
    private Duration timeout;
    private Supplier<? extends R> onTimeout;

    private Select() {
    }

    public static <R> Select<R> select() {
        return new Select<>();
    }

    /** A case that receives from {@code channel}; the handler gets the element, or null if it is closed. */
    @SuppressWarnings("unchecked")
    public <T> Select<R> onReceive(Channel<T> channel, Function<? super T, ? extends R> handler) {
        cases.add(new Case(channel, false, null, (Function<Object, ?>) handler));
        return this;
    }

    /** A case that sends {@code element} on {@code channel}. */
    public <T> Select<R> onSend(Channel<T> channel, T element, Supplier<? extends R> handler) {
        cases.add(new Case(channel, true, Channel.requireElement(element), ignored -> handler.get()));
        return this;
    }

    /** Fires if no case could proceed within {@code timeout} (zero or negative: polls once). */
    public Select<R> onTimeout(Duration timeout, Supplier<? extends R> handler) {
        this.timeout = timeout;
        this.onTimeout = handler;
        return this;
    }

    /** Fires at once if no case can proceed now: the select never waits. */
    public Select<R> otherwise(Supplier<? extends R> handler) {
        this.otherwise = handler;
        return this;
    }

    /** Runs the select; see the class comment. */
    public R run() throws InterruptedException {
        if (cases.isEmpty() && otherwise == null && timeout == null) {
            throw new IllegalStateException("a select with no case, no timeout and no default would wait forever");
        }
        long nanos = timeout == null ? Backend.NO_TIMEOUT : Math.max(0, Completion.toNanos(timeout));
        Selection s = fire(cases.toArray(Case[]::new), otherwise != null, nanos);
        return outcome(s);
    }

    /** Runs a select that has a default, so it cannot wait and cannot be interrupted. */
    R runNow() {
        assert otherwise != null;
        try {
            return run();
        } catch (InterruptedException e) {
            throw new IllegalStateException("inconsistent state: a select with a default waited", e);
        }
    }

    @SuppressWarnings("unchecked")
    private R outcome(Selection s) {
        int chosen = s.chosen();
        if (chosen == Selection.GAVE_UP) {
            return s == DEFAULT ? otherwise.get() : onTimeout.get();
        }
        Case c = cases.get(chosen);
        if (c.send && s.closed) {
            throw new ChannelClosedException("send on a closed channel");
        }
        return (R) c.handler.apply(s.received);
    }

    /** The outcome of a select whose default fired. */
    private static final Selection DEFAULT = new Selection(null);

    static {
        DEFAULT.claim(Selection.GAVE_UP);
    }

    // ---- the engine ---------------------------------------------------------------------------

    private static Selection fire(Case[] cases, boolean hasDefault, long nanos) throws InterruptedException {
        Channel<?>[] locks = lockOrder(cases);
        Selection me = new Selection(Pal.current());
        Waiter[] waiters;
        lockAll(locks);
        try {
            for (int i : pollOrder(cases.length)) {
                if (tryCase(cases[i], i, me)) {
                    return me;
                }
            }
            if (hasDefault) {
                return DEFAULT;
            }
            if (nanos <= 0) {
                me.claim(Selection.GAVE_UP);
                return me;
            }
            if (Pal.inAtomic()) {
                throw AtomicRegions.refused(operation(cases)); // before enqueueing: nothing can be handed to us
            }
            waiters = new Waiter[cases.length];
            for (int i = 0; i < cases.length; i++) {
                Case c = cases[i];
                waiters[i] = new Waiter(me, i, c.channel, c.element);
                (c.send ? c.channel.senders : c.channel.receivers).add(waiters[i]);
            }
        } finally {
            unlockAll(locks);
        }
        try {
            await(me, nanos);
        } finally {
            unlinkAll(waiters);
        }
        return me;
    }

    /** What a waiting select is called in an atomic region's refusal. */
    private static String operation(Case[] cases) {
        if (cases.length != 1) {
            return "select";
        }
        return cases[0].send ? "channel send" : "channel receive";
    }

    /** Tries one case without waiting; true if it fired (then {@code me} holds its outcome). */
    private static boolean tryCase(Case c, int index, Selection me) {
        Channel<?> ch = c.channel;
        if (c.send) {
            if (ch.closed) {
                claimAndPublish(me, index, null, true);
                return true;
            }
            Waiter r = ch.receivers.claimFirst();
            if (r != null) {
                complete(r, c.element, false);
            } else if (ch.bufferHasRoom()) {
                ch.bufferAdd(c.element);
            } else {
                return false;
            }
            claimAndPublish(me, index, null, false);
            return true;
        }
        Object got;
        if (!ch.bufferIsEmpty()) {
            got = ch.bufferTake();
            Waiter s = ch.senders.claimFirst();
            if (s != null) {
                ch.bufferAdd(s.element);
                complete(s, null, false);
            }
        } else {
            Waiter s = ch.senders.claimFirst();
            if (s != null) {
                got = s.element;
                complete(s, null, false);
            } else if (ch.closed) {
                claimAndPublish(me, index, null, true);
                return true;
            } else {
                return false;
            }
        }
        claimAndPublish(me, index, got, false);
        return true;
    }

    private static void claimAndPublish(Selection me, int index, Object received, boolean closed) {
        boolean won = me.claim(index);
        assert won : "a selection not yet enqueued was claimed";
        me.received = received;
        me.closed = closed;
        me.publish();
    }

    /** Completes a waiter whose selection its caller has claimed: delivers, publishes, wakes. */
    static void complete(Waiter w, Object received, boolean closed) {
        Selection s = w.selection;
        s.received = received;
        s.closed = closed;
        s.publish();
        Pal.unpark(s.strand);
    }

    /** Parks until published; on timeout or interrupt, tries to give up first. */
    private static void await(Selection me, long nanos) throws InterruptedException {
        long deadline = System.nanoTime() + nanos;
        boolean interrupted = false;
        while (!me.isPublished()) {
            if (Pal.interrupted()) {
                if (!interrupted && me.claim(Selection.GAVE_UP)) {
                    throw new InterruptedException();
                }
                interrupted = true; // a counterpart won: finish the operation, set the status again after
            }
            if (nanos == Backend.NO_TIMEOUT || me.chosen() != Selection.WAITING) {
                Pal.park();
            } else {
                long left = deadline - System.nanoTime();
                if (left <= 0) {
                    if (me.claim(Selection.GAVE_UP)) {
                        return;
                    }
                    continue;
                }
                Pal.park(Duration.ofNanos(left));
            }
        }
        if (interrupted) {
            Pal.current().interrupt();
        }
    }

    private static void unlinkAll(Waiter[] waiters) {
        for (Waiter w : waiters) {
            Channel<?> ch = w.channel;
            ch.lock.lock();
            try {
                if (w.queue != null) {
                    w.queue.remove(w);
                }
            } finally {
                ch.lock.unlock();
            }
        }
    }

    /** The distinct channels of the cases in id order: an insertion sort, as selects have a handful of cases. */
    private static Channel<?>[] lockOrder(Case[] cases) {
        if (cases.length == 1) {
            return new Channel<?>[] {cases[0].channel};
        }
        Channel<?>[] order = new Channel<?>[cases.length];
        int n = 0;
        for (Case c : cases) {
            Channel<?> ch = c.channel;
            int i = n;
            while (i > 0 && order[i - 1].id > ch.id) {
                i--;
            }
            if (i > 0 && order[i - 1] == ch) {
                continue; // already there
            }
            System.arraycopy(order, i, order, i + 1, n - i);
            order[i] = ch;
            n++;
        }
        return n == order.length ? order : Arrays.copyOf(order, n);
    }

    private static final int[] ONE_CASE = {0};

    /** A uniformly random order of the cases, so that no ready case is favoured. */
    private static int[] pollOrder(int n) {
        if (n == 1) {
            return ONE_CASE;
        }
        int[] order = new int[n];
        for (int i = 0; i < n; i++) {
            order[i] = i;
        }
        ThreadLocalRandom rnd = ThreadLocalRandom.current();
        for (int i = n - 1; i > 0; i--) {
            int j = rnd.nextInt(i + 1);
            int t = order[i];
            order[i] = order[j];
            order[j] = t;
        }
        return order;
    }

    private static void lockAll(Channel<?>[] channels) {
        for (Channel<?> ch : channels) {
            ch.lock.lock();
        }
    }

    private static void unlockAll(Channel<?>[] channels) {
        for (int i = channels.length - 1; i >= 0; i--) {
            channels[i].lock.unlock();
        }
    }
}
