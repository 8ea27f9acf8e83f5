/**
 * Makes {@link java.lang.ThreadLocal} and {@link java.lang.InheritableThreadLocal} (and so
 * {@link io.pal.StrandLocal}) strand-local on backends whose strands share carrier threads.
 *
 * <h2>The problem</h2>
 *
 * Inside a raw {@code jdk.internal.vm.Continuation}, {@code Thread.currentThread()} is the carrier.
 * A ThreadLocal read in a coroutine therefore sees the carrier's value: shared with every other
 * coroutine on that carrier, and different after the coroutine migrates to another carrier. Code
 * written for threads (loggers' MDC, transaction contexts, per-thread caches and buffers that are
 * not thread-safe) silently breaks.
 *
 * <h2>The idea</h2>
 *
 * The JDK keeps a thread's values in two fields of {@code Thread}, {@code threadLocals} and
 * {@code inheritableThreadLocals}, each a {@code ThreadLocal.ThreadLocalMap} that ThreadLocal
 * finds again on every access through {@code Thread.currentThread()}. Give each strand its own pair
 * of maps and put them in the carrier's fields while the strand runs: every ThreadLocal, the
 * application's and the JDK's own, then reads and writes the strand's map, at full ThreadLocal
 * speed, with nothing rewritten. This is what the JDK's own virtual threads get by being Thread
 * objects; a continuation is not one, so its maps have to be moved by hand.
 *
 * <h2>Protocols</h2>
 *
 * Spawn ({@link io.pal.shim.tls.ThreadLocalContextFactory#create()}, on the spawner):
 * <ol>
 *   <li>Read the spawner's {@code inheritableThreadLocals}. On a mounted strand this is the
 *       strand's own map, because it sits in the carrier's field.</li>
 *   <li>If it is null or empty the child gets null; otherwise the child gets
 *       {@code ThreadLocal.createInheritedMap(map)}, the JDK's own copy, which calls each
 *       {@code childValue} now, in the spawner. This is exactly what the Thread constructor does
 *       for a thread that inherits (the default); whether the spawner itself was created with
 *       inheritance disabled does not matter, as it does not for threads.</li>
 *   <li>The child's {@code threadLocals} is null: nothing else is inherited.</li>
 * </ol>
 * Mount ({@link io.pal.shim.tls.ThreadLocalContext#swap}, on the carrier, before the
 * continuation runs):
 * <ol>
 *   <li>Take the carrier's {@code threadLocals} into the context and put the strand's there.</li>
 *   <li>The same for {@code inheritableThreadLocals}.</li>
 *   <li>Run the continuation: every ThreadLocal access now uses the strand's maps. A ThreadLocal
 *       first used by the strand creates the map in the carrier's field, which the next swap takes.</li>
 * </ol>
 * Unmount (the same {@code swap}, on the same carrier, after the continuation yielded or ended):
 * <ol>
 *   <li>Take the strand's (possibly new or replaced) maps from the carrier's fields into the
 *       context and put the carrier's own back.</li>
 *   <li>The backend then hands the strand to any carrier through its run queue; that hand-off is
 *       the happens-before edge that lets the next carrier see the maps (see ThreadLocalContext
 *       on why plain field access suffices).</li>
 * </ol>
 * A swap is four plain field reads and writes and allocates nothing (DESIGN.md measured about 5-10 ns).
 *
 * <h2>What stays with the carrier, and why</h2>
 *
 * <ul>
 *   <li>{@code terminatingThreadLocals}: the JDK's carrier-scoped caches of native memory (NIO's
 *       temporary direct buffers, {@code sun.nio.fs.NativeBuffers}, I/O vectors) and their
 *       registry. Each is used within one JDK call and freed when the <em>thread</em> terminates,
 *       so it belongs to the thread. In JDK 25 this map is not a field of Thread but of its
 *       {@code FieldHolder} ({@code Thread.holder}), so the swap cannot touch it.</li>
 *   <li>The other per-thread state: ThreadLocalRandom's seeds, scoped-value bindings, the context
 *       class loader, the interrupt status. This shim is about ThreadLocal only.</li>
 * </ul>
 * Not every JDK carrier-local stays: {@code jdk.internal.misc.CarrierThreadLocal}s that are not
 * terminating ({@code jdk.internal.foreign.BufferStack}, used by the FFM linker) live in
 * {@code threadLocals}, so each strand that uses one gets its own. That is safe (their values are
 * GC-managed) and only costs a buffer per strand that makes such a downcall.
 *
 * <h2>Rejected alternatives</h2>
 *
 * <ul>
 *   <li>Rewriting {@code ThreadLocal.get/set/remove} with Byte Buddy to consult the current strand:
 *       an agent and retransformation of a core class, advice inlined into java.base that must
 *       reach pal through a bootstrap bridge, a branch on every access by every thread, and the
 *       InheritableThreadLocal and Thread constructor paths to mirror. Swapping two fields gives
 *       the same semantics with none of it.</li>
 *   <li>A per-strand {@code Map<ThreadLocal, Object>} behind StrandLocal: a hash lookup with boxing
 *       instead of the JDK's open-addressed table (slower), and only StrandLocal would be
 *       strand-local: plain ThreadLocal uses, including the JDK's own (charset coders, formatters,
 *       buffer caches) and every third-party library's, would still see the carrier.</li>
 *   <li>Copying values in and out on mount/unmount: cost grows with the number of locals, and
 *       identity-based entries (weak keys, expunging) would be duplicated and drift.</li>
 * </ul>
 */
package io.pal.shim.tls;
