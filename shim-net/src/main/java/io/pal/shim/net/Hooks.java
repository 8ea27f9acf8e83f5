package io.pal.shim.net;

import io.pal.spi.ShimHooks;

/** The backend the shim was installed for, which {@link ParkHooks} asks and waits through. */
final class Hooks {

    /** The carrier-sharing backend that installed the shim; null before. Any thread reads it. */
    static volatile ShimHooks target;

    private Hooks() {
    }
}
