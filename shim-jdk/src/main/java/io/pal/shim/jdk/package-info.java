/**
 * Advice on blocking calls in java.base, so that unmodified code that calls them inside a coroutine
 * suspends its strand instead of blocking the carrier that other strands share.
 *
 * <p>Covered:
 * <ul>
 *   <li>{@code Thread.sleep} (all three overloads) and {@code Thread.yield}: the strand's sleep and yield.</li>
 *   <li>{@code LockSupport.park*}: the strand parks ({@link io.pal.spi.ShimHooks#parkThread});
 *       {@code LockSupport.unpark(t)}: if {@code t} is a strand's identity (what
 *       {@code Thread.currentThread()} is inside a strand, and so what every j.u.c. class records
 *       as its owner or waiter), the backend unparks that strand ({@link io.pal.spi.ShimHooks#unparkThread});
 *       the JDK's unpark still runs (a no-op on a thread that was never started).</li>
 *   <li>{@code Object.wait(long)}: when it throws InterruptedException in a strand (its carrier's
 *       flag mirrors the strand's status), the strand's own status is cleared too, as the
 *       exception says ({@link io.pal.shim.jdk.WaitAdvice}).</li>
 *   <li>Blocking calls that cannot suspend a strand open a blocking section around themselves
 *       ({@link io.pal.spi.ShimHooks#beginBlocking}, ADR 0016), so that the carrier's other strands
 *       are handed away at once: the file streams' opens, reads, writes and skips;
 *       {@code FileChannel}'s reads, writes and transfers, and the opens of every {@code Files.*}
 *       and {@code FileChannel.open} ({@code UnixNativeDispatcher.open}/{@code openat}), which the
 *       JDK brackets with nothing for a channel without O_DIRECT (ADR 0019); process waits; name
 *       lookups; {@code Object.wait}; and whatever the JDK brackets with its own
 *       {@code jdk.internal.misc.Blocker} ({@link io.pal.shim.jdk.BlockingAdvice}).</li>
 *   <li>{@code VirtualThread.schedule} (the private timer of a virtual thread's timed park, sleep
 *       and timed wait): when the thread's scheduler is a {@code ScheduledExecutorService} other
 *       than a ForkJoinPool, its own {@code schedule} serves the timer instead of the JDK's
 *       real-time timer thread ({@link io.pal.shim.jdk.VirtualThreadTimerAdvice}); no bridge.</li>
 *   <li>With {@code pal.threadsAsStrands=true}: {@code Thread.start()} (and the JDK's start into a
 *       {@code SharedThreadContainer}, its executors' path) starts a strand whose current thread is
 *       the program's own Thread, unless {@link io.pal.shim.jdk.ThreadStartPolicy} keeps it a
 *       platform thread; {@code isAlive}, {@code join(long)}, {@code interrupt} and {@code getState}
 *       answer for such a thread ({@link io.pal.shim.jdk.ThreadAdvice},
 *       {@link io.pal.shim.jdk.ThreadsAsStrands}, ADR 0015). The advice is always applied; its
 *       bridge handles are set only when the property is true.</li>
 * </ul>
 * Each advice asks the backend, through a bridge class defined in the bootstrap loader
 * ({@link io.pal.instrument.BootstrapClasses}), whether the caller
 * {@linkplain io.pal.spi.ShimHooks#currentSharesCarrier() shares a carrier}; if not, the JDK's own
 * body runs untouched, so nothing changes on the thread backends or on threads that are not strands.
 *
 * <p>Protocol, per call: (1) the advice checks the arguments and leaves bad ones to the JDK's body;
 * (2) it calls the bridge, which calls pal's hook through a MethodHandle; (3) the hook returns
 * false when the caller is not a strand sharing its carrier, and the JDK's body runs; (4) otherwise
 * the backend suspends the strand and the JDK's body is skipped. A backend's own fallback calls
 * (a pinned strand's Thread.sleep or LockSupport.park) must reach the JDK: the coroutine backend
 * answers {@code currentSharesCarrier() == false} while a strand blocks its carrier on purpose.
 *
 * <p>The instrumentation is pal-agent's when the JVM was started with it (bin/pal does), else a
 * self-attached one (test JVMs pass {@code -XX:+EnableDynamicAgentLoading}); either way the coroutine
 * backend installs the shim when it starts (found through {@link io.pal.spi.Shim} by ServiceLoader).
 * Under the agent, later runs replay the first run's rewritten classes (ADR 0011), since the
 * rewriting itself takes seconds on a 2-core machine.
 */
package io.pal.shim.jdk;
