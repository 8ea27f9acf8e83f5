package io.pal.coroutine;

/** Thrown by {@link Coroutine.Yielder#yield} inside a body whose coroutine was closed. Let it propagate. */
public final class CoroutineClosedException extends RuntimeException {
    public CoroutineClosedException() {
        super("coroutine closed", null, false, false);
    }
}
