package io.pal.spi;

import io.pal.PalConfigurationException;

/**
 * The settings a backend is created with, read from system properties.
 *
 * @param carriers    carrier threads of a coroutine backend ({@code pal.carriers}, default: available processors)
 * @param maxCarriers the most carriers a coroutine backend may run, counting the spares its monitor
 *                    starts to stand in for blocked ones ({@code pal.maxCarriers}, default 256, at least {@code carriers})
 */
public record PalConfig(int carriers, int maxCarriers) {

    public static final String CARRIERS = "pal.carriers";
    public static final String MAX_CARRIERS = "pal.maxCarriers";

    public PalConfig {
        if (carriers < 1) {
            throw new PalConfigurationException(CARRIERS + "=" + carriers + " is not valid: expected an integer >= 1");
        }
        if (maxCarriers < carriers) {
            throw new PalConfigurationException(MAX_CARRIERS + "=" + maxCarriers
                    + " is not valid: expected an integer >= " + CARRIERS + " (" + carriers + ")");
        }
    }

    /** Reads and validates {@code pal.carriers} and {@code pal.maxCarriers}. */
    public static PalConfig fromSystemProperties() {
        int carriers = intProperty(CARRIERS, Runtime.getRuntime().availableProcessors(), 1);
        int max = intProperty(MAX_CARRIERS, Math.max(256, carriers), carriers);
        return new PalConfig(carriers, max);
    }

    private static int intProperty(String key, int defaultValue, int min) {
        String raw = System.getProperty(key);
        if (raw == null) {
            return defaultValue;
        }
        try {
            int v = Integer.parseInt(raw.trim());
            if (v >= min) {
                return v;
            }
        } catch (NumberFormatException e) {
            // fall through to the error below, which names the value
        }
        throw new PalConfigurationException(key + "=" + raw + " is not valid: expected an integer >= " + min);
    }
}
