package io.pal.junit;

import io.pal.PalConfigurationException;
import io.pal.sim.Outcome;
import io.pal.sim.SimRunner;
import io.pal.spi.PalConfig;
import io.pal.spi.SimConfig;
import org.junit.jupiter.api.extension.ExtensionContext;
import org.junit.jupiter.api.extension.InvocationInterceptor;
import org.junit.jupiter.api.extension.ReflectiveInvocationContext;

import java.lang.reflect.Method;
import java.util.Locale;

/**
 * The extension behind {@link Simulate}: it takes over the test method's invocation and calls the
 * method itself, once per seed, as the root of a simulated run ({@link SimRunner}).
 */
public final class SimulateExtension implements InvocationInterceptor {

    @Override
    public void interceptTestMethod(Invocation<Void> invocation, ReflectiveInvocationContext<Method> context,
                                    ExtensionContext extension) throws Throwable {
        Simulate s = context.getExecutable().getAnnotation(Simulate.class);
        invocation.skip(); // JUnit's own call would run the method outside any run
        SimConfig base = config(s);
        long first = s.seed() >= 0 ? s.seed() : 0;
        long last = s.seed() >= 0 ? s.seed() : s.seeds() - 1L;
        Method m = context.getExecutable();
        m.setAccessible(true);
        Object target = context.getTarget().orElse(null);
        Object[] args = context.getArguments().toArray();
        for (long seed = first; seed <= last; seed++) {
            Outcome o = SimRunner.run(base.withSeed(seed), () -> m.invoke(target, args), System.err);
            if (o.kind() != Outcome.Kind.PASSED) {
                throw new AssertionError("seed " + seed + " failed: " + o.reason()
                        + "\nreplay it with @Simulate(seed = " + seed + ")");
            }
        }
    }

    /** The annotation's settings, checked as the system properties are. */
    static SimConfig config(Simulate s) {
        SimConfig.Strategy strategy;
        try {
            strategy = SimConfig.Strategy.valueOf(s.strategy().toUpperCase(Locale.ROOT));
        } catch (IllegalArgumentException e) {
            throw new PalConfigurationException("@Simulate(strategy = \"" + s.strategy() + "\") is not valid: expected random or pct");
        }
        if (s.seeds() < 1 && s.seed() < 0) {
            throw new PalConfigurationException("@Simulate(seeds = " + s.seeds() + ") is not valid: expected at least 1");
        }
        PalConfig.validate();
        SimConfig properties = SimConfig.fromSystemProperties();
        return new SimConfig(0, strategy, s.pctDepth(), s.maxSteps(), false, properties.epoch(), properties.net());
    }
}
