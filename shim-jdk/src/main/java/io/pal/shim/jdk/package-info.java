/**
 * Advice on blocking calls in java.base, so that unmodified code that calls them inside a coroutine
 * suspends its strand instead of blocking the carrier that other strands share.
 *
 * <p>Covered now: {@code Thread.sleep} (all three overloads) and {@code Thread.yield}. Each advice
 * asks the backend, through a bridge class injected into the bootstrap loader, whether the caller
 * {@linkplain io.pal.spi.Backend#currentSharesCarrier() shares a carrier}; if not, the JDK's own
 * body runs untouched, so nothing changes on the thread backends or on threads that are not strands.
 *
 * <p>Protocol, per call: (1) the advice checks the arguments and leaves bad ones to the JDK's body;
 * (2) it calls the bridge, which calls pal's hook through a MethodHandle; (3) the hook returns
 * false when the caller is not a coroutine, and the JDK's body runs; (4) otherwise the backend
 * suspends the strand and the JDK's body is skipped. A backend must therefore never call
 * Thread.sleep or Thread.yield itself from inside a strand (it would come straight back).
 *
 * <p>Rejected: a {@code -javaagent} only. Self-attach lets the coroutine backend install the shim
 * when it starts (found through {@link io.pal.spi.Shim} by ServiceLoader), so tests and programs
 * run without a launcher; bin/pal still passes {@code -XX:+EnableDynamicAgentLoading}.
 */
package io.pal.shim.jdk;
