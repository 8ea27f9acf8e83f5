package io.pal.threads;

import io.pal.BackendName;
import io.pal.spi.Backend;
import io.pal.spi.BackendProvider;
import io.pal.spi.PalConfig;

/** {@code -Dpal.backend=threads}: one platform thread per strand. Always available. */
public final class ThreadsProvider implements BackendProvider {
    @Override
    public BackendName name() {
        return BackendName.THREADS;
    }

    @Override
    public String unavailableReason() {
        return null;
    }

    @Override
    public Backend create(PalConfig config) {
        return new ThreadBackend(BackendName.THREADS, Thread.ofPlatform().daemon(true));
    }
}
