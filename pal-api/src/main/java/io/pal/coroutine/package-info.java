/**
 * Coroutines you can hold: {@link io.pal.coroutine.Coroutine} (resume/yield with values both ways,
 * Lua-style) and {@link io.pal.coroutine.Generator} (a coroutine that yields a sequence).
 *
 * <p>Unlike a strand, a coroutine is not scheduled: it runs only inside a resume, in the resumer's
 * time. Two implementations keep that contract. {@link io.pal.coroutine.HandoffCoroutine} runs the
 * body in a strand of its own and hands a turn back and forth (portable, two strand switches per
 * value); the coroutine backend runs the body as a continuation mounted on the resumer's own strand
 * (one continuation switch per value). The backend picks through
 * {@link io.pal.spi.Backend#newCoroutine}.
 *
 * <p>Rejected: running continuations directly in pal-api on every backend. It would be fast
 * everywhere, but would make the thread backends need {@code --add-exports} and JDK-internal
 * classes, and they are pal's reference semantics precisely because they use nothing but threads.
 */
package io.pal.coroutine;
