package io.pal.modelcheck;

import io.pal.channel.Channel;
import io.pal.channel.Select;
import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.concurrent.atomic.AtomicReference;

import static io.pal.modelcheck.ModelChecks.check;
import static io.pal.modelcheck.ModelChecks.inParallel;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Select under the model checker: exactly one case fires per select, and two selects facing each other meet. */
class SelectModelCheckTest {

    /** Two senders, one selecting receiver that runs twice: each element is taken exactly once. */
    @Test
    void eachSelectTakesExactlyOneElement() {
        check(() -> {
            Channel<Integer> a = Channel.unbuffered();
            Channel<Integer> b = Channel.unbuffered();
            AtomicReference<List<Integer>> got = new AtomicReference<>();
            inParallel(() -> a.send(1), () -> b.send(2), () -> {
                int x = receiveEither(a, b);
                int y = receiveEither(a, b);
                got.set(List.of(x, y));
            });
            assertEquals(List.of(1, 2), got.get().stream().sorted().toList(), "got " + got);
        });
    }

    /** Two selects, each offering a send on one channel and a receive on the other: exactly one pairing happens. */
    @Test
    void twoSelectsFacingEachOtherMeetOnce() {
        check(() -> {
            Channel<Integer> a = Channel.unbuffered();
            Channel<Integer> b = Channel.unbuffered();
            AtomicReference<String> left = new AtomicReference<>();
            AtomicReference<String> right = new AtomicReference<>();
            inParallel(() -> left.set(Select.<String>select()
                            .onSend(a, 1, () -> "sent a")
                            .onReceive(b, v -> "received b" + v)
                            .run()),
                    () -> right.set(Select.<String>select()
                            .onReceive(a, v -> "received a" + v)
                            .onSend(b, 2, () -> "sent b")
                            .run()));
            String pair = left.get() + " / " + right.get();
            assertTrue(pair.equals("sent a / received a1") || pair.equals("received b2 / sent b"), pair);
        });
    }

    /** A select with a default never waits, and what it did not take stays in the channel. */
    @Test
    void aDefaultCaseLosesNothing() {
        check(() -> {
            Channel<Integer> a = Channel.buffered(1);
            AtomicReference<Integer> got = new AtomicReference<>();
            inParallel(() -> a.send(1), () -> got.set(Select.<Integer>select()
                    .onReceive(a, v -> v)
                    .otherwise(() -> -1)
                    .run()));
            Integer left = a.tryReceive();
            assertTrue((got.get() == 1 && left == null) || (got.get() == -1 && left == 1), "got " + got + ", left " + left);
        });
    }

    private static int receiveEither(Channel<Integer> a, Channel<Integer> b) throws InterruptedException {
        return Select.<Integer>select().onReceive(a, v -> v).onReceive(b, v -> v).run();
    }
}
