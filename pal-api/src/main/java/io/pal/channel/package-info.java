/**
 * CSP channels and select, with Go's semantics, on every backend.
 *
 * <p>A {@link io.pal.channel.Channel} is unbuffered (rendezvous) or buffered; {@link io.pal.channel.Select}
 * waits for the first of several sends and receives, with an optional timeout or default. Blocked
 * strands wait with {@code Pal.park}, so on the coroutine backend they free their carrier, and on
 * the thread backends their thread blocks: the same code, the same semantics.
 *
 * <h2>Design</h2>
 * <ul>
 *   <li>Each channel has one lock guarding its buffer and two wait queues, as Go's {@code hchan}
 *       does; it is held only for a few field updates, never across a park. A select locks all its
 *       channels in id order.</li>
 *   <li>Every blocking operation is a {@code Selection}: one outcome, claimed by CAS exactly once
 *       (by a counterpart, a closer, or the waiter itself on timeout or interrupt), then published.
 *       That single CAS is why no element is lost or delivered twice under any interleaving of send,
 *       receive, close and timeout.</li>
 *   <li>Waiters are intrusive queue nodes, so a finished select unlinks its other cases in O(1) and a
 *       select in a loop over an idle channel leaves nothing behind.</li>
 * </ul>
 * Rejected: lock-free queues (Go's own channels are lock-based; the lock is not the bottleneck of a
 * rendezvous, the two context switches are), and a shared "select lock" (serialises unrelated
 * channels).
 */
package io.pal.channel;
