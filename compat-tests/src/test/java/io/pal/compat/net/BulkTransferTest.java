package io.pal.compat.net;

import io.pal.BackendName;
import io.pal.Pal;
import io.pal.Strand;
import io.pal.compat.SocketSuite;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

import java.io.InputStream;
import java.io.OutputStream;
import java.net.ServerSocket;
import java.net.Socket;
import java.util.SplittableRandom;
import java.util.zip.CRC32;

import static io.pal.compat.net.NetTests.addressOf;
import static io.pal.compat.net.NetTests.awaitSuspendedUnlessThreads;
import static io.pal.compat.net.NetTests.inStrand;
import static io.pal.compat.net.NetTests.listen;
import static org.junit.jupiter.api.Assertions.assertEquals;

/**
 * 64 MiB of pseudo-random bytes through 16 KiB socket buffers, written in 1 MiB calls, so every
 * call is many partial writes with waits for the socket to drain in between. The reader starts
 * only once the writer is suspended in such a wait (the buffers are full), and a CRC32 on each side
 * must agree.
 */
@SocketSuite
@Timeout(value = 120, threadMode = Timeout.ThreadMode.SEPARATE_THREAD)
class BulkTransferTest {

    private static final int TOTAL = 64 * 1024 * 1024;
    private static final int CHUNK = 1024 * 1024;
    private static final int SMALL_BUFFER = 16 * 1024;

    @Test
    void sixtyFourMebibytesArriveIntact(BackendName backend) throws Exception {
        inStrand(() -> {
            try (ServerSocket ss = listen()) {
                ss.setReceiveBufferSize(SMALL_BUFFER);
                try (Socket c = new Socket()) {
                    c.setSendBufferSize(SMALL_BUFFER);
                    c.connect(addressOf(ss));
                    try (Socket s = ss.accept()) {
                        OutputStream out = c.getOutputStream();
                        Strand<Long> writer = Pal.spawn("writer", () -> write(out));
                        awaitSuspendedUnlessThreads(writer, backend);
                        long[] got = read(s.getInputStream());
                        assertEquals(TOTAL, got[0], "bytes received");
                        assertEquals(writer.join(), got[1], "checksums differ");
                    }
                }
            }
        });
    }

    /** Writes TOTAL bytes in CHUNK-sized calls; returns their CRC32. */
    private static long write(OutputStream out) throws Exception {
        SplittableRandom random = new SplittableRandom(42);
        CRC32 crc = new CRC32();
        byte[] chunk = new byte[CHUNK];
        for (int sent = 0; sent < TOTAL; sent += CHUNK) {
            random.nextBytes(chunk);
            crc.update(chunk);
            out.write(chunk);
        }
        out.flush();
        return crc.getValue();
    }

    /** Reads TOTAL bytes, or up to EOF; returns {count, crc}. */
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
