package io.pal.spi;

import java.util.concurrent.Callable;

/**
 * A {@code Runnable} spawned as a strand ({@code Pal.spawn(Runnable)}), handed to
 * {@link Backend#spawn} as the {@code Callable} it also is, so that a backend may tell it apart: the
 * coroutine backend makes it its virtual thread's own task, so that no frame of pal's lies under
 * the body in a parked strand's stack (as under a plain {@code Thread.ofVirtual().start(task)}), and
 * learns of a failure from the thread's uncaught-exception handler. Any other backend just calls it.
 *
 * @param task the strand's body. Never null.
 */
public record RunnableTask(Runnable task) implements Callable<Void> {

    @Override
    public Void call() {
        task.run();
        return null;
    }
}
