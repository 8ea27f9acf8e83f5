/**
 * Unmodified blocking JDK calls inside strands, on every backend: Thread.sleep, Thread.yield,
 * java.util.concurrent locks, latches and queues. On threads and virtual these are the JDK's own
 * behaviour; on coroutines they go through shim-jdk (installed by the backend when it starts):
 * Thread.sleep suspends the strand, a strand that owns a j.u.c. lock is pinned so the lock's
 * mutual exclusion holds, and a strand blocked in LockSupport.park keeps its carrier while the
 * monitor moves the other work to a spare carrier.
 */
package io.pal.compat.jdk;
