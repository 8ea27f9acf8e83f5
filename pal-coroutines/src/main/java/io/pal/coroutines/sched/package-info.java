/**
 * The scheduler: carrier threads with local run queues, work stealing, a global injection queue,
 * per-carrier inboxes, and idle carriers that sleep.
 *
 * <h2>Concepts</h2>
 * <ul>
 *   <li>{@link io.pal.coroutines.sched.Carrier}: a thread and its run loop. Owns a bounded
 *       {@link io.pal.coroutines.sched.RunQueue} (it pushes and pops, thieves take half), a
 *       {@code runnext} slot for the task the running one just woke (a hand-off between two tasks
 *       of one carrier stays a local switch), and an inbox for tasks bound to it (a group's
 *       members) that other threads made runnable.</li>
 *   <li>{@link io.pal.coroutines.sched.Scheduler}: the carriers, the global queue (submissions from
 *       non-carrier threads, local overflow, yields), the readied queue (tasks woken by non-carrier
 *       threads, taken first: see its field), and lifecycle. Passed around as an object.</li>
 *   <li>{@link io.pal.coroutines.sched.Idle}: who searches and who sleeps: both counts in one
 *       atomic word, as tokio's {@code Idle} keeps them, so a submitter reads both in one load and
 *       a carrier taken off the sleepers is counted as searching in one step.</li>
 *   <li>{@link io.pal.coroutines.sched.CarrierState}: where a carrier is in its life (protocol
 *       "carrier states").</li>
 *   <li>{@link io.pal.coroutines.sched.Task#home()}: a task may be bound to one carrier (a group's
 *       members are; any other strand runs on any carrier: see the coroutines package essay). A
 *       carrier that gets a task bound elsewhere forwards it to that carrier's inbox. A bound task is
 *       submitted with {@code submitBound}, straight into its home's inbox.</li>
 * </ul>
 *
 * <h2>Protocol "virtual threads" (ADR 0017)</h2>
 * A strand is a JDK virtual thread whose scheduler is this one: whenever the thread becomes runnable
 * (started, unparked, unblocked from a monitor or a wait, yielded) the JDK calls
 * {@link io.pal.coroutines.sched.Scheduler#execute} with the thread's {@code runContinuation}, a plain
 * Runnable that mounts the thread on the calling carrier, runs it to its next unmount, and does
 * nothing if the thread is not runnable (so a stale copy in a queue is harmless).
 * <ol>
 *   <li>From a strand running on one of these carriers (it woke or started another): that carrier's
 *       runnext slot; what it displaces goes to the local queue and a carrier is called for it.</li>
 *   <li>From the carrier's own code after an unmount (a yield, or a park an unpark overtook): the
 *       tail of the local queue, behind the carrier's other work.</li>
 *   <li>From any other thread (the watchdog expiring a timer or polling, a plain thread): the readied queue, and a
 *       searcher or a sleeper comes for it (protocol "sleep" and "wake").</li>
 *   <li>A group's members are given {@code boundTo(carrier)} instead: their continuations go to that
 *       carrier's inbox, which nobody steals from and no hand-off moves.</li>
 * </ol>
 * The JDK pins the submitting thread's continuation around {@code execute}, so it never unmounts
 * in here.
 *
 * <h2>Where a carrier looks for work (one tick per task)</h2>
 * <ol>
 *   <li>Every 61st tick: the global queue, then its inbox (so neither starves behind local work;
 *       61 is Go's choice: prime, so it does not beat with periodic workloads).</li>
 *   <li>runnext, at most 3 times in a row (two strands waking each other through it would
 *       otherwise starve the queue: tokio's limit).</li>
 *   <li>The local queue, then its inbox, then runnext again, then a batch from the readied queue,
 *       then from the global queue.</li>
 *   <li>Search (below); then a look at the network and the due timers (protocol "drive"); then
 *       sleep (below).</li>
 * </ol>
 *
 * <h2>Protocol "steal"</h2>
 * <ol>
 *   <li>A carrier with no work becomes a searcher if fewer than half the carriers search.</li>
 *   <li>It visits the others from a random start and takes half of a queue in one CAS on the
 *       victim's head (RunQueue explains why copying before the CAS is safe), a few rounds, with
 *       its inbox and the global queue between rounds: a short bounded spin.</li>
 *   <li>On success it stops searching; if it was the last searcher it wakes a sleeper, so work
 *       keeps fanning out (Go's "last spinning M" rule).</li>
 * </ol>
 *
 * <h2>Protocol "sleep" and "wake" (no lost wakeup, 0 % CPU when idle)</h2>
 * <ol>
 *   <li>The carrier puts itself on the sleepers list (under Idle's lock; its state becomes
 *       SLEEPING, a volatile write), then stops searching (an atomic decrement), then looks once more at every queue
 *       and its inbox.</li>
 *   <li>A submitter publishes work, then reads the searching count and the sleeper count: if no
 *       carrier searches and one sleeps, it takes one off the list, counts it as searching and
 *       unparks it. A burst of submissions thus wakes one carrier, which wakes the next on success.</li>
 *   <li>Both sides write, then read the other's variable, all sequentially consistent, so either the
 *       submitter sees a sleeper with nobody searching, or the carrier's last look sees the work.</li>
 *   <li>A task for a specific carrier goes to its inbox, then the waker reads that carrier's
 *       state and, if it is listed (SLEEPING or DRIVING), takes it off the list and unparks it; the
 *       carrier was listed before its last look at the inbox.</li>
 *   <li>Found work in the last look: it takes itself off the list again (or, if a waker already did,
 *       waits for that waker's notify) and searches.</li>
 * </ol>
 * "Unpark" above is a notify on the carrier's own lock, not LockSupport: a carrier's native
 * LockSupport park is reserved for a strand that blocks its carrier on purpose (a pinned park),
 * which the scheduler's own wakeups must not end spuriously.
 * Filling runnext wakes nobody (the running task is about to hand over to it); displacing a task
 * from runnext into the queue does, as that one could be stolen.
 *
 * <h2>Protocol "drive" (Go's findRunnable with netpoll(delay) and sysmon; tokio's driver park)</h2>
 * There is no timer thread and no poller thread: the scheduler holds its timers
 * ({@link io.pal.coroutines.timer.Timers}, one heap) and may hold one {@code IdlePoller} (the
 * coroutine backend's netpoll, set at its first descriptor wait), and the carriers serve both.
 * <ol>
 *   <li>A carrier looking for work expires the timers that are due: before it sleeps (after the
 *       search), and every 61st tick while it is busy. Expired strands are woken on it (runnext,
 *       then the local queue, where thieves see them). Before it sleeps it also polls the network
 *       without blocking, with the same landing.</li>
 *   <li>In step 4 of "sleep" (listed as a sleeper, last look done), a carrier
 *       takes the one driver role if nobody holds it and anything waits (a timer, or a wait in the
 *       poller). The driver, while it is listed as a sleeper: expires what is due (and, if that made tasks
 *       runnable, takes itself off the sleepers, as after a last look that found work, and
 *       searches); else publishes the deadline it will wait until ({@code drivingUntil}), looks at
 *       the earliest timer once more, and waits until that deadline in the poller's epoll_pwait2 (to
 *       the nanosecond; epoll_wait in whole milliseconds, rounded up, on a kernel without it), or,
 *       while no poller is set, on its own lock for the whole milliseconds and parked for the rest
 *       (a waker unparks it then). A timer is never looked at before it is due. With no timer and no wait in the poller, it gives the role
 *       back and sleeps as the others.</li>
 *   <li>Spares drive too (while every carrier of the parallelism is blocked in a call, only a spare
 *       can), but a spare gives the role back once it has driven for its keep-alive without being
 *       woken, and then retires as spares do. Nobody else sleeps with a timeout.</li>
 *   <li>Arming a timer that became the earliest: if a driver waits for a later deadline it is
 *       nudged (a flag, a notify on its lock, and the poller's wakeup: the netpoll's eventfd, which
 *       a poll that has not begun yet still sees); if no carrier drives, one sleeper is woken
 *       ({@code notifyOne}), and it drives once it finds nothing else. The armer writes the heap,
 *       then reads {@code drivingUntil}; the driver writes {@code drivingUntil}, then reads the
 *       heap: one of them sees the other, as in "sleep". Setting the poller nudges the driver too,
 *       so that it waits in the poller from then on.</li>
 *   <li>A waker (notifyOne, wake, shutdown) takes a carrier off the sleepers (its state becomes SEARCHING), then, if it drives, ends
 *       its wait in the poller ({@code wakeBlocked}); the carrier took the role before it moved
 *       from SLEEPING to DRIVING (a CAS, which fails if it was woken meanwhile). A driver woken for work gives the role back; it was woken as a searcher, so
 *       when it finds the work and was the last searcher it wakes another sleeper (protocol
 *       "steal"), which drives once it finds nothing: Go's chain of spinning Ms.</li>
 *   <li>The watchdog (protocol "watchdog") is the fallback when every carrier is busy: each look it
 *       expires the timers more than 2 ms overdue, and the backend's tick polls the network if
 *       nobody has for 10 ms; what they wake goes to the readied queue. A carrier computing for
 *       seconds thus delays no timer by more than about a period.</li>
 * </ol>
 * Rejected: a timer thread (ADR 0014 kept one: a thread hop per expiry, and one more thread beside
 * the carriers than Go or tokio run); every idle carrier waiting with a timeout (a wakeup per
 * carrier per deadline, where one suffices).
 *
 * <h2>Protocol "shutdown"</h2>
 * <ol>
 *   <li>{@code shutdown()} flips the state once (later submissions throw RejectedExecutionException;
 *       wakes still queue, so nothing is dropped while carriers drain) and wakes every sleeper.</li>
 *   <li>Each carrier keeps running while any queue or its inbox holds work; when it finds none and
 *       the scheduler is shut down, it leaves the searchers and exits.</li>
 *   <li>Strands parked and never woken are abandoned with the carriers (they are garbage once
 *       unreachable). {@code awaitTermination} joins the carrier threads.</li>
 * </ol>
 *
 * <h2>Protocol "blocking" (Go's entersyscall and handoffp; ADR 0016)</h2>
 * <ol>
 *   <li>A task about to block its carrier thread in a call that cannot unmount says so
 *       ({@code Scheduler.blockingBegins}); sections nest and only the outermost acts.</li>
 *   <li>The carrier stops counting as active (active = carriers - sleepers - blocked), and its
 *       runnext and run queue move to the readied and global queues.</li>
 *   <li>If any work is queued, a carrier comes for it at once: a searcher finds it; else a sleeper
 *       is woken; else (nobody searches and nobody sleeps), if fewer carriers are active than the
 *       parallelism ({@code pal.carriers}), a spare is started, up to {@code maxCarriers}. Work
 *       queued later while carriers are blocked (a submission, a wake-up) brings a spare the same
 *       way when nobody searches or sleeps.</li>
 *   <li>When the call returns ({@code blockingEnds}) the carrier is active again and runs its task
 *       on. A carrier that has just finished a task while more are active than the parallelism
 *       sleeps instead of taking another, with no last look: the active ones find any work (they
 *       follow protocol "sleep"). Never a searcher: a waker that saw it searching counts on it to
 *       find the work. The check is exact under Idle's lock, and never happens after shutdown.</li>
 *   <li>A spare asleep for the keep-alive (10 s) takes itself off the sleepers and exits; the
 *       carriers there were from the start never do.</li>
 * </ol>
 *
 * <h2>Protocol "carrier states" (ADR 0022)</h2>
 * A carrier's life is one volatile field, {@link io.pal.coroutines.sched.CarrierState}, whose class
 * comment is the transition table: NEW, then ACTIVE (running tasks, or looking in its own queues),
 * BLOCKED (its task is in a blocking section), SEARCHING (counted in Idle's searching count),
 * SLEEPING and DRIVING (on the sleepers list; DRIVING holds the driver role), EXITED.
 * <ol>
 *   <li>Every change goes through one of a few methods of the carrier, each checking the table and
 *       throwing {@code IllegalStateException} with the state it found.</li>
 *   <li>ACTIVE, BLOCKED and SEARCHING are the carrier's own: only it writes them, and no other
 *       thread acts on them, so it writes them opaque (no fence where a plain boolean was before).</li>
 *   <li>Listing (to SLEEPING) is a volatile write under Idle's lock: it is the carrier's half of
 *       protocol "sleep", the write a waker's read of the state pairs with.</li>
 *   <li>Out of SLEEPING or DRIVING, the carrier (to and from DRIVING, around the driver role) and a
 *       waker or a retiring spare (to SEARCHING or EXITED, under Idle's lock) may race: each such
 *       change is a compare-and-set, and the loser sees the winner's state.</li>
 * </ol>
 * Not in the state, on purpose, because they are not steps of the life but facts beside it:
 * {@code spare} (what kind of carrier it is, fixed at birth); the watchdog's stuck mark (the
 * watchdog's view of an ACTIVE carrier waiting in the JVM, set and cleared by two threads with a
 * CAS of its own); the blocking-section depth and call (nesting inside BLOCKED); {@code inHook}
 * (a re-entrancy guard of pal's own bookkeeping, inside any task); {@code running} and the
 * run counters (which task, not which state); and the driver's wait details ({@code drivingUntil},
 * {@code nudged}, {@code shortPark}: the handshake of one DRIVING wait with its nudgers and wakers).
 * Running a task and looking for one are one state (ACTIVE), so that a switch writes no state word:
 * the park/unpark ping-pong on one carrier changes no carrier state at all.
 *
 * <h2>Protocol "watchdog" (Go's sysmon, see {@link io.pal.coroutines.sched.Watchdog})</h2>
 * <ol>
 *   <li>Every 10 ms the watchdog reads each carrier's running task and switch count.</li>
 *   <li>A carrier is stuck at once if its task said it blocks the carrier ({@code Task.blocksCarrier()}:
 *       a blocking section) or its thread is BLOCKED or WAITING (a contended monitor); and if it ran
 *       the same task without a switch for 20 ms (a CPU hog, a native call nobody announced).</li>
 *   <li>Once per stuck spell: the listener hears of it (the backend counts an unannounced one as a
 *       pin, reason STUCK); every look, the carrier's run queue is drained, as a thief would, into
 *       the global queue and its runnext into the readied queue, and a carrier comes for the work as
 *       in protocol "blocking". An unannounced wait is counted as a blocked carrier, and may bring a
 *       spare, only once it has lasted a whole period, one spare per look at most; a RUNNABLE
 *       carrier computes and brings none. The mark is cleared when the wait ends. On a
 *       scheduler of one carrier, a look that may bring no spare moves nothing: nobody else could
 *       run the work, and in the global queue it would only fall behind strands queued later.</li>
 *   <li>Tasks bound to the stuck carrier (a group's members, in its inbox) stay where they are.
 *       They run when it is free again.</li>
 *   <li>Each look ends by checking that work queued with no searcher, sleeper or spare for it
 *       (a wake-up that raced a sleeper away) still gets a carrier.</li>
 * </ol>
 *
 * <h2>Rejected</h2>
 * A lock-protected deque per carrier (a lock on every push), a single shared queue (contention on
 * every switch), spinning idle carriers (burns the cores other programs need), and waking a
 * carrier on every submission (a futex call per spawn: measured 2 us per spawn before this rule).
 */
package io.pal.coroutines.sched;
