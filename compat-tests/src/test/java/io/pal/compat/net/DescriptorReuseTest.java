package io.pal.compat.net;

import io.pal.BackendName;
import io.pal.Pal;
import io.pal.Strand;
import io.pal.compat.Await;
import io.pal.compat.SocketSuite;
import io.pal.compat.net.NetTests.Connection;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

import static io.pal.compat.net.NetTests.HELLO;
import static io.pal.compat.net.NetTests.awaitSuspendedUnlessThreads;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;

/**
 * The kernel gives a closed socket's descriptor number to the next socket. A socket a strand waited
 * on, closed with nobody waiting (so the JDK tells no poller), must leave nothing behind that keeps
 * a wait on the next socket with its number from waking: the coroutine backend keeps one epoll
 * registration per socket for the socket's life, and must hear of every final close.
 */
@SocketSuite
@Timeout(value = 120, threadMode = Timeout.ThreadMode.SEPARATE_THREAD)
class DescriptorReuseTest {

    private static final int ROUNDS = 300;

    @Test
    void aSocketThatGetsAClosedSocketsNumberWakesTheStrandThatWaitsOnIt(BackendName backend) throws Exception {
        for (int round = 0; round < ROUNDS; round++) {
            try (Connection k = Connection.open()) { // the numbers the previous round closed
                Strand<byte[]> reader = Pal.spawn("reader", () -> k.client().getInputStream().readNBytes(HELLO.length));
                awaitSuspendedUnlessThreads(reader, backend);
                k.server().getOutputStream().write(HELLO);
                assertArrayEquals(HELLO, reader.join(Await.LIMIT), "round " + round);
            }
        }
    }
}
