/**
 * Readiness waits: the backend's {@code awaitReady}, on one java.nio Selector (epoll on Linux)
 * owned by one daemon thread.
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
 * <h2>Descriptor waits (the JDK's own sockets and channels)</h2>
 * A strand that waits in a socket or channel of the JDK's (one a plain thread made, a blocking
 * SocketChannel, a Pipe, a DatagramChannel) reaches the backend as a raw descriptor through
 * {@code awaitDescriptor}: shim-net's advice at the JDK's virtual-thread park points hands over the
 * descriptor and the poll(2) event. There is no channel to register with a Selector, so
 * {@link io.pal.coroutines.poll.DescriptorPoller} calls epoll itself (through the Foreign Function
 * & Memory API: {@link io.pal.coroutines.poll.Epoll}), one epoll instance and one thread per event,
 * as the JDK's {@code sun.nio.ch.Poller} does (a descriptor has one registration per instance, so a
 * socket's reader and writer each get theirs). Protocols:
 * <ol>
 *   <li><b>Arm.</b> The waiter puts itself in the poller's table under the descriptor, then re-arms
 *       the descriptor's one-shot registration ({@code EPOLL_CTL_MOD}, or {@code ADD} the first
 *       time). epoll_ctl is safe against an epoll_wait in progress, so nobody is woken to register
 *       it: one system call per wait, no queue, no hand-off.</li>
 *   <li><b>Fire.</b> The poller thread's epoll_wait reports the descriptor (the one-shot registration
 *       is now disarmed); it removes the waiter from the table and unparks it. The waiter parks
 *       until it is no longer in the table, so an unpark before its park is a permit, not a lost
 *       wakeup.</li>
 *   <li><b>Disarm.</b> A waiter that gives up (its time is up, it is interrupted) removes itself
 *       from the table if still there, and only then deletes the registration, so a later event
 *       cannot wake the descriptor's next waiter for nothing.</li>
 *   <li><b>Stop.</b> The JDK tells its poller when it closes or shuts down a descriptor a strand may
 *       wait on ({@code Poller.stopPoll}); shim-net passes that on as {@code descriptorClosing}, which
 *       removes and wakes the waiter. The descriptor number stays valid meanwhile: the JDK keeps a
 *       closing socket's number (a dup2 of a closed socket) until its last user has left.</li>
 * </ol>
 * Waiters woken spuriously (an event from a registration left behind by a stop) retry their I/O and
 * wait again, as the JDK's park points expect.
 *
 * <h2>Rejected</h2>
 * A timed sweep for closed channels (select with a 20 ms bound while anything is registered, then
 * walk every key): a close was seen up to 20 ms late, the poller woke fifty times a second while
 * any strand waited, and each sweep walked every registered key, so its cost grew with the number
 * of connections.
 *
 * <h2>Rejected, for now</h2>
 * An idle carrier waiting in epoll itself (saves the thread hop per readiness; needs the carrier
 * idle path to merge timers, wakeups and epoll, and JNR or a custom selector to be worth it), and
 * one selector per carrier (spreads the load, but strands are bound to carriers and the poller
 * hop is not the bottleneck yet).
 */
package io.pal.coroutines.poll;
