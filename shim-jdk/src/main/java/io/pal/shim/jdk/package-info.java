/**
 * Advice on blocking calls in java.base, so that unmodified code that calls them inside a coroutine
 * suspends its strand instead of blocking the carrier that other strands share.
 *
 * <p>Covered:
 * <ul>
 *   <li>{@code Thread.sleep} (all three overloads) and {@code Thread.yield}: the strand's sleep and yield.</li>
 *   <li>{@code LockSupport.park*}: the strand parks ({@link io.pal.spi.Backend#parkThread});
 *       {@code LockSupport.unpark(t)}: the backend wakes the strand that {@code t} stands for, or
 *       every strand parked under the carrier {@code t} ({@link io.pal.spi.Backend#unparkThread}); the
 *       JDK's unpark still runs.</li>
 *   <li>Every {@code Thread.currentThread()} inside AbstractQueuedSynchronizer, ReentrantLock and
 *       ReentrantReadWriteLock (and their nested classes) becomes the bridge's
 *       {@code currentWaiter()} (Byte Buddy {@code MemberSubstitution}): a strand owns and waits on
 *       those locks as an identity of its own ({@link io.pal.spi.Backend#waiterIdentity}), so it may
 *       unmount while it holds one, and the unpark of its waiter node wakes exactly it (ADR 0008).</li>
 *   <li>{@code AbstractOwnableSynchronizer.setExclusiveOwnerThread}: a strand that becomes owner of
 *       any other AQS lock as its carrier (a subclass that records {@code Thread.currentThread()}
 *       itself) is pinned until it stops being owner ({@link io.pal.spi.Backend#pin}).</li>
 * </ul>
 * Each advice asks the backend, through a bridge class defined in the bootstrap loader
 * ({@link io.pal.spi.BootstrapClasses}), whether the caller
 * {@linkplain io.pal.spi.Backend#currentSharesCarrier() shares a carrier}; if not, the JDK's own
 * body runs untouched, so nothing changes on the thread backends or on threads that are not strands.
 *
 * <p>Protocol, per call: (1) the advice checks the arguments and leaves bad ones to the JDK's body;
 * (2) it calls the bridge, which calls pal's hook through a MethodHandle; (3) the hook returns
 * false when the caller is not a strand sharing its carrier, and the JDK's body runs; (4) otherwise
 * the backend suspends the strand and the JDK's body is skipped. A backend's own fallback calls
 * (a pinned strand's Thread.sleep or LockSupport.park) must reach the JDK: the coroutine backend
 * answers {@code currentSharesCarrier() == false} while a strand blocks its carrier on purpose.
 *
 * <p>The lock classes are loaded before the agent is installed, so that all of them are
 * retransformed together (a class transformed later than its siblings would disagree with them
 * about who the owner is).
 *
 * <p>The instrumentation is pal-agent's when the JVM was started with it (bin/pal does), else a
 * self-attached one (test JVMs pass {@code -XX:+EnableDynamicAgentLoading}); either way the coroutine
 * backend installs the shim when it starts (found through {@link io.pal.spi.Shim} by ServiceLoader).
 * Under the agent, later runs replay the first run's rewritten classes (ADR 0011), since the
 * rewriting itself takes seconds on a 2-core machine.
 */
package io.pal.shim.jdk;
