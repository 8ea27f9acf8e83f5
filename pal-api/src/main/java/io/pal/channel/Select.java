package io.pal.channel;

import io.pal.Pal;
import io.pal.Strand;
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
 * <p>How it works is the package essay's protocol "select"; the engine below refers to its steps.
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
        return fire(cases.toArray(Case[]::new), nanos);
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

    // ---- the engine ---------------------------------------------------------------------------

    /** The package essay's protocol "select", steps 1 to 5; returns the handler's value of the case that fired. */
    private R fire(Case[] cases, long nanos) throws InterruptedException {
        Channel<?>[] locks = lockOrder(cases);
        int fired = -1;
        Waiter counterpart = null;
        Object received = null;
        boolean closed = false;
        Selection selection = null;
        Waiter[] waiters = null;
        lockAll(locks);
        try {
            for (int i : pollOrder(cases.length)) {
                Case c = cases[i];
                Channel<?> ch = c.channel;
                if (c.send) {
                    received = null;
                    closed = ch.closed;
                    if (!closed && (counterpart = ch.receivers.claimFirst()) == null && !ch.bufferOffer(c.element)) {
                        continue;
                    }
                } else {
                    counterpart = ch.senders.claimFirst();
                    received = ch.takeNow(counterpart);
                    if (received == Channel.NOTHING) {
                        continue;
                    }
                    closed = received == null;
                }
                fired = i;
                break;
            }
            if (fired < 0 && otherwise == null && nanos > 0) {
                Strand<?> me = Pal.current();
                if (AtomicRegions.inside(me)) {
                    throw AtomicRegions.refused(operation(cases)); // before enqueueing: nothing can be handed to us
                }
                selection = new Selection();
                waiters = new Waiter[cases.length];
                for (int i = 0; i < cases.length; i++) {
                    Case c = cases[i];
                    waiters[i] = new Waiter(me, selection, i, c.channel, c.element);
                    (c.send ? c.channel.senders : c.channel.receivers).add(waiters[i]);
                }
            }
        } finally {
            unlockAll(locks);
        }
        if (counterpart != null) {
            counterpart.complete(cases[fired].send ? cases[fired].element : null, false);
        }
        if (selection != null) {
            try {
                await(selection, nanos);
            } finally {
                unlinkAll(waiters, selection.chosen());
            }
            fired = selection.chosen();
            received = selection.received;
            closed = selection.closed;
        }
        if (fired < 0) {
            return otherwise != null ? otherwise.get() : onTimeout.get();
        }
        Case c = cases[fired];
        if (c.send && closed) {
            throw new ChannelClosedException("send on a closed channel");
        }
        @SuppressWarnings("unchecked")
        R r = (R) c.handler.apply(received);
        return r;
    }

    /** What a waiting select is called in an atomic region's refusal. */
    private static String operation(Case[] cases) {
        if (cases.length != 1) {
            return "select";
        }
        return cases[0].send ? "channel send" : "channel receive";
    }

    /**
     * Parks until published; on timeout or interrupt, tries to give up first (step 4). Reads the
     * clock only for a timed wait.
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
                waiters[i].withdraw();
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
