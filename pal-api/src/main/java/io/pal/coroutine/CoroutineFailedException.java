package io.pal.coroutine;

/** Wraps a checked exception thrown by a coroutine's body; unchecked ones propagate as they are. */
public final class CoroutineFailedException extends RuntimeException {
    public CoroutineFailedException(Throwable cause) {
        super(cause);
    }
}
