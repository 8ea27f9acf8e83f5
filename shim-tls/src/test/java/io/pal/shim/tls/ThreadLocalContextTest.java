package io.pal.shim.tls;

import io.pal.StrandLocal;
import io.pal.spi.StrandContext;
import org.junit.jupiter.api.Test;

import java.lang.reflect.Field;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.atomic.AtomicReference;

import static io.pal.shim.tls.Carriers.mounted;
import static io.pal.shim.tls.Carriers.onNewCarrier;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

/** Mount, unmount and migration of a strand's thread-locals, with plain threads as carriers. */
class ThreadLocalContextTest {

    private final StrandContext.Factory factory = new ThreadLocalContextFactory();
    private final ThreadLocal<String> local = new ThreadLocal<>();
    private final InheritableThreadLocal<String> inheritable = new InheritableThreadLocal<>();
    private final StrandLocal<String> strandLocal = StrandLocal.withInitial(() -> "initial");

    private void setAll(String value) {
        local.set(value);
        inheritable.set(value + "/i");
        strandLocal.set(value + "/s");
    }

    private void assertAll(String value) {
        assertEquals(value, local.get(), "ThreadLocal");
        assertEquals(value + "/i", inheritable.get(), "InheritableThreadLocal");
        assertEquals(value + "/s", strandLocal.get(), "StrandLocal");
    }

    @Test
    void aNewStrandSeesNoneOfItsCarriersValues() throws Exception {
        StrandContext strand = factory.create();
        onNewCarrier(() -> {
            setAll("carrier");
            mounted(strand, () -> {
                assertNull(local.get());
                assertNull(inheritable.get());
                assertEquals("initial", strandLocal.get());
            });
            assertAll("carrier");
        });
    }

    @Test
    void valuesSetWhileMountedAreInvisibleToTheCarrierAfterUnmount() throws Exception {
        StrandContext strand = factory.create();
        onNewCarrier(() -> {
            setAll("carrier");
            Thread carrier = Thread.currentThread();
            Object carrierMap = ThreadFields.THREAD_LOCALS.get(carrier);
            Object carrierInheritable = ThreadFields.INHERITABLE_THREAD_LOCALS.get(carrier);

            mounted(strand, () -> {
                setAll("strand");
                assertAll("strand");
            });

            assertAll("carrier");
            assertSame(carrierMap, ThreadFields.THREAD_LOCALS.get(carrier), "carrier's own map is restored");
            assertSame(carrierInheritable, ThreadFields.INHERITABLE_THREAD_LOCALS.get(carrier));
        });
    }

    @Test
    void valuesFollowTheStrandToAnotherCarrier() throws Exception {
        StrandContext strand = factory.create();
        onNewCarrier(() -> mounted(strand, () -> setAll("set on A")));

        onNewCarrier(() -> {
            setAll("B's own");
            mounted(strand, () -> {
                assertAll("set on A");
                setAll("set on B");
            });
            assertAll("B's own");
        });

        onNewCarrier(() -> mounted(strand, () -> assertAll("set on B")));
    }

    @Test
    void twoStrandsTakingTurnsOnOneCarrierStayIsolated() throws Exception {
        StrandContext a = factory.create();
        StrandContext b = factory.create();
        onNewCarrier(() -> {
            setAll("carrier");
            for (int i = 0; i < 100; i++) {
                String previous = i == 0 ? null : String.valueOf(i - 1);
                for (StrandContext strand : new StrandContext[] {a, b}) {
                    String name = strand == a ? "a" : "b";
                    int round = i;
                    mounted(strand, () -> {
                        assertEquals(previous == null ? null : name + previous, local.get());
                        setAll(name + round);
                    });
                    assertAll("carrier");
                }
            }
        });
    }

    @Test
    void removeWhileMountedRemovesOnlyTheStrandsValue() throws Exception {
        StrandContext strand = factory.create();
        onNewCarrier(() -> {
            setAll("carrier");
            mounted(strand, () -> {
                setAll("strand");
                local.remove();
                inheritable.remove();
                strandLocal.remove();
                assertNull(local.get());
                assertNull(inheritable.get());
                assertEquals("initial", strandLocal.get());
            });
            assertAll("carrier");
        });
    }

    @Test
    void aCarrierWithoutMapsIsLeftWithoutMaps() throws Exception {
        ThreadLocalContext strand = (ThreadLocalContext) factory.create();
        onNewCarrier(() -> {
            Thread carrier = Thread.currentThread();
            assertNull(ThreadFields.THREAD_LOCALS.get(carrier), "a fresh carrier has no map");
            assertNull(ThreadFields.INHERITABLE_THREAD_LOCALS.get(carrier));

            mounted(strand, () -> setAll("strand"));

            assertNull(ThreadFields.THREAD_LOCALS.get(carrier), "the map the strand created went with it");
            assertNull(ThreadFields.INHERITABLE_THREAD_LOCALS.get(carrier));
        });
        assertNotNull(strand.heldThreadLocals());
        assertNotNull(strand.heldInheritableThreadLocals());
    }

    @Test
    void swapOffTheCarrierFailsItsPrecondition() throws Exception {
        assumeTrue(ThreadLocalContext.class.desiredAssertionStatus(), "needs -ea");
        StrandContext strand = factory.create();
        AtomicReference<Thread> other = new AtomicReference<>();
        onNewCarrier(() -> other.set(Thread.currentThread()));
        assertThrows(AssertionError.class, () -> strand.swap(other.get()));
    }

    @Test
    void terminatingThreadLocalsStayWithTheCarrier() throws Exception {
        Path file = Files.createTempFile("shim-tls", ".bin");
        try {
            Files.write(file, new byte[64]);
            StrandContext strand = factory.create();
            onNewCarrier(() -> {
                Thread carrier = Thread.currentThread();
                readWithJdkBufferCache(file);               // fills the carrier's terminating map
                Object carrierCaches = terminatingThreadLocals(carrier);
                assertNotNull(carrierCaches, "NIO registered its buffer cache");

                mounted(strand, () -> {
                    assertSame(carrierCaches, terminatingThreadLocals(carrier), "not swapped at mount");
                    readWithJdkBufferCache(file);
                    assertSame(carrierCaches, terminatingThreadLocals(carrier), "the strand used the carrier's cache");
                });
                assertSame(carrierCaches, terminatingThreadLocals(carrier), "not swapped at unmount");
            });

            onNewCarrier(() -> {
                Thread carrier = Thread.currentThread();
                assertNull(terminatingThreadLocals(carrier));
                mounted(strand, () -> readWithJdkBufferCache(file));
                assertNotNull(terminatingThreadLocals(carrier), "a cache first made by a strand stays on the carrier");
            });
        } finally {
            Files.delete(file);
        }
    }

    /** A FileChannel read into a heap buffer: the JDK copies through a cached temporary direct buffer. */
    private static void readWithJdkBufferCache(Path file) throws Exception {
        try (FileChannel channel = FileChannel.open(file)) {
            assertEquals(64, channel.read(ByteBuffer.allocate(64)));
        }
    }

    /** {@code thread.holder.terminatingThreadLocals}: in JDK 25 it is a field of Thread's FieldHolder. */
    private static Object terminatingThreadLocals(Thread thread) throws ReflectiveOperationException {
        Field holder = Thread.class.getDeclaredField("holder");
        holder.setAccessible(true);
        Object fields = holder.get(thread);
        Field terminating = fields.getClass().getDeclaredField("terminatingThreadLocals");
        terminating.setAccessible(true);
        return terminating.get(fields);
    }
}
