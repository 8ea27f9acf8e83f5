package io.pal.junit;

import io.pal.sim.Outcome;
import io.pal.sim.SimRunner;
import io.pal.spi.SimConfig;
import org.junit.jupiter.api.extension.ExtensionContext;
import org.junit.jupiter.api.extension.InvocationInterceptor;
import org.junit.jupiter.api.extension.ReflectiveInvocationContext;

import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Method;

/**
 * {@link AllBackends} on sim: each test method runs as the root ({@code main}) of a closed simulated
 * run of its own, with the seed and settings of the system properties ({@code pal.seed}, default 0),
 * so that the test, the strands it spawns and every timed wait in between are on one carrier and
 * one virtual clock, and the same seed runs the same schedule. The alternative, the backend's open
 * run fed from the JUnit thread, let the outside's real-time waits race the run's virtual clock (a
 * strand asleep for an hour was done before the test thread looked for it parked).
 *
 * <p>What the method throws is the test's failure, as on the other backends; a run that failed
 * otherwise (a deadlock, the step budget, a thread's uncaught exception) fails the test with its
 * reason and seed. A timeout of the test interrupts the wait and ends the run where it stands.
 */
final class InSimRun implements InvocationInterceptor {

    @Override
    public void interceptTestMethod(Invocation<Void> invocation, ReflectiveInvocationContext<Method> context,
                                    ExtensionContext extension) throws Throwable {
        runInside(invocation, context);
    }

    @Override
    public void interceptTestTemplateMethod(Invocation<Void> invocation, ReflectiveInvocationContext<Method> context,
                                            ExtensionContext extension) throws Throwable {
        runInside(invocation, context);
    }

    private static void runInside(Invocation<Void> invocation, ReflectiveInvocationContext<Method> context) throws Throwable {
        invocation.skip(); // JUnit's own call would run the method outside any run
        Method m = context.getExecutable();
        m.setAccessible(true);
        Object target = context.getTarget().orElse(null);
        Object[] args = context.getArguments().toArray();
        SimConfig config = SimConfig.fromSystemProperties();
        Throwable[] thrown = new Throwable[1];
        Outcome o = SimRunner.runInterruptibly(config, () -> {
            try {
                m.invoke(target, args);
            } catch (InvocationTargetException e) {
                thrown[0] = e.getCause();
            }
        }, System.err);
        if (thrown[0] != null) {
            throw thrown[0];
        }
        if (o.kind() != Outcome.Kind.PASSED) {
            throw new AssertionError("the test's simulated run (seed " + o.seed() + ") ended: " + o.kind() + ": " + o.reason());
        }
    }
}
