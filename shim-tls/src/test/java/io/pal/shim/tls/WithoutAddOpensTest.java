package io.pal.shim.tls;

import io.pal.PalConfigurationException;
import io.pal.spi.StrandContext;
import org.junit.jupiter.api.Test;

import java.util.ServiceLoader;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Runs only in the surefire execution {@code without-add-opens} (see shim-tls/pom.xml). */
class WithoutAddOpensTest {

    @Test
    void createFailsWithAMessageNamingTheFlag() {
        assertFalse(Thread.class.getModule().isOpen("java.lang", getClass().getModule()),
                "precondition: this test must run without --add-opens java.base/java.lang");

        StrandContext.Factory factory = ServiceLoader.load(StrandContext.Factory.class).findFirst().orElseThrow();
        PalConfigurationException first = assertThrows(PalConfigurationException.class, factory::create);
        assertTrue(first.getMessage().contains("--add-opens java.base/java.lang=ALL-UNNAMED"), first.getMessage());

        PalConfigurationException again = assertThrows(PalConfigurationException.class, factory::create);
        assertTrue(again.getMessage().contains("--add-opens java.base/java.lang=ALL-UNNAMED"), "not a NoClassDefFoundError the second time");
    }
}
