package io.pal.coroutines;

import io.pal.BackendName;
import io.pal.spi.BackendProvider;
import org.junit.jupiter.api.Test;

import java.util.ServiceLoader;
import java.util.concurrent.TimeUnit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

class ProviderTest {

    @Test
    void registeredAndAvailableWithTheExport() {
        BackendProvider p = ServiceLoader.load(BackendProvider.class).stream().map(ServiceLoader.Provider::get)
                .filter(x -> x.name() == BackendName.COROUTINES).findFirst().orElseThrow();
        assertNull(p.unavailableReason());
    }

    /** A JVM without the export flag: the reason names the exact flag. */
    @Test
    void withoutTheExportTheReasonNamesTheFlag() throws Exception {
        String java = ProcessHandle.current().info().command().orElseThrow();
        Process proc = new ProcessBuilder(java, "-cp", System.getProperty("java.class.path"),
                "io.pal.coroutines.ProviderTest$Probe")
                .redirectErrorStream(true).start();
        String out = new String(proc.getInputStream().readAllBytes());
        assertTrue(proc.waitFor(60, TimeUnit.SECONDS));
        assertEquals(0, proc.exitValue(), out);
        assertTrue(out.contains("--add-exports java.base/jdk.internal.vm=ALL-UNNAMED"), out);
    }

    /** Runs in the child JVM. */
    public static final class Probe {
        public static void main(String[] args) {
            System.out.println(new CoroutinesProvider().unavailableReason());
        }
    }

}
