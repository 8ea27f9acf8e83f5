package io.pal.shim.jdk;

import io.pal.spi.PalConfig;

import java.util.List;
import java.util.regex.Pattern;

/**
 * Which threads stay platform threads under {@code pal.threadsAsStrands}; every other
 * {@code Thread.start()} starts a strand. A thread stays a platform thread when:
 * <ol>
 *   <li>its class is a JDK subclass of Thread (loaded by the bootstrap or platform loader):
 *       {@code InnocuousThread} (Common-Cleaner, the process reaper, the JDK's own pools),
 *       {@code ForkJoinWorkerThread}, {@code java.util.Timer}'s thread, AWT's event thread,
 *       HttpClient's selector thread. They run the JDK's own loops, written for a thread each;</li>
 *   <li>its class, or the Runnable it was made with, is pal's own (carriers, monitor, timers,
 *       pollers, the non-daemon keeper, the threads backend's strands);</li>
 *   <li>it belongs to the system thread group (the root group: Signal Dispatcher, JFR, the threads
 *       of the attach listener and of the management agent it starts);</li>
 *   <li>the JVM has begun running its shutdown hooks: the hooks and whatever they start run while
 *       the JVM is going away, and must not depend on carriers;</li>
 *   <li>its name matches a glob of {@code pal.platformThreads}.</li>
 * </ol>
 * Virtual threads never pass through {@code Thread.start()}'s advice. Stateless apart from the
 * globs, read once.
 */
final class ThreadStartPolicy {

    /** Packages whose threads are pal's own. The examples and tests are programs, not pal. */
    private static final List<String> PAL_PACKAGES = List.of(
            "io.pal.coroutines.", "io.pal.threads.", "io.pal.shim.", "io.pal.spi.", "io.pal.agent.");

    /** {@code pal.platformThreads}, read when the shim is installed. Immutable. */
    private final List<Pattern> names;

    ThreadStartPolicy(List<Pattern> names) {
        this.names = List.copyOf(names);
    }

    static ThreadStartPolicy fromSystemProperties() {
        return new ThreadStartPolicy(PalConfig.platformThreads());
    }

    /** True if {@code t} must be started as the JDK starts it. Any thread; cheap (no stack walk). */
    boolean staysPlatform(Thread t) {
        Class<?> c = t.getClass();
        if (c != Thread.class && (isJdk(c) || isPal(c))) {
            return true;
        }
        Runnable task = ThreadInternals.task(t);
        if (task != null && isPal(task.getClass())) {
            return true;
        }
        ThreadGroup g = t.getThreadGroup();
        if (g != null && g.getParent() == null) {
            return true;
        }
        if (ThreadInternals.shutdownHooksRunning()) {
            return true;
        }
        return !names.isEmpty() && matches(t.getName());
    }

    private boolean matches(String name) {
        for (Pattern p : names) {
            if (p.matcher(name).matches()) {
                return true;
            }
        }
        return false;
    }

    private static boolean isJdk(Class<?> c) {
        ClassLoader l = c.getClassLoader();
        return l == null || l == ClassLoader.getPlatformClassLoader();
    }

    private static boolean isPal(Class<?> c) {
        String n = c.getName();
        for (String p : PAL_PACKAGES) {
            if (n.startsWith(p)) {
                return true;
            }
        }
        return false;
    }
}
