/**
 * pal as a {@code -javaagent}: {@code java -javaagent:pal-agent.jar -cp app.jar Main} runs an
 * unmodified application under pal (the default backend, coroutines, or whatever
 * {@code -Dpal.backend} names) with every shim, and with no other JVM flag.
 *
 * <h2>What the jar holds</h2>
 * Every pal module (pal-api, pal-instrument, the backend modules, the shims) and Byte Buddy, relocated to
 * {@code io.pal.agent.shaded.bytebuddy} so that an application's own Byte Buddy, of any version,
 * never meets pal's. The JVM appends an agent's jar to the class path the application is loaded
 * from, so the application sees {@code io.pal.*} without naming the jar again; an application that
 * compiles against pal-api may keep pal-api on its class path too (same version: the first copy on
 * the class path wins).
 *
 * <h2>Start-up, in order ({@link io.pal.agent.PalAgent#premain})</h2>
 * <ol>
 *   <li>Check every {@code pal.*} property ({@code PalConfig.validateOrExit}): a bad value prints one
 *       line naming it and what would be valid, and the JVM exits with status 2 before main.</li>
 *   <li>Tell the shaded Byte Buddy not to touch {@code sun.misc.Unsafe} (JDK 24+ warns on its first
 *       use; the shims inject no classes, so nothing is lost).</li>
 *   <li>Export {@code jdk.internal.vm}, {@code jdk.internal.misc} (the bridge classes' definition,
 *       ADR 0025) and {@code sun.net} and open {@code java.lang} to the class
 *       path's unnamed module with {@code Instrumentation.redefineModule}: what
 *       {@code --add-exports}/{@code --add-opens} did on the command line.</li>
 *   <li>Enable native access for the class path's unnamed modules, what
 *       {@code --enable-native-access=ALL-UNNAMED} does, so that the netpoll's epoll calls through
 *       FFM print no warning at the first socket wait (ADR 0019: the JDK has one flag for every
 *       unnamed module, so pal's cannot get it alone).</li>
 *   <li>Hand the instrumentation to the shims ({@link io.pal.instrument.AgentInstrumentation}), so that they
 *       do not attach an agent to their own JVM (which JDK 21+ warns about unless
 *       {@code -XX:+EnableDynamicAgentLoading} is given).</li>
 * </ol>
 * Nothing else happens before main: the backend is still created at the first pal call, and it
 * installs the shims then, as without the agent.
 *
 * <h2>Rejected</h2>
 * <ul>
 *   <li>Appending pal to the bootstrap class path ({@code Boot-Class-Path}): pal would then be in
 *       the boot loader, where ServiceLoader lookups through the application's loader and the
 *       shims' advice (which must see pal's hooks) behave differently; only the small bridge classes
 *       belong there, and the shims define those themselves.</li>
 *   <li>A launcher-only fix ({@code bin/pal} adding flags): users start JVMs from their own build, a
 *       container or an IDE.</li>
 * </ul>
 */
package io.pal.agent;
