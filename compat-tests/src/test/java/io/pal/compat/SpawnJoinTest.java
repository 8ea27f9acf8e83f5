package io.pal.compat;

import io.pal.BackendName;
import io.pal.Pal;
import io.pal.Strand;
import io.pal.StrandState;
import io.pal.junit.AllBackends;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeoutException;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

@AllBackends
class SpawnJoinTest {

    @Test
    void runsOnTheBackendTheKitChose(BackendName backend) {
        assertEquals(backend, Pal.backend());
    }

    @Test
    void joinReturnsTheResult() throws Exception {
        Strand<Integer> s = Pal.spawn("adder", () -> 40 + 2);
        assertEquals(42, s.join());
        assertEquals("adder", s.name());
        assertEquals(StrandState.DONE, s.state());
        assertEquals(42, s.resultNow());
    }

    @Test
    void joinPropagatesTheFailure() throws Exception {
        IllegalStateException boom = new IllegalStateException("boom");
        Strand<Object> s = Pal.spawn(() -> {
            throw boom;
        });
        ExecutionException e = assertThrows(ExecutionException.class, s::join);
        assertSame(boom, e.getCause());
        assertSame(boom, s.exceptionNow());
    }

    @Test
    void joinTimesOutOnAStrandThatDoesNotFinish() throws Exception {
        Strand<Void> s = Pal.spawn(() -> {
            while (!Pal.interrupted()) {
                Pal.park();
            }
        });
        assertThrows(TimeoutException.class, () -> s.join(Duration.ofMillis(20)));
        assertThrows(TimeoutException.class, () -> s.join(Duration.ZERO));
        s.interrupt();
        s.join();
        assertTrue(s.isDone());
    }
}
