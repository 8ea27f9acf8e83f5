/**
 * Readiness waits: the backend's {@code awaitReady} for a SelectableChannel, on one java.nio
 * Selector (epoll on Linux) owned by one daemon thread; and the backend's {@code awaitDescriptor}
 * for a raw descriptor, on the netpoll that idle carriers poll (below).
 *
 * <h2>Protocols</h2>
 * <ol>
 *   <li><b>Wait.</b> A waiter creates a {@link io.pal.coroutines.poll.ReadinessWait} and hands it over
 *       through a queue plus {@code selector.wakeup()}; only the poller thread touches the selector,
 *       so registration never races a select. Several waits on one channel share its key: the
 *       attachment is the list of waits, the interest set their union.</li>
 *   <li><b>Ready.</b> After select, each wait whose ops intersect the ready set is completed with
 *       that intersection. Keys left without waiters are cancelled and flushed with selectNow
 *       before anyone is woken, so a woken waiter may put its channel back in blocking mode.</li>
 *   <li><b>Cancel.</b> A waiter that gives up (timeout, interrupt) queues a cancel and waits for the
 *       poller to complete the wait with 0 (or with the ops that became ready meanwhile).</li>
 *   <li><b>Close.</b> Closing a registered channel cancels its key but does not wake a select in
 *       progress, and the channel keeps its descriptor until the selector deregisters the key
 *       (measured on JDK 25). So the closer reports the close ({@code Backend.channelClosed}, which
 *       shim-net calls after closing a socket): (1) the channel is queued and the selector woken;
 *       (2) the poller takes the channel's key out of its table, completes each of its waits as
 *       ready for all their ops, and cancels the key; (3) it flushes the key with selectNow, which
 *       lets the channel close its descriptor; (4) it wakes the waiters, whose next I/O call throws
 *       the channel's exception. A wait whose registration reaches the poller after the close finds
 *       the channel closed when it registers and completes the same way; one registered before is
 *       found in step 2, since the report is queued only after the close. Nothing is timed, so the
 *       poller blocks in select without bound and uses no CPU while idle. This is what Go's netpoll
 *       ({@code poll_runtime_pollUnblock}) and the JDK's own {@code sun.nio.ch.Poller}
 *       ({@code stopPoll}) do: the closer tells the poller. A channel closed without the report
 *       keeps its waits until they time out or are cancelled.</li>
 * </ol>
 *
 * <h2>Descriptor waits (the JDK's own sockets and channels): the netpoll</h2>
 * A strand that waits in a socket or channel of the JDK's (one a plain thread made, a blocking
 * SocketChannel, a Pipe, a DatagramChannel, a Selector's epoll descriptor) reaches the backend as a
 * raw descriptor through {@code awaitDescriptor}: shim-net's advice at the JDK's virtual-thread park
 * points hands over the descriptor and the poll(2) event. {@link io.pal.coroutines.poll.NetPoll} is
 * Go's netpoll: one epoll set (called through the Foreign Function &amp; Memory API:
 * {@link io.pal.coroutines.poll.Epoll}, ADR 0014), one {@link io.pal.coroutines.poll.PollDescriptor}
 * per descriptor number with a read slot and a write slot (Go's {@code pollDesc}; its class comment
 * has the slot states), and no thread of its own: idle carriers poll it, and the scheduler's monitor
 * when nobody has for 10 ms. Protocols:
 * <ol>
 *   <li><b>Register.</b> At the first wait on a file, its number is added to the set once, for both
 *       directions, edge-triggered ({@code EPOLLIN|EPOLLOUT|EPOLLRDHUP|EPOLLET}), with the number and
 *       its generation as the event's data. epoll_ctl is safe against an epoll_wait in progress and
 *       an edge-triggered registration reports a file that is ready already, so registration wakes
 *       nobody, and no later wait makes a system call to wait.</li>
 *   <li><b>Wait.</b> The waiter takes a READY its slot holds and returns (the event came since the
 *       last wait), else puts itself in the slot (one CAS) and parks until the slot no longer holds
 *       it, its time is up (the park's own timer) or it is interrupted; leaving, it takes itself out
 *       or, if an event replaced it meanwhile, takes that READY. Nothing is allocated.</li>
 *   <li><b>Ready.</b> A poll reads events; each one whose generation is the number's current one
 *       makes its slots READY (in, peer shutdown, hang-up or error for the read slot; out, hang-up
 *       or error for the write slot) and unparks the waiter it replaced. A readiness nobody waited
 *       for stays READY for the next wait; the caller retries its I/O either way, as the JDK's park
 *       points expect, so a READY left by data already read costs one retry, never a lost wakeup.</li>
 *   <li><b>Close.</b> The JDK tells its poller when it closes or shuts down a descriptor someone
 *       waits on ({@code Poller.stopPoll}); shim-net passes that on as {@code descriptorClosing},
 *       which makes the slot CLOSING and unparks its waiter: both slots, at once, for a close. Later
 *       waits return at once.</li>
 *   <li><b>Release.</b> A registration outlives the wait, so the netpoll must hear of every final
 *       close, not only of those someone waited through: the kernel gives a closed number to the
 *       next file, and a descriptor still marked registered would never add it. shim-net's advice
 *       at {@code UnixDispatcher.close} (every socket, channel and pipe) and
 *       {@code EPollSelectorImpl.implClose} (a selector's epoll descriptor) calls
 *       {@code descriptorReleased} before the close: the registration is deleted, the generation
 *       bumped (an event of the old file that a poller reads late is dropped: Go's fdseq), and both
 *       slots emptied. The descriptor object stays for the next file with that number.</li>
 *   <li><b>Idle poll</b> (the sched package essay has the carrier's side). A carrier out of work
 *       polls without blocking before it sleeps; the strands it finds ready are woken on it, so they
 *       land in its own runnext slot and run queue. Then, if something waits and no other carrier
 *       does, it sleeps blocked in epoll_wait instead of on its lock; a waker that needs it writes
 *       the netpoll's eventfd (Go's netpollBreak), at most once until the blocked poller has read
 *       it. Only that poller reads the eventfd: it is level-triggered, so non-blocking polls that
 *       see it leave it for the blocked one.</li>
 *   <li><b>Fallback.</b> If nobody has polled for 10 ms while something waits (every carrier busy),
 *       the monitor's tick polls without blocking; the strands it wakes go to the woken queue (Go's
 *       sysmon).</li>
 * </ol>
 *
 * <h2>Rejected</h2>
 * A timed sweep for closed channels (select with a 20 ms bound while anything is registered, then
 * walk every key): a close was seen up to 20 ms late, the poller woke fifty times a second while
 * any strand waited, and each sweep walked every registered key, so its cost grew with the number
 * of connections.
 *
 * Poller threads for descriptor waits, one per event with a one-shot registration re-armed by
 * every wait (the JDK's {@code sun.nio.ch.Poller}, and pal's until ADR 0014): a system call per wait
 * to register and one more to wait, a thread hop per readiness, and a table entry allocated per wait.
 *
 * <h2>Rejected, for now</h2>
 * One epoll set per carrier (spreads the load, but any carrier runs any strand and one set has not
 * been the bottleneck), and timers in the blocked poller's epoll_wait timeout (the timer thread
 * serves them; folding it in is its own change).
 */
package io.pal.coroutines.poll;
