/**
 * Blocking JDK calls that cannot suspend a strand (file and pipe I/O, process waits, name lookups,
 * {@code System.in}): on one carrier, strands beside the blocked one keep running. The one-carrier
 * cases run in a JVM of their own ({@link BlockingProbe}), started with the backend under test.
 */
package io.pal.compat.blocking;
