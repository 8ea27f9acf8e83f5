/**
 * pal's compatibility test kit (TCK): one suite, written against the {@link io.pal.Pal} facade
 * only, run once per backend.
 *
 * <h2>How it runs</h2>
 * <ol>
 *   <li>Every class is {@link io.pal.junit.AllBackends @AllBackends}. Surefire has one execution per
 *       backend, each a JVM of its own with {@code -Dpal.backend} set, so the kit runs only that
 *       backend there and the system property is really what swaps it.</li>
 *   <li>Reports carry the class template's display name ({@code [threads]}, ...) per test case.</li>
 *   <li>Backend-independent checks (the layering rules in {@code arch}) are tagged {@code once} and
 *       run only in the threads execution.</li>
 * </ol>
 *
 * <h2>Rules the tests follow</h2>
 * <ul>
 *   <li>No backend class is named: a new backend gets the whole suite by adding an execution.</li>
 *   <li>Tests wait for a state ({@code Await}: a flag, then {@code StrandState.PARKED}) with a
 *       bounded deadline, never for a guessed time. Where a test needs "this park waited", it asks
 *       for it in one of a few attempts, since park may return spuriously.</li>
 *   <li>Race tests are small and exact (two strands and one counter, or one spawn and one cancel)
 *       with many iterations; a lost wakeup or interrupt shows as a timeout, which every class
 *       bounds with {@code @Timeout} in a separate thread (and junit-platform.properties backs up).</li>
 *   <li>Tests that open sockets run with {@link io.pal.compat.NoDescriptorLeft}, which fails a test
 *       that leaves a socket, pipe or selector open.</li>
 * </ul>
 */
package io.pal.compat;
