/**
 * The bootstrap-loader half of {@code io.pal:type=Strands} (see {@link io.pal.coroutines.Strands}):
 * an MBean server builder that every thread's class loading can find. Nothing here may name a pal
 * class, since the bootstrap loader sees none; pal reaches back through a field it sets.
 */
package io.pal.coroutines.jmx;
