package io.pal.compat.coroutine;

import io.pal.Pal;
import io.pal.Strand;
import io.pal.coroutine.Coroutine;
import io.pal.coroutine.CoroutineClosedException;
import io.pal.coroutine.CoroutineFailedException;
import io.pal.junit.AllBackends;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicReference;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

@AllBackends
@Timeout(60)
class CoroutineTest {

    @Test
    void valuesFlowBothWays() {
        Coroutine<Integer, Integer> acc = Coroutine.create((y, first) -> {
            int sum = first;
            while (sum < 100) {
                sum += y.yield(sum);
            }
            return -sum;
        });
        assertEquals(1, acc.resume(1));
        assertEquals(11, acc.resume(10));
        assertFalse(acc.isDone());
        assertEquals(-111, acc.resume(100));
        assertTrue(acc.isDone());
        IllegalStateException e = assertThrows(IllegalStateException.class, () -> acc.resume(1));
        assertTrue(e.getMessage().contains("done"), e.getMessage());
    }

    @Test
    void aFailureInTheBodyPropagatesToTheResumer() {
        IllegalArgumentException boom = new IllegalArgumentException("boom");
        Coroutine<Void, String> c = Coroutine.create((y, first) -> {
            y.yield("one");
            throw boom;
        });
        assertEquals("one", c.resume(null));
        assertSame(boom, assertThrows(IllegalArgumentException.class, () -> c.resume(null)));
        assertTrue(c.isDone());
        Coroutine<Void, String> checked = Coroutine.create((y, first) -> {
            throw new IOException("disk");
        });
        CoroutineFailedException f = assertThrows(CoroutineFailedException.class, () -> checked.resume(null));
        assertInstanceOf(IOException.class, f.getCause());
    }

    @Test
    void resumingARunningCoroutineIsAClearError() {
        AtomicReference<Coroutine<Void, String>> self = new AtomicReference<>();
        self.set(Coroutine.create((y, first) -> {
            IllegalStateException e = assertThrows(IllegalStateException.class, () -> self.get().resume(null));
            return e.getMessage();
        }));
        assertTrue(self.get().resume(null).contains("running"));
    }

    @Test
    void aCoroutineMayBeResumedFromAnotherStrandAndKeepsItsThreadLocals() throws Exception {
        ThreadLocal<String> local = new ThreadLocal<>();
        Coroutine<String, String> c = Coroutine.create((y, first) -> {
            local.set(first);
            String seen = local.get();
            while (true) {
                seen = seen + "," + local.get();
                y.yield(seen);
            }
        });
        local.set("resumer-value");
        assertEquals("a,a", c.resume("a"));
        Strand<String> other = Pal.spawn(() -> c.resume("b"));
        assertEquals("a,a,a", other.join());
        assertEquals("a,a,a,a", c.resume("c"));
        assertEquals("resumer-value", local.get(), "the coroutine's thread-locals leaked into the resumer");
    }

    @Test
    void closeRunsTheSuspendedBodysFinallyBlocks() {
        List<String> log = new ArrayList<>();
        Coroutine<Void, Integer> c = Coroutine.create((y, first) -> {
            try {
                for (int i = 0; ; i++) {
                    y.yield(i);
                }
            } catch (CoroutineClosedException e) {
                log.add("closed");
                throw e;
            } finally {
                log.add("finally");
            }
        });
        assertEquals(0, c.resume(null));
        assertEquals(1, c.resume(null));
        c.close();
        assertTrue(c.isDone());
        assertEquals(List.of("closed", "finally"), log);
        c.close(); // idempotent
        AtomicBoolean ran = new AtomicBoolean();
        Coroutine<Void, Void> never = Coroutine.create((y, first) -> {
            ran.set(true);
            return null;
        });
        never.close();
        assertTrue(never.isDone());
        assertFalse(ran.get(), "closing a coroutine that never started must not run it");
    }
}
