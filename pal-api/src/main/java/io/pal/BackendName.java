package io.pal;

import java.util.Arrays;
import java.util.Locale;
import java.util.stream.Collectors;

/** The backends pal knows. The value of {@code -Dpal.backend} is one of these, in lower case. */
public enum BackendName {
    /** One platform thread per strand: the reference semantics. */
    THREADS,
    /** One JDK virtual thread per strand: the outside anchor every benchmark compares against. */
    VIRTUAL,
    /** Stackful coroutines on JDK continuations, many per carrier thread. */
    COROUTINES,
    /**
     * Deterministic simulation: every strand and every thread of the program runs on one carrier,
     * each choice of the next one made by a seeded PRNG, on a virtual clock.
     */
    SIM;

    /** The spelling used in system properties and on the command line. */
    public String id() {
        return name().toLowerCase(Locale.ROOT);
    }

    /**
     * Parses a property value.
     *
     * @throws PalConfigurationException naming the bad value and the valid ones
     */
    public static BackendName parse(String value) {
        for (BackendName b : values()) {
            if (b.id().equals(value)) {
                return b;
            }
        }
        throw new PalConfigurationException("pal.backend=" + value + " is not a pal backend; valid backends: "
                + Arrays.stream(values()).map(BackendName::id).collect(Collectors.joining(", ")));
    }

    @Override
    public String toString() {
        return id();
    }
}
