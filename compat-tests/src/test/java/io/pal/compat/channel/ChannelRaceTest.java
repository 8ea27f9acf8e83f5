package io.pal.compat.channel;

import io.pal.Pal;
import io.pal.Strand;
import io.pal.channel.Channel;
import io.pal.channel.ChannelClosedException;
import io.pal.channel.Select;
import io.pal.junit.AllBackends;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

import java.time.Duration;
import java.util.ArrayList;
import java.util.BitSet;
import java.util.List;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicInteger;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * No element is lost or duplicated under any interleaving of send, receive, close and timeout.
 * Small and exact: every element sent is accounted for exactly once, over many iterations.
 */
@AllBackends
@Timeout(120)
class ChannelRaceTest {

    private static final int ROUNDS = 200;

    /** Two senders and two receivers on one channel; every element arrives exactly once. */
    @Test
    void manySendersAndReceiversLoseAndDuplicateNothing() throws Exception {
        for (int capacity : new int[] {0, 1, 4}) {
            for (int round = 0; round < ROUNDS / 4; round++) {
                Channel<Integer> ch = capacity == 0 ? Channel.unbuffered() : Channel.buffered(capacity);
                int perSender = 200;
                List<Strand<BitSet>> receivers = new ArrayList<>();
                for (int r = 0; r < 2; r++) {
                    receivers.add(Pal.spawn(() -> {
                        BitSet got = new BitSet();
                        for (int v : ch) {
                            assertFalse(got.get(v), "duplicate " + v);
                            got.set(v);
                        }
                        return got;
                    }));
                }
                List<Strand<Void>> senders = new ArrayList<>();
                for (int s = 0; s < 2; s++) {
                    int base = s * perSender;
                    senders.add(Pal.spawn(() -> {
                        for (int i = 0; i < perSender; i++) {
                            ch.send(base + i);
                        }
                        return null;
                    }));
                }
                for (Strand<Void> s : senders) {
                    s.join();
                }
                ch.close();
                BitSet all = new BitSet();
                for (Strand<BitSet> r : receivers) {
                    BitSet got = r.join();
                    assertFalse(all.intersects(got), "an element reached two receivers");
                    all.or(got);
                }
                assertEquals(2 * perSender, all.cardinality(), "capacity " + capacity + " round " + round);
            }
        }
    }

    /**
     * A sender with a timeout races a receiver with a timeout: an element is either received and
     * reported sent, or not received and reported timed out. Never both, never neither.
     */
    @Test
    void timeoutsRacingHandoffsAreExact() throws Exception {
        Channel<Integer> ch = Channel.unbuffered();
        int n = 20_000;
        AtomicInteger sent = new AtomicInteger();
        AtomicInteger received = new AtomicInteger();
        Strand<Void> sender = Pal.spawn(() -> {
            for (int i = 0; i < n; i++) {
                if (ch.send(i, Duration.ofNanos(5_000))) {
                    sent.incrementAndGet();
                }
            }
            return null;
        });
        Strand<Void> receiver = Pal.spawn(() -> {
            while (!sender.isDone()) {
                Integer v = Select.<Integer>select().onReceive(ch, x -> x)
                        .onTimeout(Duration.ofNanos(5_000), () -> null).run();
                if (v != null) {
                    received.incrementAndGet();
                }
            }
            return null;
        });
        sender.join();
        receiver.join();
        assertEquals(sent.get(), received.get(), "sent " + sent + " received " + received);
    }

    /** close racing blocked senders and receivers: each element is received at most once, and only if its send returned. */
    @Test
    void closeRacingSendsAndReceivesIsExact() throws Exception {
        for (int round = 0; round < ROUNDS; round++) {
            Channel<Integer> ch = Channel.buffered(2);
            AtomicInteger sendsReturned = new AtomicInteger();
            AtomicInteger sendsRejected = new AtomicInteger();
            BitSet got = new BitSet();
            List<Strand<Void>> senders = new ArrayList<>();
            for (int s = 0; s < 3; s++) {
                int base = s * 10;
                senders.add(Pal.spawn(() -> {
                    for (int i = 0; i < 10; i++) {
                        try {
                            ch.send(base + i);
                            sendsReturned.incrementAndGet();
                        } catch (ChannelClosedException e) {
                            sendsRejected.incrementAndGet();
                        }
                    }
                    return null;
                }));
            }
            Strand<Void> receiver = Pal.spawn(() -> {
                for (int v : ch) {
                    synchronized (got) {
                        assertFalse(got.get(v), "duplicate " + v);
                        got.set(v);
                    }
                }
                return null;
            });
            for (int i = 0; i < round % 5; i++) {
                Pal.yieldNow();
            }
            ch.close();
            for (Strand<Void> s : senders) {
                s.join();
            }
            receiver.join();
            assertEquals(30, sendsReturned.get() + sendsRejected.get());
            assertEquals(sendsReturned.get(), got.cardinality(), "round " + round);
        }
    }

    /**
     * A plain timed receive that gives up races a timed send that hands over: the receiver's
     * withdrawal and the sender's claim meet under the channel's lock, so each element is either
     * received and reported sent, or neither.
     */
    @Test
    void timedReceivesRacingTimedSendsAreExact() throws Exception {
        Channel<Integer> ch = Channel.unbuffered();
        int n = 20_000;
        AtomicInteger sent = new AtomicInteger();
        BitSet got = new BitSet();
        Strand<Void> sender = Pal.spawn(() -> {
            for (int i = 0; i < n; i++) {
                if (ch.send(i, Duration.ofNanos(5_000))) {
                    sent.incrementAndGet();
                }
            }
            return null;
        });
        Strand<Void> receiver = Pal.spawn(() -> {
            while (!sender.isDone()) {
                try {
                    int v = ch.receive(Duration.ofNanos(5_000));
                    assertFalse(got.get(v), "duplicate " + v);
                    got.set(v);
                } catch (TimeoutException e) {
                    // gave up: the element, if one was offered, stays the sender's
                }
            }
            return null;
        });
        sender.join();
        receiver.join();
        assertEquals(sent.get(), got.cardinality(), "sent " + sent + " received " + got.cardinality());
    }

    /**
     * Interrupts rain on a strand blocked in a plain receive while a sender hands elements over: an
     * interrupt either withdraws the receive (nothing taken) or arrives after a sender claimed it
     * (the element is returned, the status kept). Every element sent arrives once.
     */
    @Test
    void interruptsRacingHandOffsLoseNothing() throws Exception {
        for (int round = 0; round < ROUNDS / 20; round++) {
            Channel<Integer> ch = Channel.unbuffered();
            int n = 2_000;
            AtomicInteger interrupted = new AtomicInteger();
            Strand<BitSet> receiver = Pal.spawn(() -> {
                BitSet got = new BitSet();
                while (true) {
                    try {
                        int v = ch.receive();
                        assertFalse(got.get(v), "duplicate " + v);
                        got.set(v);
                    } catch (InterruptedException e) {
                        interrupted.incrementAndGet();
                    } catch (ChannelClosedException e) {
                        Pal.interrupted(); // a status left by the last hand-off
                        return got;
                    }
                }
            });
            Strand<Void> sender = Pal.spawn(() -> {
                for (int i = 0; i < n; i++) {
                    ch.send(i);
                }
                return null;
            });
            Strand<Void> interrupter = Pal.spawn(() -> {
                while (!sender.isDone()) {
                    receiver.interrupt();
                    Pal.yieldNow();
                }
                return null;
            });
            sender.join();
            interrupter.join();
            ch.close();
            assertEquals(n, receiver.join().cardinality(), "round " + round + ", " + interrupted + " interrupts");
        }
    }

    /** close racing a send and a receive on an unbuffered channel: the receiver has the element exactly when the send returned. */
    @Test
    void closeRacingAHandOffToAWaitingReceiverIsExact() throws Exception {
        for (int r = 0; r < ROUNDS * 5; r++) {
            int round = r;
            Channel<Integer> ch = Channel.unbuffered();
            Strand<Integer> receiver = Pal.spawn(() -> {
                try {
                    return ch.receive();
                } catch (ChannelClosedException e) {
                    return -1;
                }
            });
            Strand<Boolean> sender = Pal.spawn(() -> {
                try {
                    ch.send(round);
                    return true;
                } catch (ChannelClosedException e) {
                    return false;
                }
            });
            for (int i = 0; i < round % 4; i++) {
                Pal.yieldNow();
            }
            ch.close();
            boolean sent = sender.join();
            int got = receiver.join();
            assertEquals(sent, got == round, "round " + round + ": sent " + sent + ", received " + got);
        }
    }

    /**
     * Two timed senders on two channels race for one select over both: the select's claim lets
     * exactly one of them hand over, and the other times out or meets the next select. What was
     * reported sent is what was received.
     */
    @Test
    void selectOverTwoChannelsTakesEachRacingSendOnce() throws Exception {
        Channel<Integer> a = Channel.unbuffered();
        Channel<Integer> b = Channel.unbuffered();
        int n = 10_000;
        AtomicInteger sent = new AtomicInteger();
        List<Strand<Void>> senders = new ArrayList<>();
        for (Channel<Integer> ch : List.of(a, b)) {
            senders.add(Pal.spawn(() -> {
                for (int i = 0; i < n; i++) {
                    if (ch.send(i, Duration.ofNanos(5_000))) {
                        sent.incrementAndGet();
                    }
                }
                return null;
            }));
        }
        Strand<Integer> receiver = Pal.spawn(() -> {
            int received = 0;
            while (!senders.get(0).isDone() || !senders.get(1).isDone()) {
                received += Select.<Integer>select().onReceive(a, v -> 1).onReceive(b, v -> 1)
                        .onTimeout(Duration.ofNanos(5_000), () -> 0).run();
            }
            return received;
        });
        for (Strand<Void> s : senders) {
            s.join();
        }
        assertEquals(sent.get(), receiver.join());
    }

    /** Among cases ready at once, each fires about equally often. */
    @Test
    void selectIsFairAmongReadyCases() throws Exception {
        Channel<Integer> a = Channel.buffered(1);
        Channel<Integer> b = Channel.buffered(1);
        int[] wins = new int[2];
        int n = 4_000;
        for (int i = 0; i < n; i++) {
            a.trySend(1);
            b.trySend(2);
            int w = Select.<Integer>select().onReceive(a, v -> 0).onReceive(b, v -> 1).run();
            wins[w]++;
        }
        assertTrue(wins[0] > n * 0.4 && wins[1] > n * 0.4, "unfair: " + wins[0] + " vs " + wins[1]);
    }

    @Test
    void selectTakesTheReadyCaseTheDefaultOrTheTimeout() throws Exception {
        Channel<String> in = Channel.buffered(1);
        Channel<String> out = Channel.unbuffered();
        assertEquals("default", Select.<String>select().onReceive(in, v -> v).onSend(out, "x", () -> "sent")
                .otherwise(() -> "default").run());
        assertEquals("timeout", Select.<String>select().onReceive(in, v -> v)
                .onTimeout(Duration.ofMillis(10), () -> "timeout").run());
        in.send("ready");
        assertEquals("ready", Select.<String>select().onReceive(in, v -> v).onSend(out, "x", () -> "sent").run());
        Strand<String> receiver = Pal.spawn(() -> out.receive());
        assertEquals("sent", Select.<String>select().onReceive(in, v -> v).onSend(out, "x", () -> "sent").run());
        assertEquals("x", receiver.join());
        in.close();
        assertEquals("closed", Select.<String>select().onReceive(in, v -> v == null ? "closed" : v).run());
        assertTrue(in.isClosed());
    }
}
