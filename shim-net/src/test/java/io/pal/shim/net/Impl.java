package io.pal.shim.net;

/**
 * How a test's socket calls run: as the JDK runs them for a platform thread (the reference), or as
 * for a strand that shares a carrier, through pal's advice at the JDK's park points.
 */
enum Impl {
    JDK, PAL
}
