/**
 * What a strand gets from being a JDK virtual thread wherever the backend makes one (ADR 0017): a
 * strand waiting in {@code Object.wait} holds no thread, the JDK's own thread dump lists every strand
 * with its stack, virtual threads' timers are pal's own on coroutines, and the JDK's interrupts are
 * never lost in a race with a park or a start.
 */
package io.pal.compat.vthreads;
