/**
 * The coroutine backend ({@code -Dpal.backend=coroutines}): strands are JDK virtual threads whose
 * scheduler is pal's, many per carrier thread (ADR 0017); threads run as strands are stackful
 * coroutines on {@code jdk.internal.vm.Continuation} with the program's Thread as their identity.
 *
 * <h2>Concepts</h2>
 * <ul>
 *   <li>{@link io.pal.coroutines.VirtualStrand}: a {@code java.lang.VirtualThread} made with the JDK's
 *       own factory and a scheduler of pal's ({@link io.pal.coroutines.VirtualThreadScheduler}:
 *       continuations to the {@link io.pal.coroutines.sched.Scheduler} or a group's carrier, timed
 *       waits to the scheduler's {@link io.pal.coroutines.timer.Timers}). Its parks, monitors, waits,
 *       interrupts and thread-locals are the JDK's; what pal adds is where and when it runs
 *       (protocol "virtual threads" in the sched essay) and the blocking-call hand-off. What
 *       {@code Pal.spawn}, executors, scopes, supervisors and groups make.</li>
 *   <li>{@link io.pal.coroutines.CoroutineStrand}: a continuation plus a state machine (documented
 *       at the top of the class) and a LockSupport-style permit, whose identity is mounted as the
 *       current thread: the strand {@code Thread.start()} makes under {@code pal.threadsAsStrands}
 *       (ADR 0015), and a coroutine's host. Any carrier may run it ("identity and migration",
 *       below).</li>
 *   <li>{@link io.pal.coroutines.PalStrand}: what the registry, dumps and watches know of either.</li>
 *   <li>{@link io.pal.coroutines.StrandContainer}: the JDK thread container virtual strands start in,
 *       whose threads are the backend's {@link io.pal.coroutines.StrandRegistry} (so a strand is
 *       listed once, not also in the JDK root container's map), registered so that
 *       {@code jcmd Thread.dump_to_file} lists them. When a strand's thread has ended, its
 *       {@code onExit}, on the carrier, takes the strand out of the registry and hands the outcome the
 *       body held to the joiners: a {@code Callable} body runs under one small frame that keeps no value
 *       across it, and a {@code Runnable} body (a {@code RunnableTask}) is the thread's own task, its
 *       failure caught by the JDK and held by the strand as the thread's uncaught-exception handler
 *       (ADR 0017 and 0027, heap per strand).</li>
 *   <li>{@link io.pal.coroutines.StrandIdentity}: what {@code Thread.currentThread()} is inside a
 *       coroutine host or a coroutine body run nested in one, an unstarted Thread mounted at every
 *       mount. {@code CoroutineStrand.current()} finds a thread-as-strand through the carrier it runs on.</li>
 *   <li>{@link io.pal.coroutines.CoroutineBackend}: the composition root and the SPI's
 *       {@code Backend} (with {@code GroupSupport} and {@code CoroutineSupport}); owns one
 *       {@link io.pal.coroutines.sched.Scheduler}, whose carriers serve its
 *       {@link io.pal.coroutines.timer.Timers}, and (opened at first use) one
 *       {@link io.pal.coroutines.poll.NetPoll} for the JDK's descriptors, which the scheduler's
 *       driving carrier waits in (protocol "drive" in the sched essay). Nothing is static:
 *       tests build their own backend and close it.</li>
 *   <li>{@link io.pal.coroutines.CoroutineShimHooks}: the SPI's {@code ShimHooks}, what the shims
 *       the backend installs call (below: "shims"); {@link io.pal.coroutines.ThreadStrands}: the
 *       program's threads run as strands, by Thread (protocol "threads as strands").</li>
 *   <li>{@link io.pal.coroutines.CoroutineDiagnostics}: counters and a strand dump;
 *       {@link io.pal.coroutines.Strands}: the same over JMX ({@code io.pal:type=Strands}, what
 *       {@code bin/pal dump} reads), registered only when the platform MBean server is built.</li>
 *   <li>{@link io.pal.coroutines.ContinuationCoroutine}: {@code io.pal.coroutine.Coroutine} (and so
 *       {@code Generator}) made in an identity strand, as a continuation of its own scope, with an
 *       identity of its own, run nested in the resumer's strand; resumes from virtual strands and
 *       plain threads go through a host strand. Made anywhere else a coroutine is pal-api's
 *       {@code HandoffCoroutine} (ADR 0017). Its class comment has the protocol.</li>
 *   <li>{@link io.pal.coroutines.VirtualLockGraph}: cycles of monitors and j.u.c. locks among
 *       virtual strands, which the JVM's deadlock detection leaves out; {@link io.pal.coroutines.LockCycleWatch}
 *       reports them and the JVM-found ones.</li>
 *   <li>{@link io.pal.coroutines.CarrierGroup}: a strand group ({@code io.pal.group}) is a carrier
 *       that all its members are bound to from spawn on: their virtual threads' executor forwards
 *       every continuation to that carrier's inbox ({@code Scheduler.boundTo}).</li>
 * </ul>
 *
 * <h2>Identity and migration of identity strands (ADR 0010)</h2>
 * Inside a raw continuation {@code Thread.currentThread()} is the carrier, and compiled code may
 * keep the value it read before a yield, so a strand that moved would see the old carrier. The
 * carrier therefore mounts the strand's {@link io.pal.coroutines.StrandIdentity} with the JDK's
 * own mount step ({@code Thread.setCurrentThread}, as for virtual threads) before it runs the
 * continuation and puts itself back after: the current thread is then the same object for the
 * strand's whole life, wherever it runs. Thread-locals, context class loader, ScopedValue
 * bindings, the owner of a monitor or a j.u.c. lock and the waiter a j.u.c. class records are all
 * the strand's, so any carrier may run a runnable strand: started strands sit in stealable run
 * queues like new ones, and a stuck carrier's whole queue moves. Only a group's members are bound
 * to one carrier ({@code Task.home()}).
 *
 * <h2>Protocol "park" of an identity strand (no lost wakeup; a virtual strand's park is the JDK's)</h2>
 * <ol>
 *   <li>The strand consumes a pending permit and returns, or returns if interrupted.</li>
 *   <li>It records what to arm (a timer, if the park is timed), sets PARKING and yields.</li>
 *   <li>The carrier, with the stack off it, unmounts (putting itself back as the current thread), reads what to
 *       arm, publishes PARKED, arms the timer on the scheduler (protocol "drive" in the sched
 *       essay), then re-reads permit and interrupt
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
 * The status is the mounted identity's own field ({@code Thread.interrupt} sets it, and
 * {@code Thread.interrupted()} in the strand clears it). An unstarted Thread has no native thread,
 * so a wait that blocks the carrier natively ({@code Object.wait}, a pinned park) would never see
 * it: the carrier carries a mirror of it while the strand is mounted.
 * <ol>
 *   <li>{@code identity.interrupt()} sets the status, then, under the strand's small spin lock,
 *       interrupts the carrier if that identity is mounted on one.</li>
 *   <li>Mount writes the carrier field, then mirrors a set status onto the carrier.</li>
 *   <li>Unmount, under the lock, clears the carrier field and the carrier's flag, so a late
 *       interrupt can never hit the next strand on that carrier.</li>
 *   <li>Then wake the strand like a timer does (PARKED or ASLEEP to RUNNABLE, no permit).</li>
 *   <li>Before the strand blocks its carrier on purpose, a mirror whose status was cleared
 *       meanwhile is cleared too.</li>
 * </ol>
 *
 * <h2>Pinning</h2>
 * A yield the JVM refuses (a native frame, a {@code Continuation.pin()} critical section) calls
 * the continuation's {@code onPinned}, which records a {@link io.pal.spi.PinReason}; the
 * yield returns false and park blocks the carrier with LockSupport, sleep with Thread.sleep,
 * yield with Thread.yield. Each is counted. Before blocking, the carrier wakes an idle carrier
 * if its queue holds new strands others could take.
 *
 * <h2>Shims</h2>
 * Unmodified code reaches the backend through the shims it installs when it is created
 * ({@code installShims}, every {@link io.pal.spi.Shim} found by ServiceLoader, each handed the
 * backend's {@link io.pal.coroutines.CoroutineShimHooks}):
 * <ul>
 *   <li>Thread.sleep and Thread.yield in a strand become the strand's sleep and yield. While a
 *       strand blocks its carrier on purpose (state PINNED) {@code currentSharesCarrier()} is
 *       false, so the backend's own fallback calls reach the JDK instead of coming back.</li>
 *   <li>LockSupport.park in a strand suspends it, with the strand's one permit; an unpark of its
 *       identity (what every j.u.c. class records as the waiter) is an unpark of the strand, so
 *       wake-ups are exact for every j.u.c. class. A pinned strand's park blocks the carrier
 *       instead, and the watchdog hands the carrier's queued work on.</li>
 *   <li>A call that blocks its carrier thread (file I/O, {@code Object.wait}, a monitor enter that
 *       announces itself) opens a blocking section: protocol "blocking" in the sched essay. A
 *       virtual strand's continuation is pinned for the section, so that a park inside the call
 *       waits on this carrier rather than ending the section on another one.</li>
 *   <li>A socket's or channel's wait becomes a descriptor wait on the netpoll: protocol "wait" in
 *       the poll essay.</li>
 * </ul>
 *
 * <p>Each pin is also a JFR event {@code io.pal.Pinned}, and a line on standard error with
 * {@code -Dpal.tracePins=short|full}. When every strand is parked and nothing pal owns can wake
 * one, the watchdog prints a deadlock report with a strand dump ({@code pal.deadlockReportMillis}).
 * Strands deadlocked on their carriers instead (a cycle of {@code synchronized} monitors or of
 * pinned j.u.c. locks: the carriers are blocked, not idle) are reported by {@code LockCycleWatch},
 * which asks the JVM's deadlock detection and maps each thread it names back to the strand.
 *
 * <h2>Protocol "threads as strands" (ADR 0015)</h2>
 * <ol>
 *   <li>Under {@code pal.threadsAsStrands}, shim-jdk's advice on {@code Thread.start} asks the hooks
 *       to start the thread as a strand: an identity strand whose identity is that Thread itself.</li>
 *   <li>The strand is recorded by its Thread ({@code ThreadStrands}) before it can run, so that an
 *       unpark or interrupt of the Thread that comes as soon as it starts finds it.</li>
 *   <li>While it runs, {@code LockSupport.unpark(thread)}, {@code thread.interrupt()} and
 *       {@code thread.getState()} reach the hooks, which find the strand by its Thread: a permit, a
 *       wake-up as after an interrupt (no permit), its state.</li>
 *   <li>Once its body has ended the carrier forgets it; a later call for that Thread finds nothing
 *       and does nothing (the JDK's own code answers).</li>
 * </ol>
 *
 * <h2>Atomic regions</h2>
 * A strand inside {@code Pal.atomic} keeps a depth (in {@code AbstractStrand}); park, sleep and
 * yieldNow check it first and throw instead of yielding, and the descriptor wait checks before it
 * makes its wait. Every unmount goes through those three, so nothing else can unmount the strand
 * inside a region. Rejected: also calling {@code Continuation.pin()} for the region's length. It
 * adds no coverage (no other path yields the strand's scope), and a pinned yield does not fail
 * loudly: it makes park block the carrier, which is exactly the silent failure a region exists to
 * prevent (and it would refuse a coroutine's own yields inside the region the same way).
 */
package io.pal.coroutines;
