package io.pal.coroutine;

/**
 * What a backend implements to make coroutines of its own: {@link Coroutine#create} asks the active
 * backend through it, and on a backend without it makes a {@link HandoffCoroutine} (the body in a
 * strand of its own, the turn handed back and forth with park/unpark: correct on any backend). A
 * backend that can run a continuation on the resumer's own strand implements it, extending
 * {@link AbstractCoroutine} (the shared state machine) with its own step. It lives here, not in the
 * SPI package, so that the SPI names no feature package (ADR 0022).
 */
public interface CoroutineSupport {

    /** A new, not yet started coroutine running {@code body} (see {@link Coroutine} for the contract). */
    <I, O> Coroutine<I, O> newCoroutine(Coroutine.Body<I, O> body);
}
