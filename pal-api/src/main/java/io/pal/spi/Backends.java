package io.pal.spi;

import io.pal.BackendName;
import io.pal.PalConfigurationException;

import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.ServiceLoader;
import java.util.stream.Collectors;

/**
 * Finds backends through {@link ServiceLoader} and holds the one in force.
 *
 * <p>The active backend is chosen at first use from {@code -Dpal.backend}. Unset, it is
 * {@link #DEFAULT} (coroutines) when that can run in this JVM, else {@link #FALLBACK} (threads),
 * with one line on standard error saying why, so that a program started without pal's JVM flags
 * still runs, and says what it is missing. A backend named explicitly that cannot run is an error,
 * and so is a bad value of any {@code pal.*} property ({@link PalConfig#validate()}).
 * A test kit may {@link #install} another one between tests; nothing else should.
 */
public final class Backends {

    /** The system property that selects the backend. */
    public static final String PROPERTY = "pal.backend";

    /** The backend used when {@code pal.backend} is not set and it can run here. */
    public static final BackendName DEFAULT = BackendName.COROUTINES;
    /** The backend used when {@code pal.backend} is not set and {@link #DEFAULT} cannot run here. */
    public static final BackendName FALLBACK = BackendName.THREADS;

    private static final Object LOCK = new Object();
    /** Providers found on the class path, by name. Written once under LOCK. */
    private static Map<BackendName, BackendProvider> providers;
    /** Backends created so far; each is created at most once. Guarded by LOCK. */
    private static final Map<BackendName, Backend> created = new EnumMap<>(BackendName.class);
    /** The backend Pal's calls go to; null until first use. Written under LOCK, read racily. */
    private static volatile Backend active;

    private Backends() {
    }

    /** The backend in force, choosing it from the system properties at first use. */
    public static Backend active() {
        Backend b = active;
        return b != null ? b : selectFromProperties();
    }

    private static Backend selectFromProperties() {
        synchronized (LOCK) {
            if (active == null) {
                PalConfig.validate(); // every pal.* property, not only those this backend reads
                String raw = System.getProperty(PROPERTY);
                active = raw == null || raw.isBlank() ? defaultBackend() : get(BackendName.parse(raw.trim()));
            }
            return active;
        }
    }

    private static Backend defaultBackend() {
        BackendProvider p = providers().get(DEFAULT);
        String reason = p == null ? "pal-coroutines is not on the class path" : p.unavailableReason();
        if (reason == null) {
            return get(DEFAULT);
        }
        System.err.println("pal: the default backend " + DEFAULT.id() + " cannot run here (" + reason + "); using "
                + FALLBACK.id() + ". Set -D" + PROPERTY + "=" + FALLBACK.id() + " to choose it explicitly.");
        return get(FALLBACK);
    }

    /**
     * The backend of that name, created on first request.
     *
     * @throws PalConfigurationException if no provider of that name is on the class path or it cannot run here
     */
    public static Backend get(BackendName name) {
        synchronized (LOCK) {
            Backend b = created.get(name);
            if (b != null) {
                return b;
            }
            BackendProvider p = providers().get(name);
            if (p == null) {
                throw new PalConfigurationException("pal.backend=" + name.id()
                        + " is not on the class path; available backends: " + names(available()));
            }
            String reason = p.unavailableReason();
            if (reason != null) {
                throw new PalConfigurationException("pal.backend=" + name.id() + " cannot run in this JVM: " + reason
                        + "; available backends: " + names(available()));
            }
            StartupTrace.step("providers found");
            b = p.create(PalConfig.fromSystemProperties());
            StartupTrace.step(name.id());
            created.put(name, b);
            return b;
        }
    }

    /** The backends whose providers are on the class path and can run in this JVM, in declaration order. */
    public static List<BackendName> available() {
        synchronized (LOCK) {
            return providers().values().stream()
                    .filter(p -> p.unavailableReason() == null)
                    .map(BackendProvider::name)
                    .sorted()
                    .toList();
        }
    }

    /**
     * Makes {@code backend} the one Pal's calls go to and returns the previous one (null if none was
     * chosen yet). For test kits that run one suite on several backends in one JVM: call it only
     * while no strand of the previous backend is alive.
     */
    public static Backend install(Backend backend) {
        synchronized (LOCK) {
            Backend previous = active;
            active = backend;
            return previous;
        }
    }

    private static Map<BackendName, BackendProvider> providers() {
        assert Thread.holdsLock(LOCK);
        if (providers == null) {
            Map<BackendName, BackendProvider> found = new EnumMap<>(BackendName.class);
            for (BackendProvider p : ServiceLoader.load(BackendProvider.class, Backends.class.getClassLoader())) {
                found.putIfAbsent(p.name(), p);
            }
            providers = found;
        }
        return providers;
    }

    private static String names(List<BackendName> names) {
        return names.isEmpty() ? "(none: put pal-threads or pal-coroutines on the class path)"
                : names.stream().map(BackendName::id).collect(Collectors.joining(", "));
    }
}
