package io.pal.spi;

/**
 * Per-strand state that lives on the carrier thread while the strand runs, such as its
 * thread-local maps. A backend whose strands share carrier threads calls {@link #swap} on the
 * carrier when a strand mounts and again when it unmounts: the first call puts the strand's state
 * on the carrier and keeps the carrier's; the second puts them back. Two swaps, no allocation.
 *
 * <p>Contexts come from {@link Factory}s found by ServiceLoader (shim-tls provides the
 * thread-local one), so a backend and a shim meet only here. Backends whose strands are threads
 * of their own need none.
 */
public interface StrandContext {

    /**
     * Exchanges this context with the carrier's. Called on {@code carrier} itself, by the backend,
     * only while the strand is being mounted or unmounted there.
     */
    void swap(Thread carrier);

    /** Makes the context of a new strand. Registered in {@code META-INF/services/io.pal.spi.StrandContext$Factory}. */
    interface Factory {
        /**
         * Called at spawn, in the spawner's context (a strand or a plain thread, whose own state is
         * what {@code Thread.currentThread()} carries then), to make the child's context: the place
         * to copy inheritable state.
         */
        StrandContext create();
    }
}
