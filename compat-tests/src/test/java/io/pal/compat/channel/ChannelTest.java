package io.pal.compat.channel;

import io.pal.Pal;
import io.pal.Strand;
import io.pal.StrandState;
import io.pal.channel.Channel;
import io.pal.channel.ChannelClosedException;
import io.pal.junit.AllBackends;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeoutException;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Channel semantics (Go's are the reference), the same on every backend. */
@AllBackends
@Timeout(60)
class ChannelTest {

    /** Waits (bounded) until the strand is parked, i.e. blocked in a channel operation. */
    static void awaitParked(Strand<?> s) {
        long deadline = System.nanoTime() + Duration.ofSeconds(10).toNanos();
        while (s.state() != StrandState.PARKED) {
            assertTrue(System.nanoTime() < deadline, "strand never parked: " + s);
            assertFalse(s.isDone(), "strand finished instead of blocking: " + s);
            Pal.park(Duration.ofMillis(1));
        }
    }

    @Test
    void anUnbufferedSendWaitsForAReceiver() throws Exception {
        Channel<String> ch = Channel.unbuffered();
        Strand<Void> sender = Pal.spawn(() -> {
            ch.send("hello");
            return null;
        });
        awaitParked(sender);
        assertFalse(sender.isDone());
        assertEquals("hello", ch.receive());
        sender.join();
        assertFalse(ch.trySend("nobody listens"));
        assertNull(ch.tryReceive());
    }

    @Test
    void aBufferedChannelHoldsCapacityElementsInOrder() throws Exception {
        Channel<Integer> ch = Channel.buffered(3);
        assertTrue(ch.trySend(1));
        assertTrue(ch.trySend(2));
        ch.send(3);
        assertFalse(ch.trySend(4), "buffer full");
        assertEquals(3, ch.size());
        assertEquals(List.of(1, 2, 3), List.of(ch.receive(), ch.receive(), ch.receive()));
        assertEquals(0, ch.size());
    }

    @Test
    void aSenderBlockedOnAFullBufferMovesIntoItWhenOneIsTaken() throws Exception {
        Channel<Integer> ch = Channel.buffered(1);
        ch.send(1);
        Strand<Void> sender = Pal.spawn(() -> {
            ch.send(2);
            return null;
        });
        awaitParked(sender);
        assertEquals(1, ch.receive());
        sender.join();
        assertEquals(1, ch.size());
        assertEquals(2, ch.receive());
    }

    @Test
    void receiversDrainTheBufferThenSeeItClosed() throws Exception {
        Channel<Integer> ch = Channel.buffered(4);
        ch.send(1);
        ch.send(2);
        ch.close();
        ch.close(); // a no-op
        assertTrue(ch.isClosed());
        assertThrows(ChannelClosedException.class, () -> ch.send(3));
        assertThrows(ChannelClosedException.class, () -> ch.trySend(3));
        List<Integer> seen = new ArrayList<>();
        for (int v : ch) {
            seen.add(v);
        }
        assertEquals(List.of(1, 2), seen);
        assertThrows(ChannelClosedException.class, ch::receive);
        assertThrows(ChannelClosedException.class, ch::tryReceive);
    }

    @Test
    void closeWakesBlockedReceiversAndSenders() throws Exception {
        Channel<Integer> in = Channel.unbuffered();
        Channel<Integer> out = Channel.unbuffered();
        Strand<Integer> receiver = Pal.spawn(() -> in.receive());
        Strand<Void> sender = Pal.spawn(() -> {
            out.send(7);
            return null;
        });
        awaitParked(receiver);
        awaitParked(sender);
        in.close();
        out.close();
        assertInstanceOf(ChannelClosedException.class, assertThrows(ExecutionException.class, receiver::join).getCause());
        assertInstanceOf(ChannelClosedException.class, assertThrows(ExecutionException.class, sender::join).getCause());
    }

    @Test
    void timeoutsExpireAndLeaveNothingBehind() throws Exception {
        Channel<Integer> ch = Channel.unbuffered();
        long t0 = System.nanoTime();
        assertThrows(TimeoutException.class, () -> ch.receive(Duration.ofMillis(20)));
        assertFalse(ch.send(1, Duration.ofMillis(20)));
        assertTrue(System.nanoTime() - t0 >= Duration.ofMillis(40).toNanos(), "a timeout expired early");
        assertThrows(TimeoutException.class, () -> ch.receive(Duration.ZERO));
        // the timed-out sender left no waiter: nothing can be received
        assertNull(ch.tryReceive());
    }

    @Test
    void anInterruptWakesABlockedReceive() throws Exception {
        Channel<Integer> ch = Channel.unbuffered();
        Strand<Integer> receiver = Pal.spawn(() -> ch.receive());
        awaitParked(receiver);
        receiver.interrupt();
        assertInstanceOf(InterruptedException.class, assertThrows(ExecutionException.class, receiver::join).getCause());
        assertFalse(ch.trySend(1), "the interrupted receiver left a waiter behind");
    }

    @Test
    void nullsAndBadCapacitiesAreRejected() {
        Channel<String> ch = Channel.buffered(1);
        assertThrows(NullPointerException.class, () -> ch.send(null));
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> Channel.buffered(0));
        assertTrue(e.getMessage().contains("capacity 0"), e.getMessage());
    }
}
