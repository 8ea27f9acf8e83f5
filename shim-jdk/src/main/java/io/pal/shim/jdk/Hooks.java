package io.pal.shim.jdk;

import io.pal.spi.Backend;
import io.pal.spi.Backends;

/** What the bridge's method handles point at: pal's side of each intercepted call. */
final class Hooks {

    private Hooks() {
    }

    /** Thread.sleep: handled when the caller is a strand that shares its carrier. */
    static boolean sleep(long nanos) throws InterruptedException {
        Backend b = Backends.active();
        if (!b.currentSharesCarrier()) {
            return false;
        }
        b.sleep(nanos);
        return true;
    }

    /** Thread.yield: likewise. */
    static boolean yieldNow() {
        Backend b = Backends.active();
        if (!b.currentSharesCarrier()) {
            return false;
        }
        b.yieldNow();
        return true;
    }
}
