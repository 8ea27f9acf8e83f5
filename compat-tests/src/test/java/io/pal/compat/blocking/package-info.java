/**
 * Blocking JDK calls that cannot suspend a strand (file, FIFO and pipe I/O through every API that
 * reaches it, file locks, process waits, name lookups, {@code System.in}, the console) and those that
 * park (a process's exit, {@code HttpClient.send}): on one carrier, strands beside the blocked one
 * keep running. One test per API of the README's coverage table ({@link
 * io.pal.compat.blocking.BlockingCallsTest}); each call runs in a JVM of its own
 * ({@link io.pal.compat.blocking.BlockingProbe}) started with the backend under test, its other party
 * coming late ({@link io.pal.compat.blocking.BlockingCases}, {@link io.pal.compat.blocking.Fifo}).
 *
 * <p>How a case is judged (ADR 0019): the call did its work and waited for its late party; 100
 * strands napping 5 ms at a time beside it woke at most 100 ms later than in baseline windows taken
 * just before and after, in the same JVM, under the same load; and, on coroutines, the hand-offs counted under
 * the call reach the number of its own blocking sections. The lateness alone cannot tell a call that
 * announced itself from one the monitor rescued through a spare left by an earlier hand-off; the
 * count can.
 */
package io.pal.compat.blocking;
