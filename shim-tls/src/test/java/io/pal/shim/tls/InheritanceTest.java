package io.pal.shim.tls;

import io.pal.StrandLocal;
import io.pal.spi.StrandContext;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicReference;

import static io.pal.shim.tls.Carriers.mounted;
import static io.pal.shim.tls.Carriers.onNewCarrier;
import static io.pal.shim.tls.Carriers.onNewInheritingThread;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertSame;

/**
 * What a strand inherits at spawn. The reference is the JDK: a strand must see what a thread
 * started at the same point by {@code Thread.ofPlatform()} (which inherits) would see.
 */
class InheritanceTest {

    private final StrandContext.Factory factory = new ThreadLocalContextFactory();

    /** The threads that called childValue, in order. Written and read by test threads joined in turn. */
    private final List<Thread> childValueCalls = new ArrayList<>();

    private final InheritableThreadLocal<String> inheritable = new InheritableThreadLocal<>() {
        @Override
        protected String childValue(String parentValue) {
            childValueCalls.add(Thread.currentThread());
            return parentValue + " (child)";
        }
    };

    private final ThreadLocal<String> local = new ThreadLocal<>();

    @AfterEach
    void clearTestThread() {
        inheritable.remove();
        local.remove();
    }

    @Test
    void aStrandSeesTheSpawnersValueThroughChildValueCalledAtSpawn() throws Exception {
        inheritable.set("spawner");
        StrandContext child = factory.create();

        assertEquals(List.of(Thread.currentThread()), childValueCalls, "childValue ran once, in the spawner");
        assertEquals("spawner", inheritable.get(), "the spawner's own value is unchanged");
        onNewCarrier(() -> mounted(child, () -> assertEquals("spawner (child)", inheritable.get())));
        assertEquals(1, childValueCalls.size(), "not again at mount");
    }

    @Test
    void laterChangesOnEitherSideAreNotSeenByTheOther() throws Exception {
        inheritable.set("before spawn");
        StrandContext child = factory.create();
        inheritable.set("after spawn");

        onNewCarrier(() -> mounted(child, () -> {
            assertEquals("before spawn (child)", inheritable.get());
            inheritable.set("set by the child");
        }));

        assertEquals("after spawn", inheritable.get());
        onNewCarrier(() -> mounted(child, () -> assertEquals("set by the child", inheritable.get())));
    }

    @Test
    void plainThreadLocalsAreNotInherited() throws Exception {
        local.set("spawner");
        StrandContext child = factory.create();
        onNewCarrier(() -> mounted(child, () -> assertNull(local.get())));
    }

    @Test
    void aSpawnerWithoutInheritableValuesPassesOnNone() throws Exception {
        AtomicReference<ThreadLocalContext> child = new AtomicReference<>();
        onNewCarrier(() -> child.set((ThreadLocalContext) factory.create()));

        assertNull(child.get().heldInheritableThreadLocals());
        assertNull(child.get().heldThreadLocals());
        onNewCarrier(() -> mounted(child.get(), () -> assertNull(inheritable.get())));
    }

    @Test
    void anEmptiedMapIsNotCopiedJustAsTheJdkDoesNot() throws Exception {
        AtomicReference<ThreadLocalContext> child = new AtomicReference<>();
        AtomicReference<Object> threadChildMap = new AtomicReference<>(new Object());
        onNewCarrier(() -> {
            inheritable.set("gone");
            inheritable.remove();                       // the map exists, empty
            child.set((ThreadLocalContext) factory.create());
            Thread thread = Thread.ofPlatform().unstarted(() -> { });
            threadChildMap.set(ThreadFields.INHERITABLE_THREAD_LOCALS.get(thread));
        });
        assertNull(threadChildMap.get(), "the JDK gives the new thread no map");
        assertNull(child.get().heldInheritableThreadLocals());
    }

    @Test
    void aSpawnerCreatedWithoutInheritanceStillPassesOnWhatItSetsItself() throws Exception {
        inheritable.set("grandparent");
        AtomicReference<StrandContext> beforeSet = new AtomicReference<>();
        AtomicReference<StrandContext> afterSet = new AtomicReference<>();
        AtomicReference<String> threadSawBefore = new AtomicReference<>("unset");
        AtomicReference<String> threadSawAfter = new AtomicReference<>("unset");

        onNewCarrier(() -> {                            // built with inheritInheritableThreadLocals(false)
            // Not inheritable.get(): that would store the initial value, which children then inherit.
            assertNull(ThreadFields.INHERITABLE_THREAD_LOCALS.get(Thread.currentThread()), "the spawner inherited nothing");
            beforeSet.set(factory.create());
            onNewInheritingThread(() -> threadSawBefore.set(inheritable.get()));
            inheritable.set("spawner");
            afterSet.set(factory.create());
            onNewInheritingThread(() -> threadSawAfter.set(inheritable.get()));
        });

        assertNull(threadSawBefore.get());
        assertEquals("spawner (child)", threadSawAfter.get());
        onNewCarrier(() -> mounted(beforeSet.get(), () -> assertEquals(threadSawBefore.get(), inheritable.get())));
        onNewCarrier(() -> mounted(afterSet.get(), () -> assertEquals(threadSawAfter.get(), inheritable.get())));
    }

    @Test
    void aStrandSpawnedByAMountedStrandInheritsFromThatStrandNotItsCarrier() throws Exception {
        StrandContext parent = factory.create();
        AtomicReference<StrandContext> child = new AtomicReference<>();
        onNewCarrier(() -> {
            inheritable.set("carrier");
            mounted(parent, () -> {
                inheritable.set("parent strand");
                child.set(factory.create());
            });
            assertEquals("carrier", inheritable.get());
        });
        onNewCarrier(() -> mounted(child.get(), () -> assertEquals("parent strand (child)", inheritable.get())));
    }

    @Test
    void anInheritableStrandLocalPassesTheReference() throws Exception {
        StrandLocal<List<String>> shared = StrandLocal.inheritable(() -> null);
        List<String> value = new ArrayList<>();
        AtomicReference<StrandContext> child = new AtomicReference<>();
        onNewCarrier(() -> {
            shared.set(value);
            child.set(factory.create());
        });
        onNewCarrier(() -> mounted(child.get(), () -> assertSame(value, shared.get())));
    }
}
