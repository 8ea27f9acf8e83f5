/**
 * CSP channels and select, with Go's semantics, on every backend.
 *
 * <p>A {@link io.pal.channel.Channel} is unbuffered (rendezvous) or buffered; {@link io.pal.channel.Select}
 * waits for the first of several sends and receives, with an optional timeout or default. Blocked
 * strands wait with {@code Pal.park}, so on the coroutine backend they free their carrier, and on
 * the thread backends their thread blocks: the same code, the same semantics.
 *
 * <h2>Concepts</h2>
 * <ul>
 *   <li>Each channel has one lock ({@code ChannelLock}) guarding its buffer, its closed flag and two
 *       wait queues, as Go's {@code hchan} does.</li>
 *   <li>A strand that must wait queues a {@code Waiter}: an intrusive node, so a finished select
 *       unlinks its other cases in O(1) and a select in a loop over an idle channel leaves nothing
 *       behind. A plain send or receive queues one waiter and waits on it; a select queues one per
 *       case, all pointing at one {@code Selection}, and waits on that.</li>
 *   <li>Whoever takes a waiter out of its queue to serve it (a counterpart or a closer) is its
 *       <em>claimer</em>: the only party that may write its outcome. A waiter is claimed exactly once;
 *       that is why no element is lost or delivered twice under any interleaving of send, receive,
 *       close, timeout and interrupt.</li>
 * </ul>
 *
 * <h2>Protocol "the lock"</h2>
 * The lock is held for a few field updates and never across a park, an unpark, or any call that can
 * suspend or block its holder: the claimer completes and wakes a waiter after it unlocks. So a
 * holder is always running, and the lock can be a word taken by CAS and given back by a release
 * store, with contenders spinning briefly and then yielding, instead of a queueing lock whose unlock
 * is a full fence (four lock pairs per ping-pong round trip). A select takes its channels' locks in
 * id order, a global order, so selects cannot deadlock.
 *
 * <h2>Protocol "send and receive" (Go's chansend and chanrecv)</h2>
 * <ol>
 *   <li>Lock the channel. A send on a closed channel throws.</li>
 *   <li>Claim the first waiter of the other side ({@code WaitQueue.claimFirst}): take it out of its
 *       queue; a plain waiter is claimed by that removal alone; a select's case is claimed only if it
 *       also wins its selection's CAS (else it is dropped: another channel, a closer or its own
 *       strand settled that select, which will unlink the rest itself).</li>
 *   <li>A send hands its element to the claimed receiver, or else puts it in the buffer if there is
 *       room. A receive takes the buffer's oldest element (the claimed sender's element then takes
 *       its place at the tail), or else the claimed sender's element; on a closed, drained channel
 *       it gets "closed". A sender waits only while the buffer is full, so it never overtakes a
 *       buffered element.</li>
 *   <li>Nothing could be done and the caller may wait: queue a waiter for the caller's strand.</li>
 *   <li>Unlock. Then the claimer completes its claimed waiter: writes the outcome (the element, or
 *       "closed"), publishes it (a release store of the waiter's {@code done}, or the selection's
 *       {@code published}), and unparks the strand.</li>
 *   <li>The waiting strand parks until it sees the publish, then reads the outcome. Nothing is
 *       allocated unless the caller waits, and then one waiter; no clock is read unless the wait is
 *       timed.</li>
 * </ol>
 *
 * <h2>Protocol "withdraw" (a plain operation's timeout or interrupt)</h2>
 * <ol>
 *   <li>The strand locks the channel and takes its waiter out of the queue if it is still there.</li>
 *   <li>It was: nobody can claim it any more; the operation times out or throws
 *       InterruptedException, and nothing moved.</li>
 *   <li>It was not: a claimer took it first, and the operation happens. The strand waits for the
 *       claimer's publish (the claimer is between its unlock and step 5 above) and returns the
 *       outcome; an interrupt stays set for later.</li>
 * </ol>
 * Only the strand itself races the claimers of a plain waiter, and both sides act under the same
 * lock, so the removal decides: no CAS.
 *
 * <h2>Protocol "select"</h2>
 * <ol>
 *   <li>Lock every channel of the select in id order.</li>
 *   <li>Poll the cases in random order, each as steps 2 and 3 of "send and receive"; the first that
 *       can proceed fires. Unlock, complete the claimed counterpart, run the handler.</li>
 *   <li>None ready: with a default, unlock and run it. Otherwise queue one waiter per case, all for
 *       one new selection, unlock and park until the selection is published.</li>
 *   <li>On timeout or interrupt the strand claims its own selection (GAVE_UP) by CAS. If that fails,
 *       a claimer won first: wait for its publish, keep the element it delivered, and set the
 *       interrupt status again.</li>
 *   <li>Done: lock each channel again and unlink the waiters of the cases that did not fire (the one
 *       that fired was unlinked by its claimer).</li>
 * </ol>
 *
 * <h2>Protocol "close"</h2>
 * Under the lock: set closed, claim every queued waiter of both queues. After unlocking, complete
 * each with "closed": a receiver sees the channel closed (buffered elements were drained first, as a
 * receiver finds a non-empty buffer before it waits), a sender throws. Closing twice is a no-op.
 *
 * <h2>Rejected</h2>
 * <ul>
 *   <li>Lock-free queues: Go's own channels are lock-based; the lock is not the bottleneck of a
 *       rendezvous, the two context switches are.</li>
 *   <li>A shared "select lock": it serialises unrelated channels.</li>
 *   <li>A claim CAS on every waiter, as a select needs: a plain waiter has no second channel to race
 *       for it, so the removal under the lock is the claim.</li>
 *   <li>A waiter cached per strand, as Go caches its {@code sudog}s per P: a strand-local lookup costs
 *       what allocating the waiter costs on the JVM (a few ns), and the cache would hold a node
 *       in every parked strand.</li>
 *   <li>Spinning before parking in a blocked send or receive: on two cores the counterpart runs next
 *       on the same carrier (the scheduler's runnext), so a spin only delays it.</li>
 * </ul>
 * ADR 0026 records the measurements behind this design.
 */
package io.pal.channel;
