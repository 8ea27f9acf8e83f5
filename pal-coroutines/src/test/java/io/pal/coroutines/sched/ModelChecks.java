package io.pal.coroutines.sched;

import org.jetbrains.lincheck.datastructures.ModelCheckingOptions;

/**
 * Lincheck's bounds: a quick configuration for the default build, and a thorough one when
 * {@code -Dpal.modelcheck=thorough} asks for it.
 */
final class ModelChecks {

    static final String PROPERTY = "pal.modelcheck";

    private ModelChecks() {
    }

    static ModelCheckingOptions options() {
        boolean thorough = "thorough".equals(System.getProperty(PROPERTY));
        return new ModelCheckingOptions()
                .iterations(thorough ? 200 : 10)
                .invocationsPerIteration(thorough ? 5_000 : 200)
                .threads(thorough ? 3 : 2)
                .actorsPerThread(3)
                .actorsBefore(2)
                .actorsAfter(1);
    }
}
