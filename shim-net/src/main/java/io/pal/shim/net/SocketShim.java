package io.pal.shim.net;

import io.pal.PalConfigurationException;
import io.pal.shim.net.bridge.NetBridge;
import io.pal.spi.AgentInstrumentation;
import io.pal.spi.BootstrapClasses;
import io.pal.spi.Shim;
import net.bytebuddy.ByteBuddy;
import net.bytebuddy.agent.ByteBuddyAgent;
import net.bytebuddy.agent.builder.AgentBuilder;
import net.bytebuddy.dynamic.scaffold.MethodGraph;
import net.bytebuddy.dynamic.scaffold.TypeValidation;
import net.bytebuddy.utility.JavaModule;

import java.lang.instrument.Instrumentation;
import java.lang.invoke.MethodHandle;
import java.lang.invoke.MethodHandles;
import java.lang.invoke.MethodType;
import java.net.SocketImpl;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CopyOnWriteArrayList;

import static net.bytebuddy.matcher.ElementMatchers.isStatic;
import static net.bytebuddy.matcher.ElementMatchers.named;
import static net.bytebuddy.matcher.ElementMatchers.not;
import static net.bytebuddy.matcher.ElementMatchers.takesArguments;

/**
 * Installs the socket shim (see the package essay for why this route).
 *
 * <ol>
 *   <li>Take pal-agent's instrumentation, or attach an agent to this JVM (Byte Buddy's self-attach).</li>
 *   <li>Export {@code java.base/sun.net} to this module, so that {@link PalSocketImpl} may
 *       implement the marker {@code sun.net.PlatformSocketImpl}; this must precede the first use
 *       of PalSocketImpl, which is why nothing here names it.</li>
 *   <li>Inject {@link NetBridge} into the bootstrap loader, reading its bytes without loading it here.</li>
 *   <li>Point the bridge's handles at {@link Hooks}.</li>
 *   <li>Retransform {@code java.net.SocketImpl} and {@code java.net.ServerSocket} with
 *       {@link SocketAdvice} (method bodies only).</li>
 * </ol>
 * Idempotent; the second and later calls return at once.
 */
public final class SocketShim implements Shim {

    private static final String BRIDGE = "io.pal.shim.net.bridge.NetBridge";
    /** Guarded by the class lock; set once the advice is in place. */
    private static boolean installed;

    @Override
    public String name() {
        return "java-net-socket";
    }

    /**
     * Installs the shim for {@code backend}: sockets created by its carrier-sharing strands get
     * pal's impl. Idempotent; a later call retargets the shim.
     */
    @Override
    public void install(io.pal.spi.Backend backend) {
        synchronized (SocketShim.class) {
            if (installed) {
                Hooks.target = backend;
                return;
            }
            Instrumentation inst = attach();
            inst.redefineModule(Object.class.getModule(), Set.of(),
                    Map.of("sun.net", Set.of(SocketShim.class.getModule())), Map.of(), Set.of(), Map.of());
            Class<?> bridge = BootstrapClasses.define(BRIDGE, SocketShim.class.getClassLoader());
            setHooks(bridge);
            retransform(inst);
            // only now: Hooks names PalSocketImpl, which may be loaded only once sun.net is exported to it
            Hooks.target = backend;
            installed = true;
        }
    }

    /** True once {@link #install} has finished in this JVM. */
    public static boolean isInstalled() {
        synchronized (SocketShim.class) {
            return installed;
        }
    }

    private static void retransform(Instrumentation inst) {
        List<Throwable> errors = new CopyOnWriteArrayList<>();
        loadAdvisedClasses();
        AgentInstrumentation.transform("java-net-socket", inst, target -> new AgentBuilder.Default(new ByteBuddy()
                .with(TypeValidation.DISABLED).with(MethodGraph.Compiler.ForDeclaredMethods.INSTANCE)) // advice on declared methods: no hierarchy walk
                .with(AgentBuilder.PoolStrategy.Default.FAST)
                .disableClassFormatChanges()
                .with(AgentBuilder.RedefinitionStrategy.RETRANSFORMATION)
                .with(AgentBuilder.InitializationStrategy.NoOp.INSTANCE)
                .with(AgentBuilder.TypeStrategy.Default.REDEFINE)
                .with(new AgentBuilder.Listener.Adapter() {
                    @Override
                    public void onError(String type, ClassLoader loader, JavaModule module, boolean loaded, Throwable t) {
                        errors.add(t);
                    }
                })
                .ignore(not(named("java.net.SocketImpl").or(named("java.net.ServerSocket"))))
                .type(named("java.net.SocketImpl"))
                .transform(new AgentBuilder.Transformer.ForAdvice()
                        .include(SocketShim.class.getClassLoader())
                        .advice(named("createPlatformSocketImpl").and(isStatic()).and(takesArguments(boolean.class)),
                                SocketAdvice.Create.class.getName()))
                .type(named("java.net.ServerSocket"))
                .transform(new AgentBuilder.Transformer.ForAdvice()
                        .include(SocketShim.class.getClassLoader())
                        .advice(named("platformImplAccept").and(takesArguments(0)),
                                SocketAdvice.Accept.class.getName()))
                .installOn(target)); // or a replay of an earlier run's result, under the agent
        if (!errors.isEmpty()) {
            PalConfigurationException e = new PalConfigurationException(
                    "pal could not install its socket advice into java.net", errors.getFirst());
            errors.stream().skip(1).forEach(e::addSuppressed);
            throw e;
        }
    }

    /**
     * Loads the two classes the advice rewrites, so that it rewrites both at install, never at a later
     * load: that keeps the rewriting replayable (AgentInstrumentation.transform).
     */
    private static void loadAdvisedClasses() {
        for (String name : new String[] {"java.net.SocketImpl", "java.net.ServerSocket"}) {
            try {
                Class.forName(name, false, null);
            } catch (ClassNotFoundException e) {
                throw new IllegalStateException("this JDK has no " + name + ": pal's socket shim does not fit it", e);
            }
        }
    }

    private static Instrumentation attach() {
        try {
            Instrumentation agent = AgentInstrumentation.get(); // started with -javaagent:pal-agent.jar
            return agent != null ? agent : ByteBuddyAgent.install();
        } catch (IllegalStateException e) {
            throw new PalConfigurationException("pal cannot attach its agent to this JVM (needed to make java.net.Socket "
                    + "strand-aware): start the JVM with -XX:+EnableDynamicAgentLoading, or use bin/pal run", e);
        }
    }

    private static void setHooks(Class<?> bridge) {
        try {
            MethodHandles.Lookup l = MethodHandles.lookup();
            bridge.getField("createHook").set(null,
                    l.findStatic(Hooks.class, "create", MethodType.methodType(SocketImpl.class, boolean.class)));
            bridge.getField("acceptHook").set(null,
                    l.findStatic(Hooks.class, "accept", MethodType.methodType(SocketImpl.class, SocketImpl.class)));
            MethodHandle done = l.findStatic(Hooks.class, "acceptDone", MethodType.methodType(void.class));
            bridge.getField("acceptDoneHook").set(null, done);
        } catch (ReflectiveOperationException e) {
            throw new IllegalStateException("inconsistent bridge class: " + bridge, e);
        }
    }
}
