package io.pal.junit;

import org.junit.jupiter.api.extension.ExtendWith;

import java.lang.annotation.Documented;
import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

/**
 * Runs the annotated test method under {@code pal.backend=sim}, once per seed: each run is a
 * simulated run whose root is the method, on one carrier and on virtual time, every scheduling
 * choice from the seed. The test fails at the first seed whose run fails (the method throws, a
 * thread it starts ends with an uncaught exception, a deadlock, past the step budget), and the
 * failure names the seed; {@code @Simulate(seed = N)} replays that one.
 *
 * <pre>{@code
 * @Test
 * @Simulate(seeds = 1000)
 * void counterIsExact() throws Exception { ... new Thread(...).start() ... }
 * }</pre>
 *
 * The seeds run one after another in the test's JVM, with the same test instance and the same
 * classes: state the method keeps outside itself (fields, statics) carries over from one seed to
 * the next, unlike {@code bin/pal sim}, which loads the program afresh per seed. The JVM needs
 * pal's agent or {@code -XX:+EnableDynamicAgentLoading} with {@code --add-opens
 * java.base/java.lang=ALL-UNNAMED}, as for any backend.
 */
@Documented
@Retention(RetentionPolicy.RUNTIME)
@Target(ElementType.METHOD)
@ExtendWith(SimulateExtension.class)
public @interface Simulate {

    /** How many seeds to run: 0, 1, ... seeds-1. Ignored when {@link #seed} is set. */
    int seeds() default 100;

    /** One seed to run (a replay), or -1 (the default) for {@link #seeds}. */
    long seed() default -1;

    /** {@code random} or {@code pct}. */
    String strategy() default "random";

    /** PCT's depth. */
    int pctDepth() default 3;

    /** The step budget of each run. */
    long maxSteps() default 1_000_000;
}
