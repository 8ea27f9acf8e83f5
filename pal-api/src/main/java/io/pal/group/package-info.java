/**
 * Strand groups: strands that share state without locks because they never run in parallel; and
 * the atomic regions ({@link io.pal.Pal#atomic}) that make "this code does not suspend" checked
 * instead of assumed.
 *
 * <h2>Concepts</h2>
 * <ul>
 *   <li>A {@link io.pal.group.StrandGroup} ({@link io.pal.Pal#newGroup}) is a set of strands of
 *       which at most one runs at any moment. Members take turns only at <em>suspension points</em>:
 *       where a member suspends through pal (park, sleep, yield, join, a channel or select wait, a
 *       coroutine resume, a readiness wait). Between two suspension points a member's code is
 *       atomic with respect to the group, as an event handler is in a single-threaded event loop,
 *       but each member still writes ordinary blocking code.</li>
 *   <li>Each turn happens-before the next: whatever a member wrote before it suspended or ended is
 *       visible to the member that runs next, with plain fields, on every backend.</li>
 *   <li>An <em>atomic region</em> ({@link io.pal.Pal#atomic}) is a block in which the calling
 *       strand must not suspend: any attempt to park, sleep, yield or wait through pal throws an
 *       {@code IllegalStateException} naming the operation, at once, before it changes anything.
 *       Inside a group this is what turns "no other member can interleave here" into a checked
 *       property. Regions nest; they work on every strand and on plain threads, in a group or not.
 *       An operation that completes without waiting (a park of zero, a join of a finished strand,
 *       a {@code trySend}, a receive from a channel that holds an element, a select with a default)
 *       is allowed.</li>
 * </ul>
 *
 * <h2>How each backend keeps members apart</h2>
 * <ul>
 *   <li><b>coroutines</b>: a group is bound to one carrier thread, chosen when it is created (round
 *       robin over the carriers), and every member is bound to that carrier from spawn on (other
 *       strands move between carriers: ADR 0010). One thread runs one strand at a time, so members
 *       never overlap; program order on that thread is the happens-before edge. Strands outside
 *       the group still use every carrier, the group's included.</li>
 *   <li><b>threads</b> and <b>virtual</b>: a group has a fair lock. A member takes it before its body
 *       runs, lets go of it whenever it suspends through the backend (the backend's park, sleep,
 *       yield and readiness wait release it before waiting and take it back after, uninterruptibly,
 *       keeping the interrupt status), and lets go for good when its body ends. The lock's
 *       release/acquire is the happens-before edge. Fairness makes {@code Pal.yieldNow()} hand the
 *       turn to the members already waiting.</li>
 *   <li><b>sim</b>: the same fair lock. One carrier is not enough: sim switches strands at the
 *       scheduling points it adds to the program (a monitor enter, an atomic operation), and members
 *       may switch only where one suspends through pal. A member waiting for the turn is parked on
 *       the lock, so the seed orders turns like any other wake-up. Unmodified blocking keeps the
 *       group there too.</li>
 * </ul>
 *
 * <h2>Blocking calls that do not go through pal</h2>
 * A member that blocks in a call pal does not see keeps the group: no other member runs until the
 * call returns. On threads and virtual that is every unmodified blocking JDK call ({@code Thread.sleep},
 * a socket read, {@code BlockingQueue.take}, {@code Object.wait}): the member keeps holding the group
 * lock. On coroutines, calls the shims route to pal ({@code Thread.sleep} with shim-jdk, socket I/O
 * with shim-net) are suspension points like pal's own; everything else blocks the carrier, and with
 * it the whole group. Route blocking through pal (or a shim) wherever another member should run
 * meanwhile.
 *
 * <h2>Locks held across a suspension point</h2>
 * A group's shared state needs no lock, and a member must not hold one (a monitor or a j.u.c.
 * lock) across a suspension point: another member that then asks for it blocks with the group's
 * turn (the carrier on coroutines, the group lock on the thread backends), and the holder can never
 * run again to release it. This deadlocks on every backend (on coroutines a j.u.c. lock pins its
 * owner instead, which blocks the whole group until the owner is woken). Put code that holds a lock
 * inside {@code Pal.atomic}: an accidental suspension then throws instead of deadlocking.
 *
 * <h2>Atomic regions, implementation</h2>
 * <ol>
 *   <li>Each strand (and each adopted thread) keeps a depth; {@code Pal.atomic} increments it and
 *       decrements it in a finally block. Only the strand itself touches it.</li>
 *   <li>Every backend checks the depth at the top of park, parkNanos and sleep with a positive time,
 *       yieldNow, and (on a backend that has one) awaitDescriptor with a positive timeout, before any
 *       state changes.</li>
 *   <li>Waits built above the backend check before they publish themselves, so a refused wait
 *       leaves nothing behind: a join before it joins the waiters, a channel operation or select
 *       before it enqueues (no element can be handed to a waiter that is gone), a coroutine resume,
 *       yield or close before it claims the coroutine.</li>
 *   <li>A coroutine resume counts as a suspension point on every backend, because on the thread
 *       backends it is one (a handoff to the body's strand).</li>
 * </ol>
 *
 * <h2>Rejected</h2>
 * <ul>
 *   <li>A group as an executor of callbacks (an event loop): it would force async style, which is
 *       what pal exists to avoid; members are ordinary strands.</li>
 *   <li>On coroutines, a group lock as on threads: it would work, but binding to one carrier gives
 *       the same guarantee with no lock at all and no extra switch, and is what single-carrier mode
 *       means.</li>
 *   <li>Implicit membership (a member's {@code Pal.spawn} children joining its group): a library
 *       that spawns helper strands would serialize them with the caller without knowing it.</li>
 *   <li>Making atomic regions fail only when the operation would really wait (a park with a permit
 *       pending returning at once): whether it throws would then depend on timing. Park, sleep and
 *       yield throw whenever they are called with a positive time; only waits above them that find
 *       their condition already true (a finished strand, a ready channel) are allowed.</li>
 * </ul>
 * See ADR 0006 for the choices and their costs.
 */
package io.pal.group;
