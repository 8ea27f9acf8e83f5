/**
 * The coroutine backend ({@code -Dpal.backend=coroutines}): strands as stackful coroutines on
 * {@code jdk.internal.vm.Continuation}, many per carrier thread.
 *
 * <h2>Concepts</h2>
 * <ul>
 *   <li>{@link io.pal.coroutines.CoroutineStrand}: a continuation plus a state machine (documented
 *       at the top of the class) and a LockSupport-style permit. A strand is bound to the carrier it
 *       first runs on ("affinity", below).</li>
 *   <li>{@link io.pal.coroutines.CoroutineBackend}: the SPI implementation; owns one
 *       {@link io.pal.coroutines.sched.Scheduler}, one {@link io.pal.coroutines.timer.Timers}
 *       and (started at first use) one {@link io.pal.coroutines.poll.Poller}. Nothing is static:
 *       tests build their own backend and close it.</li>
 *   <li>{@link io.pal.coroutines.StrandContexts}: every {@link io.pal.spi.StrandContext.Factory} on
 *       the class path, loaded once per backend; each strand's contexts are made at spawn in the
 *       spawner's context and swapped onto the carrier at mount and back at unmount.</li>
 *   <li>{@link io.pal.coroutines.CoroutineDiagnostics}: counters and a strand dump;
 *       {@link io.pal.coroutines.Strands}: the same over JMX ({@code io.pal:type=Strands}, what
 *       {@code bin/pal dump} reads), registered only when the platform MBean server is built.</li>
 *   <li>{@link io.pal.coroutines.ContinuationCoroutine}: {@code io.pal.coroutine.Coroutine} (and so
 *       {@code Generator}) as a continuation of its own scope, run nested in the resumer's strand on
 *       the one carrier it is bound to; resumes from anywhere else go through a host strand there.
 *       Its class comment has the protocol and why it never migrates either.</li>
 *   <li>{@link io.pal.coroutines.CarrierGroup}: a strand group ({@code io.pal.group}) is a carrier
 *       that all its members are bound to from spawn on ({@code Scheduler.submitBound}).</li>
 * </ul>
 *
 * <h2>Affinity: why a started strand never changes carrier</h2>
 * Inside a raw continuation {@code Thread.currentThread()} is the carrier, and compiled code may keep
 * the value it read before a yield (measured here: under C1, and during tiered warm-up, a strand
 * that had moved to another carrier still saw the old one, found the wrong strand through it and
 * corrupted that strand's state). Everything keyed on the current thread breaks the same way on
 * migration: the interrupt status mirrored on the carrier, thread-local maps swapped in by
 * shim-tls, the owner of a j.u.c. lock. So a strand runs only on the carrier of its first mount.
 * Work stealing balances strands before they start (new strands sit in stealable run queues);
 * a started strand woken by another thread goes to its home carrier's inbox. The price: a busy
 * carrier cannot hand its started strands to an idle one, and a strand that pins its carrier
 * blocks the other strands bound there. Rejected: migrating anyway (incorrect), one carrier per
 * strand (that is the thread backend).
 *
 * <h2>Protocol "park" (no lost wakeup)</h2>
 * <ol>
 *   <li>The strand consumes a pending permit and returns, or returns if interrupted.</li>
 *   <li>It records what to arm (a timer, a readiness wait), sets PARKING and yields.</li>
 *   <li>The carrier, with the stack off it, unmounts (saving the interrupt status), reads what to
 *       arm, publishes PARKED, arms the timer and the wait, then re-reads permit and interrupt
 *       status; if either is set it CASes PARKED to RUNNABLE and schedules the strand.</li>
 *   <li>An unparker sets the permit (getAndSet), then reads the state: PARKED means it CASes to
 *       RUNNABLE and schedules; PARKING means the carrier's re-check (step 3) will see the permit;
 *       PINNED means it unparks the carrier thread.</li>
 *   <li>Permit and state are volatile and each side writes one before reading the other, so at
 *       least one side sees the other; the CAS makes exactly one of them schedule the strand.</li>
 *   <li>Resumed, the strand clears the permit and cancels its timer if it has not fired.</li>
 * </ol>
 * Sleep is the same with SLEEPING/ASLEEP, which unpark does not wake (a permit is neither used
 * nor consumed), so sleep loops until its deadline and never returns early.
 *
 * <h2>Protocol "interrupt"</h2>
 * <ol>
 *   <li>Under the strand's small spin lock: set the status; if mounted, interrupt the carrier too.</li>
 *   <li>Mount writes the carrier field, then copies a set status onto the carrier.</li>
 *   <li>Unmount, under the lock, saves and clears the carrier's status and clears the carrier field,
 *       so a late interrupt can never hit the next strand on that carrier.</li>
 *   <li>Then wake the strand like a timer does (PARKED or ASLEEP to RUNNABLE, no permit).</li>
 * </ol>
 * While mounted the carrier's flag is the strand's status, so unmodified code calling
 * {@code Thread.interrupted()} in a strand sees and clears the strand's status.
 *
 * <h2>Pinning</h2>
 * A yield the JVM refuses (a native frame, a {@code Continuation.pin()} critical section) calls
 * the continuation's {@code onPinned}, which records a {@link io.pal.spi.PinReason}; the
 * yield returns false and park blocks the carrier with LockSupport, sleep with Thread.sleep,
 * yield with Thread.yield. Each is counted. Before blocking, the carrier wakes an idle carrier
 * if its queue holds new strands others could take.
 *
 * <p>Unmodified code reaches the backend through the shims it installs when it is created
 * ({@code installShims}, every {@link io.pal.spi.Shim} found by ServiceLoader):
 * <ul>
 *   <li>Thread.sleep and Thread.yield in a strand become the strand's sleep and yield. While a
 *       strand blocks its carrier on purpose (state PINNED) {@code currentSharesCarrier()} is
 *       false, so the backend's own fallback calls reach the JDK instead of coming back.</li>
 *   <li>AQS, ReentrantLock and ReentrantReadWriteLock see a strand as its own identity
 *       ({@code WaiterIdentity}, ADR 0008): it owns those locks as itself, may unmount while it
 *       holds one, and the unpark of its waiter node wakes exactly it.</li>
 *   <li>A strand that becomes owner of any other AQS exclusive lock (one whose code records
 *       {@code Thread.currentThread()} itself, the carrier) calls {@code pin(LOCK_OWNER)}:
 *       {@code Continuation.pin()}, so every yield until the matching unpin fails and blocks the
 *       carrier. Such pins are counted as LOCK_OWNER.</li>
 *   <li>LockSupport.park in a strand suspends it; an unpark of its identity wakes it, an unpark
 *       of its carrier (j.u.c. classes outside AQS record the carrier) wakes every strand parked
 *       under that carrier. A pinned strand's park blocks the carrier instead, and the monitor
 *       hands the carrier's queued work on.</li>
 * </ul>
 * Each pin is also a JFR event {@code io.pal.Pinned}, and a line on standard error with
 * {@code -Dpal.tracePins=short|full}. When every strand is parked and nothing pal owns can wake
 * one, the monitor prints a deadlock report with a strand dump ({@code pal.deadlockReportMillis}).
 * <h2>Atomic regions</h2>
 * A strand inside {@code Pal.atomic} keeps a depth (in {@code AbstractStrand}); park, sleep and
 * yieldNow check it first and throw instead of yielding, and the readiness wait checks before it
 * makes its wait. Every unmount goes through those three, so nothing else can unmount the strand
 * inside a region. Rejected: also calling {@code Continuation.pin()} for the region's length. It
 * adds no coverage (no other path yields the strand's scope), and a pinned yield does not fail
 * loudly: it makes park block the carrier, which is exactly the silent failure a region exists to
 * prevent (and it would refuse a coroutine's own yields inside the region the same way).
 *
 * <h2>Protocol "readiness wait"</h2>
 * <ol>
 *   <li>Zero or negative timeout: a poll on a private selector, no waiting.</li>
 *   <li>Otherwise the strand parks with the wait as the thing to arm: the carrier hands it to the
 *       poller only after the stack is off the carrier (may's idiom); a pinned strand registers
 *       it itself.</li>
 *   <li>The poller completes the wait (ready ops, or all ops for a channel whose close was
 *       reported through {@code channelClosed}), deregisters the channel, then unparks the strand.</li>
 *   <li>On timeout or interrupt the strand asks the poller to drop the wait and parks until it
 *       has (so the channel may be switched back to blocking mode), then returns 0 or throws.</li>
 * </ol>
 */
package io.pal.coroutines;
