package io.pal.scope;

import io.pal.Pal;
import io.pal.Strand;
import io.pal.channel.Channel;

import java.time.Duration;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.List;
import java.util.Objects;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * An Erlang/OTP supervisor: it starts its children in order, restarts them as their
 * {@link Restart} type and its {@link Strategy} say, and gives up (stopping every child and
 * failing upward) when more than {@code intensity} restarts happen within {@code period}.
 *
 * <pre>{@code
 * Supervisor sup = Supervisor.builder()
 *         .strategy(Supervisor.Strategy.ONE_FOR_ONE)
 *         .intensity(3, Duration.ofSeconds(5))
 *         .child("acceptor", Supervisor.Restart.PERMANENT, () -> acceptLoop())
 *         .child("cache", Supervisor.Restart.TRANSIENT, () -> warmCache())
 *         .start();
 * ...
 * sup.stop();
 * }</pre>
 *
 * <p>A child exits normally when its body returns, abnormally when it throws anything (an
 * exception, a StackOverflowError). The supervisor runs in a strand of its own; {@link #join()}
 * waits for it and throws {@link SupervisorGaveUpException} (as the cause of an ExecutionException)
 * if it gave up. To nest supervisors, make a child's body {@code () -> spec.run()}: {@link
 * Builder#run()} supervises in the calling strand and throws when it gives up, which is an abnormal
 * exit for the parent.
 *
 * <h2>Protocol</h2>
 * <ol>
 *   <li>Each child incarnation runs in a strand that, when its body ends, sends an {@link Exit}
 *       (child index, incarnation, failure or null) on the supervisor's event channel.</li>
 *   <li>The supervisor receives exits one at a time. An exit whose incarnation is not the child's
 *       current one is stale (the supervisor stopped that incarnation itself) and is ignored.</li>
 *   <li>For a live exit: decide by restart type whether to restart; if so, count the restart
 *       against the intensity window, then stop the siblings the strategy names (cancel, newest
 *       first, and wait for each) and start the affected children again, oldest first.</li>
 *   <li>Stopping the supervisor cancels every child, newest first, and waits for each.</li>
 * </ol>
 */
public final class Supervisor {

    /** Which children a restart affects. */
    public enum Strategy {
        /** Only the child that exited. */
        ONE_FOR_ONE,
        /** Every child: the others are stopped, then all are started again in order. */
        ONE_FOR_ALL,
        /** The child that exited and every child started after it. */
        REST_FOR_ONE
    }

    /** When a child is restarted. */
    public enum Restart {
        /** Always. */
        PERMANENT,
        /** Only after an abnormal exit. */
        TRANSIENT,
        /** Never. */
        TEMPORARY
    }

    /** A child's specification. */
    public record Child(String id, Restart restart, Runnable body) {
        public Child {
            Objects.requireNonNull(id, "id");
            Objects.requireNonNull(restart, "restart");
            Objects.requireNonNull(body, "body");
        }
    }

    /** Thrown (as a cause) when the supervisor gave up; its cause is the last child failure, if any. */
    public static final class SupervisorGaveUpException extends Exception {
        public SupervisorGaveUpException(String message, Throwable cause) {
            super(message, cause);
        }
    }

    /** A child incarnation ended. */
    private record Exit(int child, int incarnation, Throwable failure) {
    }

    /** The supervisor's own strand. Immutable. */
    private final Strand<Void> strand;
    /** Restarts done so far. Written by the supervisor's strand. */
    private final AtomicInteger restarts;

    private Supervisor(Strand<Void> strand, AtomicInteger restarts) {
        this.strand = strand;
        this.restarts = restarts;
    }

    public static Builder builder() {
        return new Builder();
    }

    /** Restarts performed so far. */
    public int restarts() {
        return restarts.get();
    }

    /**
     * Stops every child (newest first) and the supervisor, and waits for them. Idempotent. The
     * supervisor's strand is interrupted, which its loop takes as the order to stop normally.
     */
    public void stop() throws InterruptedException {
        strand.interrupt();
        try {
            strand.join();
        } catch (ExecutionException e) {
            // gave up before the stop: join() reports it
        }
    }

    /** Waits until the supervisor stops; throws if it gave up. */
    public void join() throws InterruptedException, ExecutionException {
        strand.join();
    }

    public boolean isDone() {
        return strand.isDone();
    }

    /** Configures and starts a supervisor. */
    public static final class Builder {
        private Strategy strategy = Strategy.ONE_FOR_ONE;
        private int intensity = 1;
        private Duration period = Duration.ofSeconds(5);
        private final List<Child> children = new ArrayList<>();
        private final java.util.Set<String> ids = new java.util.HashSet<>();

        private Builder() {
        }

        public Builder strategy(Strategy strategy) {
            this.strategy = Objects.requireNonNull(strategy, "strategy");
            return this;
        }

        /** At most {@code intensity} restarts within {@code period} (OTP's default: 1 in 5 s). */
        public Builder intensity(int intensity, Duration period) {
            if (intensity < 0) {
                throw new IllegalArgumentException("intensity " + intensity + " is not valid: expected an integer >= 0");
            }
            if (period.isNegative() || period.isZero()) {
                throw new IllegalArgumentException("period " + period + " is not valid: expected a positive duration");
            }
            this.intensity = intensity;
            this.period = period;
            return this;
        }

        public Builder child(String id, Restart restart, Runnable body) {
            if (!ids.add(id)) {
                throw new IllegalArgumentException("duplicate child id '" + id + "'");
            }
            children.add(new Child(id, restart, body));
            return this;
        }

        /** Starts the supervisor in a strand of its own. */
        public Supervisor start() {
            AtomicInteger restarts = new AtomicInteger();
            Loop loop = new Loop(this, restarts);
            Strand<Void> s = Pal.spawn("supervisor", () -> {
                loop.run();
                return null;
            });
            return new Supervisor(s, restarts);
        }

        /** Supervises in the calling strand until interrupted (a normal stop) or it gives up (throws). */
        public void run() throws SupervisorGaveUpException {
            new Loop(this, new AtomicInteger()).run();
        }
    }

    /** The supervision loop; runs in one strand, so its fields need no synchronisation. */
    private static final class Loop {
        private final Strategy strategy;
        private final int intensity;
        private final long periodNanos;
        private final List<Child> specs;
        private final Channel<Exit> events;
        private final AtomicInteger restarts;
        /** Per child: its running strand (null if not running) and current incarnation. */
        private final Strand<?>[] running;
        private final int[] incarnation;
        /** Times (nanoTime) of the restarts inside the current window. */
        private final Deque<Long> recent = new ArrayDeque<>();

        Loop(Builder b, AtomicInteger restarts) {
            this.strategy = b.strategy;
            this.intensity = b.intensity;
            this.periodNanos = b.period.toNanos();
            this.specs = List.copyOf(b.children);
            this.events = Channel.buffered(Math.max(1, specs.size()));
            this.restarts = restarts;
            this.running = new Strand<?>[specs.size()];
            this.incarnation = new int[specs.size()];
        }

        /** Supervises until interrupted (returns) or the intensity is exceeded (throws). */
        void run() throws SupervisorGaveUpException {
            try {
                for (int i = 0; i < specs.size(); i++) {
                    startChild(i);
                }
                while (true) {
                    Exit e = events.receive();
                    if (e.incarnation != incarnation[e.child]) {
                        continue; // stopped by us: stale
                    }
                    running[e.child] = null;
                    if (!shouldRestart(specs.get(e.child).restart, e.failure)) {
                        continue;
                    }
                    countRestart(e);
                    restart(e.child);
                }
            } catch (InterruptedException stop) {
                // the order to stop: fall through to stopping the children
            } finally {
                stopAll(0);
            }
        }

        private static boolean shouldRestart(Restart r, Throwable failure) {
            return switch (r) {
                case PERMANENT -> true;
                case TRANSIENT -> failure != null;
                case TEMPORARY -> false;
            };
        }

        private void countRestart(Exit e) throws SupervisorGaveUpException {
            long now = System.nanoTime();
            while (!recent.isEmpty() && now - recent.peekFirst() > periodNanos) {
                recent.removeFirst();
            }
            if (recent.size() >= intensity) {
                throw new SupervisorGaveUpException("child '" + specs.get(e.child).id + "' exited " + (e.failure == null
                        ? "normally" : "with " + e.failure) + " after reaching the restart intensity (" + intensity
                        + " in " + Duration.ofNanos(periodNanos) + ")", e.failure);
            }
            recent.addLast(now);
            restarts.incrementAndGet();
        }

        private void restart(int failed) throws InterruptedException {
            int from = switch (strategy) {
                case ONE_FOR_ONE -> failed;
                case ONE_FOR_ALL -> 0;
                case REST_FOR_ONE -> failed;
            };
            int to = strategy == Strategy.ONE_FOR_ONE ? failed : specs.size() - 1;
            boolean[] stopped = stopRange(from, to);
            for (int i = from; i <= to; i++) {
                // OTP: siblings stopped for the restart come back unless temporary; finished ones stay finished
                if (i == failed || stopped[i - from] && specs.get(i).restart != Restart.TEMPORARY) {
                    startChild(i);
                }
            }
        }

        private void startChild(int i) {
            int inc = ++incarnation[i];
            Runnable body = specs.get(i).body;
            running[i] = Pal.spawn(specs.get(i).id, () -> {
                Throwable failure = null;
                try {
                    body.run();
                } catch (Throwable t) {
                    failure = t;
                }
                try {
                    events.send(new Exit(i, inc, failure));
                } catch (InterruptedException stale) {
                    // only a stop interrupts a finished child, and a stopped child's exit is stale
                }
                return null;
            });
        }

        /** Stops the running children in [from, to], newest first; returns which it stopped. */
        private boolean[] stopRange(int from, int to) throws InterruptedException {
            boolean[] stopped = new boolean[to - from + 1];
            for (int i = to; i >= from; i--) {
                Strand<?> s = running[i];
                if (s == null) {
                    continue;
                }
                incarnation[i]++; // its exit, if any, is now stale
                s.cancel();
                joinQuietly(s);
                running[i] = null;
                stopped[i - from] = true;
            }
            return stopped;
        }

        private void stopAll(int from) {
            boolean interrupted = false;
            for (int i = specs.size() - 1; i >= from; i--) {
                Strand<?> s = running[i];
                if (s != null) {
                    s.cancel();
                    while (true) {
                        try {
                            joinQuietly(s);
                            break;
                        } catch (InterruptedException e) {
                            interrupted = true;
                        }
                    }
                    running[i] = null;
                }
            }
            if (interrupted) {
                Pal.current().interrupt();
            }
        }

        private static void joinQuietly(Strand<?> s) throws InterruptedException {
            try {
                s.join();
            } catch (ExecutionException | java.util.concurrent.CancellationException e) {
                // stopping it was the point
            }
        }
    }
}
