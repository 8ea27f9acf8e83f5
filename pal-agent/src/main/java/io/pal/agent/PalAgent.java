package io.pal.agent;

import io.pal.instrument.AgentInstrumentation;
import io.pal.instrument.TransformCache;

import java.nio.file.Path;

import java.lang.instrument.Instrumentation;
import java.util.Map;
import java.util.Set;

/**
 * pal's {@code -javaagent}: {@code java -javaagent:pal-agent.jar -cp app.jar Main} runs the
 * application under pal with no other flag. See the package essay for what it does and why.
 */
public final class PalAgent {

    /**
     * Packages of java.base that pal's classes reach: exported to them for compiled references,
     * opened to them for deep reflection ({@code privateLookupIn}). The JVM flags
     * {@code --add-exports}/{@code --add-opens} would do the same; the agent does it instead.
     */
    static final Set<String> EXPORTS = Set.of(
            "jdk.internal.vm",  // pal-coroutines: Continuation, ContinuationScope
            "jdk.internal.misc", // pal-instrument: Unsafe.defineClass for the bridge classes, a plain call (ADR 0025)
            "sun.net");         // shim-net: PalSocketImpl implements sun.net.PlatformSocketImpl
    static final Set<String> OPENS = Set.of(
            "java.lang",        // bootstrap bridge classes (ClassLoader.defineClass1), Thread's
                                // private fields and setCurrentThread, VirtualThread's factory and carrier
            "jdk.internal.vm",  // pal-coroutines: ThreadSnapshot, the monitors a virtual strand holds and waits for
            "java.util.concurrent.locks", // pal-coroutines: a j.u.c. lock's owner, for lock cycles of virtual strands
            "java.net");        // pal-sim: the JDK's own SocketImpl for sockets made outside a simulated
                                // run once sim's socket factories are set

    private PalAgent() {
    }

    /**
     * Runs before the application's main: checks every pal.* property (a bad one: one line on
     * stderr and exit status 2, before main), opens java.base to pal and hands the shims the
     * instrumentation; with {@code pal.threadsAsStrands=true} it also creates the backend (and so
     * installs its shims) now, since the program may start threads without ever calling pal.
     */
    public static void premain(String args, Instrumentation inst) {
        io.pal.spi.StartupTrace.step("premain entered");
        io.pal.spi.PalConfig.validateOrExit();
        start(inst);
        io.pal.spi.StartupTrace.step("agent started (premain)");
        if (io.pal.spi.PalConfig.threadsAsStrands()) {
            io.pal.spi.Backends.active(); // its shims must be in before main's first Thread.start()
        }
    }

    static void start(Instrumentation inst) {
        quietByteBuddy();
        openJavaBase(inst, PalAgent.class.getModule());
        enableNativeAccess();
        AgentInstrumentation.set(inst, transformCache());
    }

    /** The system property naming the directory of the shims' rewritten JDK classes, or {@code off}. */
    static final String CACHE_PROPERTY = "pal.transformCache";

    /**
     * The cache of rewritten JDK classes ({@link TransformCache}): {@code -Dpal.transformCache=DIR},
     * else {@code $XDG_CACHE_HOME/pal}, else {@code ~/.cache/pal}; none with {@code off}.
     */
    private static TransformCache transformCache() {
        String dir = System.getProperty(CACHE_PROPERTY);
        if ("off".equals(dir)) {
            return null;
        }
        if (dir != null && !dir.isBlank()) {
            return new TransformCache(Path.of(dir));
        }
        String xdg = System.getenv("XDG_CACHE_HOME");
        Path base = xdg != null && !xdg.isBlank() ? Path.of(xdg) : Path.of(System.getProperty("user.home"), ".cache");
        return new TransformCache(base.resolve("pal"));
    }

    /**
     * Exports and opens {@link #EXPORTS} and {@link #OPENS} to {@code pal}, the module pal's classes
     * are in: the class path's unnamed module, since a {@code -javaagent} jar is appended to the
     * class path the application's own classes are loaded from.
     */
    static void openJavaBase(Instrumentation inst, Module pal) {
        Module base = Object.class.getModule();
        Map<String, Set<Module>> exports = new java.util.HashMap<>();
        for (String p : EXPORTS) { // loops, not forEach with a lambda, which would spin a class in every JVM (ADR 0025)
            exports.put(p, Set.of(pal));
        }
        Map<String, Set<Module>> opens = new java.util.HashMap<>();
        for (String p : OPENS) {
            opens.put(p, Set.of(pal));
        }
        inst.redefineModule(base, Set.of(), exports, opens, Set.of(), Map.of());
    }

    /**
     * Enables native access for the class path's unnamed modules, as
     * {@code --enable-native-access=ALL-UNNAMED} does: the coroutine backend's netpoll calls epoll
     * through FFM, whose restricted methods make the JDK print a warning at their first call
     * otherwise. The JDK keeps one flag for every unnamed module (an unnamed module's own flag is never
     * read), so pal's classes, which are in the class path's unnamed module, cannot get it alone
     * (ADR 0019). {@code Module.implAddEnableNativeAccessToAllUnnamed} is what the launcher calls for
     * that option; it is reached by reflection, java.lang being open to pal by now.
     */
    static void enableNativeAccess() {
        try {
            java.lang.reflect.Method m = Module.class.getDeclaredMethod("implAddEnableNativeAccessToAllUnnamed");
            m.setAccessible(true);
            m.invoke(null);
        } catch (ReflectiveOperationException | RuntimeException e) {
            // a JDK without the method: the first FFM call prints the JDK's warning, nothing worse
            System.err.println("pal: could not enable native access for the class path (" + e
                    + "); pass --enable-native-access=ALL-UNNAMED to silence the JDK's warning");
        }
    }

    /**
     * Keeps pal's (shaded) Byte Buddy away from {@code sun.misc.Unsafe}, whose use makes JDK 24+
     * print a deprecation warning: its class injectors (not needed, the shims inject nothing into
     * application loaders) stay unavailable, as they are by default from JDK 26 on. The property
     * names are relocated with Byte Buddy's packages when the jar is shaded, so they reach the
     * shaded copy and leave an application's own Byte Buddy alone.
     */
    private static void quietByteBuddy() {
        System.setProperty("net.bytebuddy.safe", "true");
        System.setProperty("net.bytebuddy.nexus.disabled", "true");
    }
}
