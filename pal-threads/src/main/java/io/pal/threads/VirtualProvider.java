package io.pal.threads;

import io.pal.BackendName;
import io.pal.spi.Backend;
import io.pal.spi.BackendProvider;
import io.pal.spi.PalConfig;

/**
 * {@code -Dpal.backend=virtual}: one JDK virtual thread per strand, on the JDK's own scheduler
 * (size it with {@code -Djdk.virtualThreadScheduler.parallelism}; pal.carriers does not apply).
 */
public final class VirtualProvider implements BackendProvider {
    @Override
    public BackendName name() {
        return BackendName.VIRTUAL;
    }

    @Override
    public String unavailableReason() {
        return null;
    }

    @Override
    public Backend create(PalConfig config) {
        return new ThreadBackend(BackendName.VIRTUAL, Thread.ofVirtual());
    }
}
