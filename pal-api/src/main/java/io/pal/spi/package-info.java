/**
 * The backend SPI: the porting contract a backend signs. pal-api calls nothing else, and shims
 * (shim-net, shim-jdk) meet backends only here. Nothing here calls the facade
 * {@link io.pal.Pal}, which acts on the backend in force: SPI code acts on its own backend
 * (ArchUnit's {@code SpiLayeringTest} keeps it so).
 *
 * <h2>A backend's faces, one interface per concern (ADR 0022)</h2>
 * <ul>
 *   <li>{@link io.pal.spi.Backend}: what every backend is: it spawns strands and makes the caller
 *       park, sleep and yield. The facade, channels, scopes and executors call only this.</li>
 *   <li>{@link io.pal.spi.ShimHooks}: what shims call when unmodified JDK code would block (a
 *       LockSupport park, a socket's wait, a file read, {@code Thread.start} under threads as
 *       strands). A backend whose strands share carriers hands its hooks to every
 *       {@link io.pal.spi.Shim} it installs; a shim knows no other face.</li>
 *   <li>{@link io.pal.group.GroupSupport} and {@link io.pal.coroutine.CoroutineSupport}: what a
 *       backend offers to one feature package, declared in that package. The SPI names no feature
 *       package, so the packages of pal-api form no cycle (an ArchUnit rule in the test kit's
 *       layering keeps it so); a feature asks the backend with {@code instanceof} and has a
 *       portable answer when the backend offers nothing (no groups; a handoff coroutine).</li>
 * </ul>
 *
 * <h2>Rules every method follows</h2>
 * <ol>
 *   <li><b>Callers.</b> A call that acts on "the caller" works on a strand of the backend and on any
 *       other thread. A thread that is not a strand is adopted ({@link io.pal.spi.AdoptedStrand}):
 *       it parks with {@link java.util.concurrent.locks.LockSupport}, sleeps with
 *       {@link java.lang.Thread#sleep}, and blocks its thread where a strand would be suspended.</li>
 *   <li><b>Timeouts</b> are nanoseconds. {@link io.pal.spi.Backend#NO_TIMEOUT} ({@code Long.MAX_VALUE})
 *       means no limit. Zero or negative means "already expired": the call does not wait, it only
 *       checks (park returns, sleep returns, a readiness wait polls). This is j.u.c.'s convention;
 *       shims translate Java's "0 means forever" (SO_TIMEOUT, {@code Object.wait(0)}) themselves.</li>
 *   <li><b>Interrupts.</b> Each strand has an interrupt status. Calls that throw InterruptedException
 *       (sleep, join, the readiness wait) throw it when the status is set on entry or gets set while
 *       they wait, and clear it. Park does not throw: it returns with the status still set.</li>
 *   <li><b>Spurious wakeups.</b> Park may return for no reason; every waiting loop in pal re-checks its
 *       condition. Sleep never returns early, and the readiness wait never reports an op as ready
 *       that was not (a closed channel counts as ready for everything).</li>
 *   <li><b>Permits.</b> unpark leaves at most one permit; it may come before the park it is meant for
 *       (it is then consumed by that park, which returns at once). No wakeup is ever lost.</li>
 *   <li><b>Never blocking the wrong thing.</b> On a backend with carriers, spawn, unpark and
 *       interrupt never block; a suspended strand holds no carrier. Where a strand cannot be
 *       suspended (a native frame on its stack, say), it blocks its carrier instead, which is
 *       correct but costs a carrier: the backend counts it as a pin and may add a carrier.</li>
 *   <li><b>Atomic regions.</b> Inside {@link io.pal.spi.Backend#enterAtomic} ... {@code exitAtomic}
 *       (nestable, per strand or adopted thread) park, sleep and parkNanos with a positive time,
 *       yieldNow, and {@code ShimHooks.awaitDescriptor} (where a backend serves it) with a positive timeout throw
 *       {@link io.pal.spi.AtomicRegions#refused} at once, before changing any state. Calls that cannot
 *       wait behave as usual. Waits built above the backend check before they publish themselves.</li>
 *   <li><b>Groups.</b> Members of one {@link io.pal.group.StrandGroup} never run in parallel, and a
 *       member's suspension through the calls above (and only those) is where another member may
 *       run. Each run of a member happens-before the next run of any member.</li>
 * </ol>
 *
 * <h2>Selecting a backend</h2>
 * <ol>
 *   <li>Each backend module registers a {@link io.pal.spi.BackendProvider} with ServiceLoader.</li>
 *   <li>At first use {@link io.pal.spi.Backends#active()} reads {@code pal.backend} (default
 *       {@code coroutines}, or {@code threads} with a line on standard error when coroutines cannot
 *       run here), finds the provider, asks it whether it can run here, and creates the backend
 *       with a validated {@link io.pal.spi.PalConfig}.</li>
 *   <li>An unknown name, a missing provider or an unavailable backend throws
 *       {@link io.pal.PalConfigurationException} naming the bad value and the available backends.</li>
 * </ol>
 */
package io.pal.spi;
