package io.pal.spi;

/**
 * Something that makes blocking JDK calls strand-aware (by bytecode advice, a socket factory, ...).
 * Found by ServiceLoader in {@code META-INF/services/io.pal.spi.Shim}; a backend whose strands
 * share carriers installs every shim when it is created, handing it its {@link ShimHooks}, so that
 * shims and backends meet only here.
 *
 * <p>An installed shim routes a call to the backend that installed it only when
 * {@link ShimHooks#currentSharesCarrier()} is true, and otherwise lets the JDK do what it always does.
 */
public interface Shim {

    /** A short name for diagnostics, e.g. {@code "thread-sleep"}. */
    String name();

    /**
     * Installs the shim on behalf of the carrier-sharing backend whose {@code hooks} these are:
     * intercepted calls go to those hooks (never to whatever {@link Backends#active()} is later),
     * and only when {@link ShimHooks#currentSharesCarrier()} is true. Idempotent. Throws
     * {@link io.pal.PalConfigurationException} naming the missing JVM flag or library if it cannot
     * be installed.
     */
    void install(ShimHooks hooks);
}
