/**
 * pal: one API for strands of execution, whatever a strand is underneath.
 *
 * <h2>Concepts</h2>
 * <ul>
 *   <li>A <b>strand</b> ({@link io.pal.Strand}) is a sequential flow of control: a platform thread,
 *       a virtual thread, or a stackful coroutine on a JDK continuation. {@code -Dpal.backend}
 *       chooses which, for the whole JVM, at first use.</li>
 *   <li>The facade {@link io.pal.Pal} spawns strands and suspends the caller (sleep, park, yield,
 *       join). Each call goes to the active {@link io.pal.spi.Backend}.</li>
 *   <li>Thread-locals are strand-local on every backend, so {@link io.pal.StrandLocal} is a thin
 *       ThreadLocal, and unmodified code that uses ThreadLocal keeps working.</li>
 *   <li>Any thread that pal did not start (the main thread, a test runner) is adopted as a strand
 *       when it calls in, so it can park, join and be unparked through the same calls.</li>
 * </ul>
 *
 * <h2>Rejected alternatives</h2>
 * <ul>
 *   <li>A runtime object passed everywhere instead of a static facade: the point of pal is that
 *       unmodified code runs on it, and unmodified code has no place to receive one. Backends are
 *       still plain objects (see {@link io.pal.spi.Backends#install}), so tests can swap them.</li>
 *   <li>A Strand that extends Future: Future's {@code state()} and {@code cancel(boolean)} mean
 *       other things than a strand's; {@link io.pal.Pal#executor()} gives Futures where they are wanted.</li>
 * </ul>
 */
package io.pal;
