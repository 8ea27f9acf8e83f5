package io.pal.shim.tls;

import io.pal.spi.StrandContext;

/**
 * Makes {@link ThreadLocalContext}s. Found by ServiceLoader through
 * {@code META-INF/services/io.pal.spi.StrandContext$Factory}; the constructor does nothing, so
 * loading never fails, and the first {@link #create()} reports a JVM started without
 * {@code --add-opens java.base/java.lang=ALL-UNNAMED}.
 */
public final class ThreadLocalContextFactory implements StrandContext.Factory {

    /** Called by ServiceLoader. Does no lookup (see {@link ThreadFields}). */
    public ThreadLocalContextFactory() {
    }

    /**
     * The context of a new strand, made in the spawner: no thread-locals, and inheritable
     * thread-locals copied from the spawner's current ones as {@code new Thread(...)} copies them,
     * with each value passed through {@code childValue} now. The spawner is whatever
     * {@code Thread.currentThread()} carries: a plain thread, a virtual thread, or a mounted strand
     * (whose maps are on its carrier then). A spawner created without inheriting still passes on
     * the values it set itself, as the JDK's default {@code Thread.ofPlatform()} does.
     *
     * @throws io.pal.PalConfigurationException if {@code java.lang} is not open to this module
     */
    @Override
    public StrandContext create() {
        ThreadFields.requireAccess();
        Object spawnerMap = ThreadFields.INHERITABLE_THREAD_LOCALS.get(Thread.currentThread()); // plain: our own field
        return new ThreadLocalContext(null, ThreadFields.inheritedCopy(spawnerMap));
    }
}
