package io.pal;

/**
 * Thrown at first use of pal when its configuration (a system property, the classpath, the JVM
 * flags) cannot work. The message names the bad value and what would be valid.
 */
public final class PalConfigurationException extends IllegalStateException {
    public PalConfigurationException(String message) {
        super(message);
    }

    public PalConfigurationException(String message, Throwable cause) {
        super(message, cause);
    }
}
