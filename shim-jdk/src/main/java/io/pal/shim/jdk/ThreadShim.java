package io.pal.shim.jdk;

import io.pal.PalConfigurationException;
import io.pal.shim.jdk.bridge.PalBridge;
import io.pal.spi.AgentInstrumentation;
import io.pal.spi.Backend;
import io.pal.spi.BootstrapClasses;
import io.pal.spi.PalConfig;
import io.pal.spi.Shim;
import net.bytebuddy.ByteBuddy;
import net.bytebuddy.agent.ByteBuddyAgent;
import net.bytebuddy.agent.builder.AgentBuilder;
import net.bytebuddy.dynamic.scaffold.MethodGraph;
import net.bytebuddy.dynamic.scaffold.TypeValidation;
import net.bytebuddy.description.method.MethodDescription;
import net.bytebuddy.matcher.ElementMatcher;

import java.lang.instrument.Instrumentation;
import java.lang.invoke.MethodHandle;
import java.lang.invoke.MethodHandles;
import java.lang.invoke.MethodType;
import java.time.Duration;
import java.util.concurrent.locks.LockSupport;

import static net.bytebuddy.matcher.ElementMatchers.isDeclaredBy;
import static net.bytebuddy.matcher.ElementMatchers.isPublic;
import static net.bytebuddy.matcher.ElementMatchers.isStatic;
import static net.bytebuddy.matcher.ElementMatchers.named;
import static net.bytebuddy.matcher.ElementMatchers.none;
import static net.bytebuddy.matcher.ElementMatchers.takesArguments;

/**
 * Installs the advice on Thread.sleep / Thread.yield, LockSupport.park/unpark and Object.wait.
 *
 * <ol>
 *   <li>Take pal-agent's instrumentation, or attach an agent to this JVM (Byte Buddy's self-attach,
 *       quiet under {@code -XX:+EnableDynamicAgentLoading}) when it was started without it.</li>
 *   <li>Inject {@link PalBridge} into the bootstrap class loader, reading its bytes without
 *       loading it here, so that every later reference, from java.lang.Thread or from pal,
 *       resolves to that one copy.</li>
 *   <li>Point the bridge's handles at {@link Hooks}.</li>
 *   <li>Retransform java.lang.Thread with the advice (no class-format changes: only method
 *       bodies change, which retransformation allows).</li>
 * </ol>
 */
public final class ThreadShim implements Shim {

    private static final String BRIDGE = "io.pal.shim.jdk.bridge.PalBridge";
    /** Guarded by the class lock; set once the advice is in place. */
    private static boolean installed;

    @Override
    public String name() {
        return "jdk-blocking-calls";
    }

    @Override
    public void install(Backend backend) {
        synchronized (ThreadShim.class) {
            Hooks.target = backend;
            if (installed) {
                return;
            }
            Instrumentation inst = attach();
            Class<?> bridge = BootstrapClasses.define(BRIDGE, ThreadShim.class.getClassLoader());
            setHooks(bridge);
            if (PalConfig.threadsAsStrands()) {
                ThreadsAsStrands.install();
                setThreadHooks(bridge);
            }
            // every class it rewrites (Thread, Object, LockSupport) is loaded by now, so that a later
            // run under the agent may replay the result (AgentInstrumentation.transform, ADR 0011)
            AgentInstrumentation.transform(name(), inst, target -> new AgentBuilder.Default(new ByteBuddy()
                    .with(TypeValidation.DISABLED).with(MethodGraph.Compiler.ForDeclaredMethods.INSTANCE)) // advice on declared methods: no hierarchy walk
                    .with(AgentBuilder.PoolStrategy.Default.FAST)
                    .disableClassFormatChanges()
                    .with(AgentBuilder.RedefinitionStrategy.RETRANSFORMATION)
                    .with(AgentBuilder.InitializationStrategy.NoOp.INSTANCE)
                    .with(AgentBuilder.TypeStrategy.Default.REDEFINE)
                    .ignore(none())
                    .type(named("java.lang.Thread").or(named("java.util.concurrent.locks.LockSupport"))
                            .or(named("java.lang.Object")))
                    .transform(new AgentBuilder.Transformer.ForAdvice()
                            .include(ThreadShim.class.getClassLoader())
                            .advice(named("sleep").and(isStatic()).and(takesArguments(long.class)),
                                    SleepAdvice.Millis.class.getName())
                            .advice(named("sleep").and(isStatic()).and(takesArguments(long.class, int.class)),
                                    SleepAdvice.MillisNanos.class.getName())
                            .advice(named("sleep").and(isStatic()).and(takesArguments(Duration.class)),
                                    SleepAdvice.OfDuration.class.getName())
                            .advice(named("yield").and(isStatic()).and(takesArguments(0))
                                            .and(isDeclaredBy(Thread.class)),
                                    SleepAdvice.Yield.class.getName())
                            .advice(lockSupport("park").and(takesArguments(0).or(takesArguments(Object.class))),
                                    LockAdvice.ParkForever.class.getName())
                            .advice(lockSupport("parkNanos").and(takesArguments(long.class)),
                                    LockAdvice.ParkNanos.class.getName())
                            .advice(lockSupport("parkNanos").and(takesArguments(Object.class, long.class)),
                                    LockAdvice.ParkNanosBlocker.class.getName())
                            .advice(lockSupport("parkUntil").and(takesArguments(long.class)),
                                    LockAdvice.ParkUntil.class.getName())
                            .advice(lockSupport("parkUntil").and(takesArguments(Object.class, long.class)),
                                    LockAdvice.ParkUntilBlocker.class.getName())
                            .advice(lockSupport("unpark").and(takesArguments(Thread.class)),
                                    LockAdvice.Unpark.class.getName())
                            .advice(named("wait").and(takesArguments(long.class)).and(isDeclaredBy(Object.class)),
                                    ThreadAdvice.WaitInterrupted.class.getName())
                            .advice(thread("start").and(takesArguments(0)), ThreadAdvice.Start.class.getName())
                            .advice(thread("start").and(takesArguments(1)), ThreadAdvice.StartInContainer.class.getName())
                            .advice(thread("isAlive").and(takesArguments(0)), ThreadAdvice.IsAlive.class.getName())
                            .advice(thread("join").and(takesArguments(long.class)), ThreadAdvice.Join.class.getName())
                            .advice(thread("interrupt").and(takesArguments(0)), ThreadAdvice.Interrupt.class.getName())
                            .advice(thread("getState").and(takesArguments(0)), ThreadAdvice.GetState.class.getName())
                            .advice(named("wait").and(takesArguments(long.class)).and(isDeclaredBy(Object.class)),
                                    WaitAdvice.class.getName()))
                    .installOn(target)); // or a replay of an earlier run's result, under the agent
            installed = true;
        }
    }

    private static ElementMatcher.Junction<MethodDescription> thread(String name) {
        return named(name).and(isDeclaredBy(Thread.class));
    }

    private static ElementMatcher.Junction<MethodDescription> lockSupport(String name) {
        return named(name).and(isStatic()).and(isPublic()).and(isDeclaredBy(LockSupport.class));
    }

    private static Instrumentation attach() {
        try {
            Instrumentation agent = AgentInstrumentation.get(); // started with -javaagent:pal-agent.jar
            return agent != null ? agent : ByteBuddyAgent.install();
        } catch (IllegalStateException e) {
            throw new PalConfigurationException("pal cannot attach its agent to this JVM (needed to make Thread.sleep "
                    + "strand-aware): start the JVM with -XX:+EnableDynamicAgentLoading, or use bin/pal run", e);
        }
    }

    /** The pal.threadsAsStrands handles; set only when the property is true. */
    private static void setThreadHooks(Class<?> bridge) {
        try {
            MethodHandles.Lookup l = MethodHandles.lookup();
            MethodType ofThread = MethodType.methodType(boolean.class, Thread.class);
            bridge.getField("aliveHook").set(null, l.findStatic(Hooks.class, "isAlive", ofThread));
            bridge.getField("joinHook").set(null, l.findStatic(Hooks.class, "join",
                    MethodType.methodType(boolean.class, Thread.class, long.class)));
            bridge.getField("interruptHook").set(null, l.findStatic(Hooks.class, "interrupted",
                    MethodType.methodType(void.class, Thread.class)));
            bridge.getField("stateHook").set(null, l.findStatic(Hooks.class, "threadState",
                    MethodType.methodType(Thread.State.class, Thread.class)));
            bridge.getField("startThreadHook").set(null, l.findStatic(Hooks.class, "startThread", ofThread)); // last: the rest is ready
        } catch (ReflectiveOperationException e) {
            throw new IllegalStateException("inconsistent bridge class: " + bridge, e);
        }
    }

    private static void setHooks(Class<?> bridge) {
        try {
            MethodHandles.Lookup l = MethodHandles.lookup();
            MethodHandle sleep = l.findStatic(Hooks.class, "sleep", MethodType.methodType(boolean.class, long.class));
            MethodHandle yield = l.findStatic(Hooks.class, "yieldNow", MethodType.methodType(boolean.class));
            MethodHandle park = l.findStatic(Hooks.class, "park", MethodType.methodType(boolean.class, long.class));
            MethodHandle unpark = l.findStatic(Hooks.class, "unpark", MethodType.methodType(void.class, Thread.class));
            bridge.getField("sleepHook").set(null, sleep);
            bridge.getField("yieldHook").set(null, yield);
            bridge.getField("parkHook").set(null, park);
            bridge.getField("unparkHook").set(null, unpark);
        } catch (ReflectiveOperationException e) {
            throw new IllegalStateException("inconsistent bridge class: " + bridge, e);
        }
    }
}
