package io.pal.spi;

import io.pal.BackendName;

/**
 * A backend as found by {@link java.util.ServiceLoader}: each backend module lists its provider in
 * {@code META-INF/services/io.pal.spi.BackendProvider}.
 */
public interface BackendProvider {

    /** The name {@code -Dpal.backend} selects this provider by. */
    BackendName name();

    /**
     * Why this backend cannot run in this JVM (a missing {@code --add-exports}, say), or null if it
     * can. Called before {@link #create}; the text ends up in a {@link io.pal.PalConfigurationException}.
     */
    String unavailableReason();

    /** Creates the backend. Called at most once per JVM; the instance lives as long as the JVM. */
    Backend create(PalConfig config);
}
