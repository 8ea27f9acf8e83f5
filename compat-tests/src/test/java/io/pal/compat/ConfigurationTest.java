package io.pal.compat;

import io.pal.BackendName;
import io.pal.Pal;
import io.pal.PalConfigurationException;
import io.pal.junit.AllBackends;
import io.pal.spi.PalConfig;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import java.util.Arrays;
import java.util.function.Supplier;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Configuration errors name the bad value and what would be valid. PalConfig reads system
 * properties, so the tests that set one restore it afterwards; the active backend was created
 * before (by the kit), and backends are created at most once, so nothing else reads them meanwhile.
 */
@AllBackends
@Timeout(value = 30, threadMode = Timeout.ThreadMode.SEPARATE_THREAD)
class ConfigurationTest {

    @Test
    void unknownBackendNameIsRejectedWithTheValueAndTheValidNames() {
        PalConfigurationException e = assertThrows(PalConfigurationException.class, () -> BackendName.parse("nonsense"));
        String m = e.getMessage();
        assertTrue(m.contains("nonsense"), m);
        for (String valid : new String[] {"threads", "virtual", "coroutines", "sim"}) {
            assertTrue(m.contains(valid), "message does not list " + valid + ": " + m);
        }
        assertTrue(e instanceof IllegalStateException, "PalConfigurationException is an IllegalStateException");
    }

    @Test
    void backendNamesRoundTripAndAreCaseSensitive() {
        for (BackendName b : BackendName.values()) {
            assertEquals(b, BackendName.parse(b.id()));
            assertEquals(b.id(), b.toString());
        }
        assertThrows(PalConfigurationException.class, () -> BackendName.parse("THREADS"));
        assertThrows(PalConfigurationException.class, () -> BackendName.parse(""));
        assertEquals(Arrays.asList("threads", "virtual", "coroutines", "sim"),
                Arrays.stream(BackendName.values()).map(BackendName::id).toList());
    }

    @Test
    void theActiveBackendIsTheOneThePropertyNames() {
        String chosen = System.getProperty("pal.backend");
        if (chosen != null && !chosen.isBlank()) {
            assertEquals(BackendName.parse(chosen.trim()), Pal.backend());
        }
    }

    @ParameterizedTest
    @ValueSource(strings = {"0", "-1", "abc", "1.5", "1025", "99999999999"})
    void invalidCarriersAreRejectedNamingTheValue(String value) {
        PalConfigurationException e = withProperty(PalConfig.CARRIERS, value,
                () -> assertThrows(PalConfigurationException.class, PalConfig::fromSystemProperties));
        assertTrue(e.getMessage().contains(PalConfig.CARRIERS + "=" + value), e.getMessage());
        assertTrue(e.getMessage().contains("from 1 to " + PalConfig.CARRIERS_LIMIT), "message does not say what is valid: " + e.getMessage());
    }

    @Test
    void maxCarriersBelowCarriersIsRejected() {
        PalConfigurationException e = withProperty(PalConfig.CARRIERS, "4",
                () -> withProperty(PalConfig.MAX_CARRIERS, "2",
                        () -> assertThrows(PalConfigurationException.class, PalConfig::fromSystemProperties)));
        assertTrue(e.getMessage().contains(PalConfig.MAX_CARRIERS + "=2"), e.getMessage());
    }

    @Test
    void aBlankValueMeansTheDefault() {
        PalConfig c = withProperty(PalConfig.CARRIERS, " ", () -> withProperty(PalConfig.MAX_CARRIERS, null,
                PalConfig::fromSystemProperties));
        assertEquals(Runtime.getRuntime().availableProcessors(), c.carriers());
    }

    @Test
    void validCarriersAreRead() {
        PalConfig c = withProperty(PalConfig.CARRIERS, " 3 ", () -> withProperty(PalConfig.MAX_CARRIERS, null,
                PalConfig::fromSystemProperties));
        assertEquals(3, c.carriers());
        assertTrue(c.maxCarriers() >= 3);
    }

    @Test
    void theRecordValidatesToo() {
        assertThrows(PalConfigurationException.class, () -> new PalConfig(0, 256));
        assertThrows(PalConfigurationException.class, () -> new PalConfig(-1, 256));
        assertThrows(PalConfigurationException.class, () -> new PalConfig(8, 4));
        assertThrows(PalConfigurationException.class, () -> new PalConfig(PalConfig.CARRIERS_LIMIT + 1, PalConfig.MAX_CARRIERS_LIMIT));
        assertThrows(PalConfigurationException.class, () -> new PalConfig(2, PalConfig.MAX_CARRIERS_LIMIT + 1));
        assertEquals(2, new PalConfig(2, 2).maxCarriers());
    }

    /** Runs {@code body} with {@code key} set to {@code value} (null: cleared), then restores it. */
    static <T> T withProperty(String key, String value, Supplier<T> body) {
        Pal.backend(); // the active backend exists before the property changes
        String saved = System.getProperty(key);
        try {
            if (value == null) {
                System.clearProperty(key);
            } else {
                System.setProperty(key, value);
            }
            return body.get();
        } finally {
            if (saved == null) {
                System.clearProperty(key);
            } else {
                System.setProperty(key, saved);
            }
        }
    }
}
