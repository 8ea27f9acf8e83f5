package io.pal.shim.net;

import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

import java.io.InputStream;
import java.io.OutputStream;
import java.net.ServerSocket;
import java.net.Socket;
import java.util.SplittableRandom;
import java.util.zip.CRC32;

import static io.pal.shim.net.NetTestSupport.listen;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * 64 MiB through small socket buffers, written in 1 MiB calls: each call is many partial writes
 * and readiness waits. The bytes are pseudo-random; a CRC32 on each side must agree.
 */
@Timeout(120)
class BulkTransferTest extends ShimTestBase {

    private static final int TOTAL = 64 * 1024 * 1024;
    private static final int CHUNK = 1024 * 1024;

    @ParameterizedTest
    @EnumSource(Impl.class)
    void sixtyFourMebibytesArriveIntact(Impl impl) throws Exception {
        use(impl);
        long waitsBefore = BACKEND.writeWaits.sum();
        try (ServerSocket ss = listen()) {
            ss.setReceiveBufferSize(16 * 1024);
            try (Socket c = new Socket()) {
                c.setSendBufferSize(16 * 1024);
                Socket s = SocketBehaviourTest.connectAndAccept(ss, c);
                try (s) {
                    Forked<Long> writer = Forked.platform("writer", () -> write(c.getOutputStream()));
                    long[] got = read(s.getInputStream());
                    long sent = writer.join();
                    assertEquals(TOTAL, got[0]);
                    assertEquals(sent, got[1], "checksums differ");
                }
            }
        }
        long waits = BACKEND.writeWaits.sum() - waitsBefore;
        if (impl == Impl.PAL) {
            assertTrue(waits >= TOTAL / CHUNK, "expected partial writes to wait, saw " + waits + " waits");
        }
        assertMadeBy(impl);
    }

    private static long write(OutputStream out) throws Exception {
        SplittableRandom random = new SplittableRandom(42);
        CRC32 crc = new CRC32();
        byte[] chunk = new byte[CHUNK];
        for (int sent = 0; sent < TOTAL; sent += CHUNK) {
            for (int i = 0; i < CHUNK; i += 8) {
                long r = random.nextLong();
                for (int k = 0; k < 8; k++) {
                    chunk[i + k] = (byte) (r >>> (8 * k));
                }
            }
            crc.update(chunk);
            out.write(chunk);
        }
        out.flush();
        return crc.getValue();
    }

    /** Reads to EOF-free completion of TOTAL bytes; returns {count, crc}. */
    private static long[] read(InputStream in) throws Exception {
        CRC32 crc = new CRC32();
        byte[] buf = new byte[64 * 1024];
        long count = 0;
        while (count < TOTAL) {
            int n = in.read(buf);
            if (n < 0) {
                break;
            }
            crc.update(buf, 0, n);
            count += n;
        }
        return new long[] {count, crc.getValue()};
    }
}
