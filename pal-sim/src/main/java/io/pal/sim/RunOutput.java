package io.pal.sim;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.OutputStream;

/**
 * {@code System.out} and {@code System.err} while the explorer runs seeds side by side in one JVM:
 * what a thread of a run writes goes to that run's own buffer (the first {@value #LIMIT} bytes are
 * kept), and what anyone else writes goes where it went before.
 */
final class RunOutput extends OutputStream {

    /** The most a run's buffer keeps. */
    static final int LIMIT = 1 << 20;
    /** Where writes from outside any run go. Immutable. */
    private final OutputStream outside;

    RunOutput(OutputStream outside) {
        this.outside = outside;
    }

    @Override
    public void write(int b) throws IOException {
        write(new byte[] {(byte) b}, 0, 1);
    }

    @Override
    public void write(byte[] b, int off, int len) throws IOException {
        SimRun r = SimRun.current();
        ByteArrayOutputStream captured = r == null ? null : r.output();
        if (captured == null) {
            outside.write(b, off, len);
            return;
        }
        synchronized (captured) {
            int room = LIMIT - captured.size();
            captured.write(b, off, Math.max(0, Math.min(room, len)));
        }
    }

    @Override
    public void flush() throws IOException {
        outside.flush();
    }
}
