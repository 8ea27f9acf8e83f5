package io.pal.compat.identity;

import io.pal.Pal;
import io.pal.Strand;
import io.pal.junit.AllBackends;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Set;
import java.util.concurrent.locks.LockSupport;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotSame;
import static org.junit.jupiter.api.Assertions.assertSame;

/**
 * Inside a strand {@code Thread.currentThread()} is a thread of the strand's own, as it is for a
 * platform or a virtual thread: the same object for its whole life whatever it waits in, different
 * for every strand, named as the strand, and carrying its thread-locals and ScopedValue bindings.
 * Run again with C1 only and with a JFR recording (compat-tests' pom), where a stale current thread
 * would show first.
 */
@AllBackends
@Timeout(value = 120, threadMode = Timeout.ThreadMode.SEPARATE_THREAD)
class ThreadIdentityTest {

    private static final int STRANDS = 8;
    private static final int SUSPENSIONS = 10_000;

    /** Each strand suspends 10,000 times in every way unmodified code can; its current thread never changes. */
    @Test
    void theCurrentThreadStaysTheSameAcrossTenThousandMixedSuspensions() throws Exception {
        List<Strand<String>> strands = new ArrayList<>();
        for (int s = 0; s < STRANDS; s++) {
            strands.add(Pal.spawn("mixed-" + s, () -> {
                Thread me = Thread.currentThread();
                for (int i = 0; i < SUSPENSIONS; i++) {
                    switch (i % 5) {
                        case 0 -> Pal.yieldNow();
                        case 1 -> Thread.yield();
                        case 2 -> Thread.sleep(Duration.ofNanos(1_000));
                        case 3 -> LockSupport.parkNanos(1_000);
                        default -> Pal.sleep(Duration.ofNanos(1_000));
                    }
                    if (Thread.currentThread() != me) {
                        return "changed after suspension " + i + ": " + me + " became " + Thread.currentThread();
                    }
                }
                return me.getName();
            }));
        }
        for (int s = 0; s < STRANDS; s++) {
            assertEquals("mixed-" + s, strands.get(s).join(), "the strand's thread is named as the strand");
        }
    }

    @Test
    void tenThousandStrandsHaveTenThousandDistinctThreads() throws Exception {
        int n = 10_000;
        List<Strand<Thread>> strands = new ArrayList<>(n);
        for (int i = 0; i < n; i++) {
            strands.add(Pal.spawn(() -> {
                Thread before = Thread.currentThread();
                Pal.yieldNow();
                return before == Thread.currentThread() ? before : null;
            }));
        }
        Set<Thread> seen = Collections.newSetFromMap(new IdentityHashMap<>());
        for (Strand<Thread> s : strands) {
            Thread t = s.join();
            assertNotSame(null, t, "a strand's thread changed across a yield");
            assertNotSame(Thread.currentThread(), t);
            seen.add(t);
        }
        assertEquals(n, seen.size(), "strands shared a current thread");
    }

    private static final InheritableThreadLocal<String> INHERITED = new InheritableThreadLocal<>();
    private static final ThreadLocal<String> PLAIN = new ThreadLocal<>();

    @Test
    void inheritableThreadLocalsAreInheritedFromAThreadAndFromAStrand() throws Exception {
        INHERITED.set("from the test thread");
        PLAIN.set("not inherited");
        try {
            Strand<String> child = Pal.spawn(() -> {
                String fromThread = INHERITED.get();
                if (PLAIN.get() != null) {
                    return "a plain ThreadLocal was inherited";
                }
                INHERITED.set("from the child");
                Pal.sleep(Duration.ofMillis(1));
                String grandchild = Pal.spawn(() -> {
                    String got = INHERITED.get();
                    INHERITED.set("from the grandchild"); // must not reach its parent
                    return got;
                }).join();
                return fromThread + " / " + grandchild + " / " + INHERITED.get();
            });
            assertEquals("from the test thread / from the child / from the child", child.join());
            assertEquals("from the test thread", INHERITED.get(), "the child's value leaked to its spawner");
        } finally {
            INHERITED.remove();
            PLAIN.remove();
        }
    }

    private static final ScopedValue<Integer> BOUND = ScopedValue.newInstance();

    /** Many strands on the same carriers, each with its own binding, each suspending inside it. */
    @Test
    void scopedValueBindingsSurviveSuspensions() throws Exception {
        List<Strand<String>> strands = new ArrayList<>();
        for (int s = 0; s < 200; s++) {
            int mine = s;
            strands.add(Pal.spawn(() -> ScopedValue.where(BOUND, mine).call(() -> {
                for (int i = 0; i < 50; i++) {
                    switch (i % 3) {
                        case 0 -> Pal.yieldNow();
                        case 1 -> Pal.sleep(Duration.ofNanos(1_000));
                        default -> LockSupport.parkNanos(1_000);
                    }
                    if (BOUND.get() != mine) {
                        return "strand " + mine + " saw " + BOUND.get() + " after suspension " + i;
                    }
                }
                return "ok";
            })));
        }
        for (Strand<String> s : strands) {
            assertEquals("ok", s.join());
        }
        assertSame(false, BOUND.isBound(), "a binding leaked to the test thread");
    }

    @Test
    void theContextClassLoaderIsInheritedAndKeptPerStrand() throws Exception {
        ClassLoader mine = new ClassLoader(getClass().getClassLoader()) { };
        ClassLoader before = Thread.currentThread().getContextClassLoader();
        Strand<String> s = Pal.spawn(() -> {
            ClassLoader inherited = Thread.currentThread().getContextClassLoader();
            Thread.currentThread().setContextClassLoader(mine);
            Pal.sleep(Duration.ofMillis(1));
            boolean kept = Thread.currentThread().getContextClassLoader() == mine;
            return (inherited == before) + " " + kept;
        });
        assertEquals("true true", s.join());
        assertSame(before, Thread.currentThread().getContextClassLoader());
    }
}
