package io.pal.compat.hunt;

import io.pal.Pal;
import io.pal.Strand;
import io.pal.channel.Channel;
import io.pal.channel.ChannelClosedException;
import io.pal.channel.Select;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;

/**
 * A sim program (run it with {@code bin/pal sim}): one sender, one receiver in a select with a
 * timeout and a second channel, and a closer that closes the channel at a time the seed draws.
 * Sends alternate between {@code send(e, timeout)} and a select's {@code onSend} with a timeout.
 * Invariant, exact: the elements whose send reported success are the elements received, in order,
 * each once; the receiver sees the channel closed and drained. Unbuffered and buffered (1 and 2).
 */
public final class ChannelSelectHunt {

    private static final int ELEMENTS = 8;
    private static final int CLOSED = -1;
    private static final int OTHER = -2;
    private static final int TIMED_OUT = -3;

    private ChannelSelectHunt() {
    }

    public static void main(String[] args) throws Exception {
        Random random = new Random();
        for (int capacity : new int[] {0, 1, 2}) {
            round(capacity, random.nextInt(20));
        }
    }

    private static void round(int capacity, int closeAfterMillis) throws Exception {
        Channel<Integer> ch = capacity == 0 ? Channel.unbuffered() : Channel.buffered(capacity);
        Channel<Integer> other = Channel.unbuffered();
        List<Integer> sent = new ArrayList<>();
        List<Integer> received = new ArrayList<>();
        Strand<Void> sender = Pal.spawn(() -> {
            try {
                for (int i = 0; i < ELEMENTS; i++) {
                    int e = i;
                    boolean ok = i % 2 == 0 ? ch.send(e, Duration.ofMillis(2))
                            : Select.<Boolean>select().onSend(ch, e, () -> true)
                                    .onTimeout(Duration.ofMillis(2), () -> false).run();
                    if (ok) {
                        synchronized (sent) {
                            sent.add(e);
                        }
                    }
                    Pal.sleep(Duration.ofMillis(1));
                }
            } catch (ChannelClosedException closed) {
                // the closer came first
            }
            return null;
        });
        Strand<Void> receiver = Pal.spawn(() -> {
            while (true) {
                int r = Select.<Integer>select()
                        .onReceive(ch, x -> x == null ? CLOSED : x)
                        .onReceive(other, x -> OTHER)
                        .onTimeout(Duration.ofMillis(3), () -> TIMED_OUT)
                        .run();
                if (r == CLOSED) {
                    return null;
                }
                if (r >= 0) {
                    synchronized (received) {
                        received.add(r);
                    }
                }
            }
        });
        Strand<Void> closer = Pal.spawn(() -> {
            Pal.sleep(Duration.ofMillis(closeAfterMillis));
            ch.close();
            return null;
        });
        sender.join();
        closer.join();
        receiver.join();
        if (!sent.equals(received)) {
            throw new AssertionError("capacity " + capacity + ": sent " + sent + " but received " + received);
        }
        try {
            Integer left = ch.tryReceive();
            throw new AssertionError("capacity " + capacity + ": a closed channel the receiver drained gave " + left);
        } catch (ChannelClosedException expected) {
            // closed and drained
        }
    }
}
