package io.pal.coroutines;

import io.pal.spi.StrandContext;

import java.util.ArrayList;
import java.util.List;
import java.util.ServiceLoader;

/**
 * The {@link StrandContext.Factory}s on the class path, loaded once per backend, and the
 * per-strand array of contexts they make. With no factory (no shim installed) a strand shares one
 * empty array and mount and unmount do nothing.
 */
final class StrandContexts {

    private static final StrandContext[] NONE = new StrandContext[0];

    /** The factories, in ServiceLoader order. Immutable. */
    private final StrandContext.Factory[] factories;

    private StrandContexts(StrandContext.Factory[] factories) {
        this.factories = factories;
    }

    static StrandContexts load(ClassLoader loader) {
        List<StrandContext.Factory> found = new ArrayList<>();
        for (StrandContext.Factory f : ServiceLoader.load(StrandContext.Factory.class, loader)) {
            found.add(f);
        }
        return new StrandContexts(found.toArray(StrandContext.Factory[]::new));
    }

    /** No contexts: for a strand that only hosts code running in another strand's contexts. */
    static StrandContext[] none() {
        return NONE;
    }

    /** Called at spawn, in the spawner's context. */
    StrandContext[] create() {
        if (factories.length == 0) {
            return NONE;
        }
        StrandContext[] cs = new StrandContext[factories.length];
        for (int i = 0; i < cs.length; i++) {
            cs[i] = factories[i].create();
        }
        return cs;
    }

    /** Called on the carrier at mount (in order) ... */
    static void mount(StrandContext[] cs, Thread carrier) {
        for (StrandContext c : cs) {
            c.swap(carrier);
        }
    }

    /** ... and at unmount (in reverse order, so nested contexts unwind like a stack). */
    static void unmount(StrandContext[] cs, Thread carrier) {
        for (int i = cs.length - 1; i >= 0; i--) {
            cs[i].swap(carrier);
        }
    }
}
