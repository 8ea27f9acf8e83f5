/**
 * Coroutines you can hold: {@link io.pal.coroutine.Coroutine} (resume/yield with values both ways,
 * Lua-style) and {@link io.pal.coroutine.Generator} (a coroutine that yields a sequence).
 *
 * <p>Unlike a strand, a coroutine is not scheduled: it runs only inside a resume, in the resumer's
 * time. Two implementations keep that contract. {@link io.pal.coroutine.HandoffCoroutine} runs the
 * body in a strand of its own and hands a turn back and forth (portable, two strand switches per
 * value); the coroutine backend runs the body as a continuation mounted on the resumer's own strand
 * (one continuation switch per value). A backend that has its own
 * implements {@link io.pal.coroutine.CoroutineSupport}; any other gets the handoff. Both share one state machine,
 * {@link io.pal.coroutine.AbstractCoroutine} (claim, settle, close, the atomic-region refusals and
 * how the body's end reaches the resumer), and differ only in how a step of the body runs.
 *
 * <p>A resume, a yield and the close of a suspended coroutine are suspension points on every
 * backend, because they are on the thread backends: refused inside {@code Pal.atomic}, and a point
 * where another member of the resumer's {@link io.pal.group.StrandGroup} may run. The body of a
 * handoff coroutine first resumed by a group member is spawned into that group; a continuation
 * coroutine first resumed by one is bound to the group's carrier, so either way the body is
 * serialized with the group.
 *
 * <p>Rejected: running continuations directly in pal-api on every backend. It would be fast
 * everywhere, but would make the thread backends need {@code --add-exports} and JDK-internal
 * classes, and they are pal's reference semantics precisely because they use nothing but threads.
 */
package io.pal.coroutine;
