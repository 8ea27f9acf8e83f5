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
 *   <li>Done: lock each channel again and unlink the waiters of the cases that did not fire (the
 *       one that fired was unlinked by its claimer, before the claim).</li>
 * </ol>
 * A plain send or receive ({@link Channel#send}, {@link Channel#receive} and their timed and
 * non-waiting forms) is a select of one case and runs these steps with one lock and no select
 * object: nothing is allocated unless it waits.
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
            unlinkAll(waiters, me.chosen());
        }
        return me;
    }

    // ---- one case: Go's chansend and chanrecv, without a select's allocations ------------------

    /**
     * Sends {@code element} on {@code ch}, the select of one send case made without building one:
     * true once sent; false if {@code nanos} (0: do not wait; {@link Backend#NO_TIMEOUT}: forever)
     * elapsed first. Throws ChannelClosedException if the channel is closed, or closes while this
     * waits. Steps as in the class comment, with one channel; nothing is allocated unless it waits.
     */
    static boolean send(Channel<?> ch, Object element, long nanos) throws InterruptedException {
        Waiter w;
        ch.lock.lock();
        try {
            int sent = offer(ch, element);
            if (sent == CLOSED) {
                throw new ChannelClosedException("send on a closed channel");
            }
            if (sent == SENT || nanos <= 0) {
                return sent == SENT;
            }
            w = enqueue(ch, ch.senders, element, "channel send");
        } finally {
            ch.lock.unlock();
        }
        Selection me = awaitOne(w, nanos);
        if (me.chosen() == Selection.GAVE_UP) {
            return false;
        }
        if (me.closed) {
            throw new ChannelClosedException("send on a closed channel");
        }
        return true;
    }

    /**
     * Receives from {@code ch}, the select of one receive case made without building one: the
     * element; null if the channel is closed and drained; {@code none} if {@code nanos} (as for
     * {@link #send}) elapsed first. Nothing is allocated unless it waits.
     */
    static Object receive(Channel<?> ch, long nanos, Object none) throws InterruptedException {
        Waiter w;
        ch.lock.lock();
        try {
            Object got = take(ch);
            if (got != NOTHING) {
                return got;
            }
            if (nanos <= 0) {
                return none;
            }
            w = enqueue(ch, ch.receivers, null, "channel receive");
        } finally {
            ch.lock.unlock();
        }
        Selection me = awaitOne(w, nanos);
        return me.chosen() == Selection.GAVE_UP ? none : me.received;
    }

    /** Under ch's lock: the caller's waiter for one case, queued. Refused inside an atomic region, before anything can be handed to it. */
    private static Waiter enqueue(Channel<?> ch, WaitQueue queue, Object element, String operation) {
        if (Pal.inAtomic()) {
            throw AtomicRegions.refused(operation);
        }
        Waiter w = new Waiter(new Selection(Pal.current()), 0, ch, element);
        queue.add(w);
        return w;
    }

    /** Waits for a one-case selection, then takes its waiter out of its queue unless its case fired; returns the selection. */
    private static Selection awaitOne(Waiter w, long nanos) throws InterruptedException {
        try {
            await(w.selection, nanos);
        } finally {
            if (w.selection.chosen() != 0) {
                unlink(w);
            }
        }
        return w.selection;
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
        if (c.send) {
            int sent = offer(c.channel, c.element);
            if (sent == NOT_NOW) {
                return false;
            }
            claimAndPublish(me, index, null, sent == CLOSED);
            return true;
        }
        Object got = take(c.channel);
        if (got == NOTHING) {
            return false;
        }
        claimAndPublish(me, index, got, got == null);
        return true;
    }

    /** What {@link #offer} did. */
    private static final int SENT = 0, CLOSED = 1, NOT_NOW = 2;
    /** What {@link #take} returns when nothing can be received now. */
    private static final Object NOTHING = new Object();

    /** Under ch's lock: sends without waiting, to a waiting receiver or into the buffer. SENT, CLOSED or NOT_NOW. */
    private static int offer(Channel<?> ch, Object element) {
        if (ch.closed) {
            return CLOSED;
        }
        Waiter r = ch.receivers.claimFirst();
        if (r != null) {
            complete(r, element, false);
        } else if (ch.bufferHasRoom()) {
            ch.bufferAdd(element);
        } else {
            return NOT_NOW;
        }
        return SENT;
    }

    /**
     * Under ch's lock: receives without waiting, from the buffer (refilled from a waiting sender) or
     * a waiting sender. The element; null if the channel is closed and drained; else NOTHING.
     */
    private static Object take(Channel<?> ch) {
        if (!ch.bufferIsEmpty()) {
            Object got = ch.bufferTake();
            Waiter s = ch.senders.claimFirst();
            if (s != null) {
                ch.bufferAdd(s.element);
                complete(s, null, false);
            }
            return got;
        }
        Waiter s = ch.senders.claimFirst();
        if (s != null) {
            complete(s, null, false);
            return s.element;
        }
        return ch.closed ? null : NOTHING;
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

    /**
     * Parks until published; on timeout or interrupt, tries to give up first. Reads the clock only
     * for a timed wait: an untimed one, every rendezvous of a plain send or receive, costs no clock read.
     */
    private static void await(Selection me, long nanos) throws InterruptedException {
        long deadline = nanos == Backend.NO_TIMEOUT ? 0 : System.nanoTime() + nanos;
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

    /**
     * Takes a finished select's waiters out of their queues, but for the case that fired
     * ({@code chosen}, or a negative number if none did): whoever claimed it took it out of its
     * queue, under the channel's lock, before the claim, so it needs no lock again.
     */
    private static void unlinkAll(Waiter[] waiters, int chosen) {
        for (int i = 0; i < waiters.length; i++) {
            if (i != chosen) {
                unlink(waiters[i]);
            }
        }
    }

    private static void unlink(Waiter w) {
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
