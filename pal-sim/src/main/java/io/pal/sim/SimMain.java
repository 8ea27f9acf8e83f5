package io.pal.sim;

import io.pal.spi.PalConfig;
import io.pal.spi.SimConfig;

import java.lang.reflect.Method;
import java.lang.reflect.Modifier;
import java.util.Arrays;

/**
 * {@code java ... -Dpal.backend=sim io.pal.sim.SimMain MAIN [ARGS...]} ({@code bin/pal run --backend
 * sim}): runs MAIN's main as the root of one closed run with the seed and settings of the system
 * properties, exactly as the explorer runs a seed, and exits with the run's status: 0, the status
 * the program gave {@code System.exit}, 1 for an uncaught exception, 3 for a deadlock (the report on
 * standard error), 4 past the step budget. With {@code pal.sim.trace=hash} the trace line follows.
 */
public final class SimMain {

    private SimMain() {
    }

    public static void main(String[] args) throws Exception {
        PalConfig.validateOrExit();
        if (args.length == 0) {
            System.err.println("pal: usage: io.pal.sim.SimMain MAIN_CLASS [ARGS...]: runs MAIN_CLASS's main under sim");
            System.exit(2);
        }
        Method main = findMain(args[0]);
        String[] rest = Arrays.copyOfRange(args, 1, args.length);
        SimConfig config = SimConfig.fromSystemProperties();
        Outcome o = SimRunner.run(config, () -> main.invoke(null, (Object) rest), System.err);
        System.out.flush();
        if (o.kind() == Outcome.Kind.DEADLOCK || o.kind() == Outcome.Kind.STEP_BUDGET) {
            System.err.println("pal sim: seed " + o.seed() + ": " + o.reason());
        }
        if (config.traceHash()) {
            System.err.println(o.traceLine());
        }
        System.exit(o.exitStatus());
    }

    private static Method findMain(String className) {
        try {
            Method m = Class.forName(className, false, ClassLoader.getSystemClassLoader()).getDeclaredMethod("main", String[].class);
            if (Modifier.isStatic(m.getModifiers())) {
                m.setAccessible(true);
                return m;
            }
        } catch (ReflectiveOperationException e) {
            // reported below
        }
        System.err.println("pal: " + className + " has no static main(String[]) on the class path");
        System.exit(2);
        throw new AssertionError("unreachable");
    }
}
