/**
 * The agent's plumbing for shims: what a shim needs to rewrite JDK classes, and nothing a user calls.
 *
 * <h2>What lives here, and why not in pal-api</h2>
 * <ul>
 *   <li>{@link io.pal.instrument.AgentInstrumentation}: the {@code Instrumentation} of pal's
 *       {@code -javaagent}, set by its {@code premain}, read by the shims at install.</li>
 *   <li>{@link io.pal.instrument.TransformCache}: the shims' rewritten JDK classes, recorded in one
 *       run and replayed in the next (ADR 0011 tells why; its protocol is in the class).</li>
 *   <li>{@link io.pal.instrument.BootstrapClasses}: a small bridge class defined in the bootstrap
 *       loader, for advice inlined into java.base and for the JDK's MBean server builder.</li>
 * </ul>
 * pal-api is on every user's class path, and only the agent and the shims use these. Keeping them
 * in a module of their own keeps {@code java.lang.instrument} out of the API (an ArchUnit rule in
 * compat-tests fails if it comes back) and leaves the SPI the porting contract it says it is.
 *
 * <h2>Layering</h2>
 * This module needs pal-api and the JDK only. It sits under the backends and the shims: the shims
 * use all of it, and the coroutine backend defines its JMX bridge with {@code BootstrapClasses},
 * as it would use any JDK facility. Nothing here holds a hook from a backend to a shim, so backends
 * and shims still meet only through pal-api's SPI.
 *
 * <h2>Rejected</h2>
 * <ul>
 *   <li>Folding it into pal-agent: the shims are modules of their own and run without the agent
 *       (tests attach one), so they cannot depend on the agent jar.</li>
 *   <li>Leaving {@code BootstrapClasses} in the SPI because a backend uses it: it is agent-grade
 *       reflection into {@code java.lang} that users never need; one module for such tools keeps the
 *       API the size of what users call.</li>
 * </ul>
 */
package io.pal.instrument;
