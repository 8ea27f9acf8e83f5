package io.pal;

import io.pal.spi.Backend;
import io.pal.spi.Completion;
import io.pal.spi.RunnableTask;

import java.time.Duration;
import java.util.List;
import java.util.Set;
import java.util.concurrent.AbstractExecutorService;
import java.util.concurrent.Callable;
import java.util.concurrent.CancellationException;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.RunnableFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * {@link Pal#executor()}: each task is a strand of its own, started at once. Futures wait through
 * the backend, so a strand that waits on one frees its carrier on the coroutine backend.
 *
 * <p>Termination: {@code live} counts tasks accepted and not finished. Any of the three places that
 * can see "shut down and nothing live" (shutdown, the end of the last task, a rejected execute that
 * raced with shutdown) completes {@code terminated}; completing it twice is harmless.
 *
 * <p>shutdownNow against a task whose strand is just starting (no lost interrupt):
 * <ol>
 *   <li>shutdownNow sets {@code stopping}, then interrupts every strand in {@code running};</li>
 *   <li>a task's strand adds itself to {@code running}, then reads {@code stopping} and, if set,
 *       interrupts itself before running the task;</li>
 *   <li>both sides write, then read the other's variable, all in the synchronisation order, so at
 *       least one of them sees the other: the task is interrupted (perhaps twice, which is harmless).</li>
 * </ol>
 */
final class StrandExecutorService extends AbstractExecutorService {

    /** Where strands come from. Immutable. */
    private final Backend backend;
    /** Strands running tasks of this executor, for shutdownNow. Concurrent set. */
    private final Set<Strand<?>> running = ConcurrentHashMap.newKeySet();
    /** Tasks accepted and not yet finished. */
    private final AtomicInteger live = new AtomicInteger();
    /** Set once by shutdown; read by every execute. */
    private volatile boolean shutdown;
    /** Set once by shutdownNow, before it interrupts {@code running}; read by each task's strand as it starts. */
    private volatile boolean stopping;
    /** Completed when shut down and no task is live. */
    private final Completion<Void> terminated;

    StrandExecutorService(Backend backend) {
        this.backend = backend;
        this.terminated = Completion.on(backend);
    }

    @Override
    public void execute(Runnable command) {
        live.incrementAndGet();
        if (shutdown) {
            taskEnded();
            throw new RejectedExecutionException("executor has been shut down");
        }
        try {
            backend.spawn(null, new RunnableTask(() -> {
                Strand<?> me = backend.current();
                running.add(me);
                if (stopping) {
                    me.interrupt(); // shutdownNow may have looked at `running` before the add
                }
                try {
                    command.run();
                } finally {
                    running.remove(me);
                    taskEnded();
                }
            }));
        } catch (RuntimeException | Error e) {
            taskEnded();
            throw e;
        }
    }

    private void taskEnded() {
        if (live.decrementAndGet() == 0 && shutdown) {
            terminated.complete(null);
        }
    }

    @Override
    protected <T> RunnableFuture<T> newTaskFor(Callable<T> callable) {
        return new StrandFuture<>(backend, callable);
    }

    @Override
    protected <T> RunnableFuture<T> newTaskFor(Runnable runnable, T value) {
        return new StrandFuture<>(backend, () -> {
            runnable.run();
            return value;
        });
    }

    @Override
    public void shutdown() {
        shutdown = true;
        if (live.get() == 0) {
            terminated.complete(null);
        }
    }

    @Override
    public List<Runnable> shutdownNow() {
        shutdown();
        stopping = true;
        for (Strand<?> s : running) {
            s.interrupt();
        }
        return List.of();
    }

    @Override
    public boolean isShutdown() {
        return shutdown;
    }

    @Override
    public boolean isTerminated() {
        return terminated.isDone();
    }

    @Override
    public boolean awaitTermination(long timeout, TimeUnit unit) throws InterruptedException {
        return terminated.await(unit.toNanos(timeout));
    }

    /** A future whose body runs in a strand and whose waiters park through the backend. */
    private static final class StrandFuture<T> extends Completion<T> implements RunnableFuture<T> {
        /** The body. Immutable. */
        private final Callable<T> body;
        /** The strand running the body, for cancel(true); null before it starts. */
        private volatile Strand<?> runner;
        /** The backend. Immutable. */
        private final Backend backend;

        StrandFuture(Backend backend, Callable<T> body) {
            this.backend = backend;
            this.body = body;
        }

        @Override
        protected Backend backend() {
            return backend;
        }

        /**
         * Publishes the runner before checking for a cancel, as cancel marks before reading the
         * runner: a cancel(true) that races with the start either stops the body from running or
         * sees the runner and interrupts it. Checking first (as before) let a cancel land between
         * the check and the publication, and the body then ran with no interrupt at all.
         */
        @Override
        public void run() {
            runner = backend.current();
            if (isDone() || isCancelled()) {
                runner = null;
                return;
            }
            try {
                complete(body.call());
            } catch (Throwable t) {
                fail(t);
            } finally {
                runner = null;
            }
        }

        @Override
        public boolean cancel(boolean mayInterruptIfRunning) {
            if (!markCancelled()) {
                return false;
            }
            Strand<?> r = runner;
            if (mayInterruptIfRunning && r != null) {
                r.interrupt();
            }
            fail(new CancellationException());
            return true;
        }

        @Override
        public T get() throws InterruptedException, ExecutionException {
            await(Backend.NO_TIMEOUT);
            return report();
        }

        @Override
        public T get(long timeout, TimeUnit unit) throws InterruptedException, ExecutionException, TimeoutException {
            if (!await(unit.toNanos(timeout))) {
                throw new TimeoutException("task did not finish within " + Duration.of(timeout, unit.toChronoUnit()));
            }
            return report();
        }

        @Override
        public State state() {
            if (!isDone()) {
                return State.RUNNING;
            }
            if (isCancelled()) {
                return State.CANCELLED;
            }
            try {
                report();
                return State.SUCCESS;
            } catch (ExecutionException e) {
                return State.FAILED;
            }
        }
    }
}
