package io.pal.sim;

import io.pal.BackendName;
import io.pal.spi.Backend;
import io.pal.spi.BackendProvider;
import io.pal.spi.PalConfig;

/** {@code -Dpal.backend=sim}: the deterministic simulation backend. */
public final class SimProvider implements BackendProvider {

    @Override
    public BackendName name() {
        return BackendName.SIM;
    }

    @Override
    public String unavailableReason() {
        return VirtualThreads.UNAVAILABLE;
    }

    @Override
    public Backend create(PalConfig config) {
        return new SimBackend().installShims();
    }
}
