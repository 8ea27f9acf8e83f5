/**
 * The sim backend ({@code pal.backend=sim}): unmodified blocking Java runs deterministically, on
 * virtual time, every choice of which strand runs next made from a seed, so that a concurrency bug
 * found once is replayed forever (ADR 0018).
 *
 * <h2>Concepts</h2>
 * <ul>
 *   <li>A <b>run</b> ({@link io.pal.sim.SimRun}) is one execution of a program under one seed: its
 *       carrier, its scheduler, its clock, its two PRNGs (one for scheduling, one for the program's
 *       random generators) and the threads it started. Runs of different seeds may go on at once in
 *       one JVM; nothing of one is shared with another.</li>
 *   <li>A strand, and every {@code Thread} the program starts (threads-as-strands is on under sim),
 *       is a real {@code java.lang.VirtualThread} built with the JDK's package-private
 *       {@code VirtualThreadBuilder(Executor)} on the run's {@link io.pal.sim.SimScheduler}. The VM
 *       unmounts it in {@code synchronized} and {@code Object.wait} (JEP 491) and j.u.c. parks it,
 *       and each of those hands control back to the scheduler: a scheduling point, for free.
 *       {@code Thread.currentThread()}, interrupts and ThreadLocals are the JDK's own.</li>
 *   <li>The <b>carrier</b> ({@link io.pal.sim.SimCarrier}) is the run's one platform thread. It
 *       takes one runnable task at a time, chosen by the run's {@link io.pal.sim.Picker}, and runs
 *       it until the virtual thread yields: one <b>step</b>.</li>
 *   <li><b>Virtual time</b> is the scheduler's {@code elapsed}. Timers (a timed park, sleep or wait:
 *       the JDK arms them through {@code VirtualThread.schedule}, which shim-jdk sends to the
 *       scheduler when it is a {@code ScheduledExecutorService}) wait in a queue ordered by due
 *       time, then arming order. The clock moves only when nothing can run, and then jumps to the
 *       earliest timer. shim-jdk rewrites {@code System.nanoTime}/{@code currentTimeMillis} calls in
 *       the program, in pal and in the JDK's deadline computations to read it ({@code SimShim}).</li>
 *   <li>A run is <b>closed</b> ({@link io.pal.sim.SimRunner}: a program under {@link io.pal.sim.SimMain},
 *       an explored seed, a {@code @Simulate} test) or <b>open</b> (the backend's default run, which
 *       strands spawned from outside any run join): a closed run ends when its non-daemon threads
 *       have; an open one never ends by itself and, when nothing can run, waits for the outside.</li>
 *   <li>The <b>explorer</b> ({@link io.pal.sim.SimExplorer}, {@code bin/pal sim}) runs seeds one at a
 *       time per JVM, each in a {@link io.pal.sim.RunClassLoader} of its own, its output kept apart
 *       ({@link io.pal.sim.RunOutput}); {@code --jobs} spreads them over JVMs.</li>
 *   <li>The <b>network</b> ({@link io.pal.sim.SimNetwork}, {@link io.pal.sim.SimSocketImpl}, set up by
 *       {@link io.pal.sim.SimSockets}): loopback sockets between a run's strands, in memory; its
 *       protocols "read" and "write" are told in SimNetwork. NIO's channels and selectors made in a
 *       run are the network's too ({@link io.pal.sim.SimSelectorProvider}, which shim-jdk's advice on
 *       {@code SelectorProvider.provider()} hands out; {@link io.pal.sim.SimSocketChannel},
 *       {@link io.pal.sim.SimServerSocketChannel}, their socket adaptors, {@link io.pal.sim.SimPipe},
 *       {@link io.pal.sim.SimSelector} and its protocol "select"; {@link io.pal.sim.SimChannelIO}
 *       holds their shared read and write; ADR 0023).</li>
 *   <li>A <b>strand group</b> is pal-api's {@code TurnGroup}, a fair lock a member holds while it
 *       runs, as on the thread backends: one carrier is not enough, since sim switches strands at
 *       the scheduling points it adds to the program.</li>
 * </ul>
 *
 * <h2>Protocol "step" (the carrier's loop)</h2>
 * <ol>
 *   <li>Wait until no thread of the run is in the hands of the JDK's unblocker thread: a strand
 *       that leaves a monitor puts the one waiting to enter it on a list that a JDK platform thread
 *       hands to the scheduler. Until it arrives (the thread's {@code onWaitingList} flag, or
 *       {@code UNBLOCKED} and not yet queued, or the unblocker busy while a thread of the run is
 *       {@code BLOCKED}), the set of runnable tasks is not settled.</li>
 *   <li>A closed run whose non-daemon threads have all ended is over: it passed, unless a thread
 *       ended with an uncaught exception ({@link io.pal.sim.UncaughtFailures}).</li>
 *   <li>If every task that can run is a strand marked as spinning (it yielded at a
 *       {@code Thread.onSpinWait()} and nothing but spinning has happened since) and a timer is
 *       pending, the clock moves as in the timer step below: only a timer can change what they wait for.</li>
 *   <li>If some task can run, the picker chooses one from the set in thread order (a hand-off from
 *       the unblocker may arrive before or after the carrier's own in one step, so arrival order is
 *       timing); the step count and the trace hash take it;
 *       past {@code pal.sim.maxSteps} the run ends; otherwise the carrier runs it.</li>
 *   <li>Else, if a timer is pending, the clock jumps to the earliest and every timer due fires in
 *       order (each makes a thread runnable); the trace hash takes the new time.</li>
 *   <li>Else an open run, or a closed one not yet started, waits for the outside; anything else is
 *       a <b>deadlock</b>: the run ends with a report of every
 *       live thread, what it waits on and its stack ({@link io.pal.sim.DeadlockReport}).</li>
 * </ol>
 *
 * <h2>Strategies</h2>
 * {@code random} picks uniformly among the runnable tasks. {@code pct} (probabilistic concurrency
 * testing) gives each thread a random priority at its start, always runs the highest, and lowers the
 * running thread's priority below all others at {@code pctDepth - 1} steps drawn at random, and
 * whenever a thread yields in the program's {@code Thread.yield()} or {@code Thread.onSpinWait()}:
 * such a thread waits for another, which strict priorities would never let run.
 *
 * <h2>Rejected</h2>
 * <ul>
 *   <li>pal's own coroutines with a strand identity: a contended {@code synchronized} and
 *       {@code Object.wait} block the carrier there, and with one carrier that is a hang, not a
 *       scheduling point.</li>
 *   <li>Running the JDK's default virtual threads and ordering them with locks: the ForkJoinPool's
 *       stealing and its timer thread make choices pal cannot see.</li>
 *   <li>Making the program's own Thread the strand's {@code currentThread()}, as threads-as-strands
 *       does on coroutines: a virtual thread's park asks {@code currentThread().isVirtual()}, so a
 *       virtual thread cannot wear another Thread. Under sim {@code Thread.currentThread()} inside a
 *       started Thread is the virtual thread that runs it (ADR 0018 says what that costs).</li>
 * </ul>
 */
package io.pal.sim;
