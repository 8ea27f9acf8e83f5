package io.pal.coroutines;

import io.pal.BackendName;
import io.pal.spi.Backend;
import io.pal.spi.BackendProvider;
import io.pal.spi.PalConfig;
import io.pal.spi.StartupTrace;

/**
 * {@code -Dpal.backend=coroutines}: strands as continuations on {@code pal.carriers} carriers.
 * Needs {@code jdk.internal.vm} exported to pal; this class checks that before anything touches
 * {@code Continuation} (so it must not name it itself).
 */
public final class CoroutinesProvider implements BackendProvider {

    static final String EXPORT_FLAG = "--add-exports java.base/jdk.internal.vm=ALL-UNNAMED";

    @Override
    public BackendName name() {
        return BackendName.COROUTINES;
    }

    @Override
    public String unavailableReason() {
        Module base = Object.class.getModule();
        Module pal = CoroutinesProvider.class.getModule();
        if (!base.isExported("jdk.internal.vm", pal)) {
            return "package jdk.internal.vm (JDK continuations) is not exported to "
                    + (pal.isNamed() ? "module " + pal.getName() : "the unnamed module")
                    + ": start the JVM with " + EXPORT_FLAG + " (bin/pal adds it)";
        }
        return null;
    }

    @Override
    public Backend create(PalConfig config) {
        CoroutineBackend b = CoroutineBackend.create("pal", config);
        StartupTrace.step("scheduler, carriers and watchdog started");
        b.installShims();
        Strands.publish(b); // io.pal:type=Strands shows the process-wide backend
        StartupTrace.step("Strands.publish");
        return b;
    }
}
