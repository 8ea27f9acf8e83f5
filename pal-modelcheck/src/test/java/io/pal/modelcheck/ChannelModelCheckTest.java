package io.pal.modelcheck;

import io.pal.channel.Channel;
import io.pal.channel.ChannelClosedException;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;

import static io.pal.modelcheck.ModelChecks.check;
import static io.pal.modelcheck.ModelChecks.inParallel;
import static org.junit.jupiter.api.Assertions.assertEquals;

/**
 * Channel hand-off and close under the model checker, each scenario against what a sequential
 * channel allows: nothing lost, nothing duplicated, order kept, and no strand left waiting.
 */
class ChannelModelCheckTest {

    @Test
    void unbufferedSendsArriveOnceInOrder() {
        check(() -> {
            Channel<Integer> ch = Channel.unbuffered();
            List<Integer> got = new ArrayList<>();
            inParallel(() -> {
                ch.send(1);
                ch.send(2);
            }, () -> {
                got.add(ch.receive());
                got.add(ch.receive());
            });
            assertEquals(List.of(1, 2), got);
        });
    }

    /** A send completes exactly when a receiver took its element; a close wakes whoever still waits. */
    @Test
    void unbufferedCloseLeavesNoHalfDoneHandOff() {
        check(() -> {
            Channel<Integer> ch = Channel.unbuffered();
            AtomicBoolean sent = new AtomicBoolean();
            AtomicInteger received = new AtomicInteger(-1);
            inParallel(() -> {
                try {
                    ch.send(1);
                    sent.set(true);
                } catch (ChannelClosedException closed) {
                    // the close came first
                }
            }, () -> {
                try {
                    received.set(ch.receive());
                } catch (ChannelClosedException closed) {
                    // the close came first
                }
            }, ch::close);
            assertEquals(sent.get(), received.get() == 1, "sent " + sent + ", received " + received);
        });
    }

    /**
     * An interrupt racing a hand-off to a waiting receive: the receive either withdraws (throws, and
     * the element stays the sender's, whom the close then turns away) or returns the element with
     * its interrupt status kept. Never both, never neither.
     */
    @Test
    void anInterruptedReceiveTakesTheElementOrLeavesIt() {
        check(() -> {
            Channel<Integer> ch = Channel.unbuffered();
            AtomicReference<Thread> receiverThread = new AtomicReference<>();
            AtomicBoolean sent = new AtomicBoolean();
            AtomicInteger received = new AtomicInteger(-1);
            inParallel(() -> {
                receiverThread.set(Thread.currentThread());
                try {
                    received.set(ch.receive());
                } catch (InterruptedException | ChannelClosedException gaveUp) {
                    // withdrew on the interrupt, or the close came first
                }
            }, () -> {
                try {
                    ch.send(1);
                    sent.set(true);
                } catch (ChannelClosedException closed) {
                    // nobody took it
                }
            }, () -> {
                Thread r = receiverThread.get();
                if (r != null) {
                    r.interrupt();
                }
                ch.close();
            });
            assertEquals(sent.get(), received.get() == 1, "sent " + sent + ", received " + received);
        });
    }

    /** Receivers drain the buffer before they see it closed; two receivers share the elements without loss or duplicate. */
    @Test
    void bufferedElementsAreDrainedBeforeClose() {
        check(() -> {
            Channel<Integer> ch = Channel.buffered(1);
            List<Integer> first = new ArrayList<>();
            List<Integer> second = new ArrayList<>();
            inParallel(() -> {
                ch.send(1);
                ch.send(2);
                ch.close();
            }, () -> drain(ch, first), () -> drain(ch, second));
            List<Integer> all = new ArrayList<>(first);
            all.addAll(second);
            all.sort(null);
            assertEquals(List.of(1, 2), all, "first " + first + ", second " + second);
            assertEquals(first.stream().sorted().toList(), first, "one receiver's elements in send order");
        });
    }

    private static void drain(Channel<Integer> ch, List<Integer> into) throws InterruptedException {
        for (Integer e : ch) {
            into.add(e);
        }
    }
}
