package io.pal.bench.net;

import jnr.constants.platform.Errno;
import jnr.constants.platform.RLIMIT;
import jnr.posix.POSIX;
import jnr.posix.POSIXFactory;
import jnr.posix.RLimit;

/**
 * RLIMIT_NOFILE of this process, through JNR-POSIX's getrlimit/setrlimit (the JDK has no API for
 * either). Every connection costs a descriptor on each side, so the limit caps how many idle
 * connections one client process and one server process can hold.
 *
 * <p>HotSpot on Linux already raises its own soft limit to the hard limit at start-up (the
 * {@code -XX:+MaxFDLimit} default), and Go does the same since 1.19; so {@link #raise} usually
 * finds nothing to do, and matters for a JVM started with {@code -XX:-MaxFDLimit}. What it adds is
 * {@link #tryHardLimit}: whether the hard limit itself may be raised here (it needs
 * CAP_SYS_RESOURCE), and the error if not.
 */
public final class FdLimit {

    /** Soft and hard limit, before and after raising; {@code hardRaiseError} is null or why the hard limit stayed. */
    public record Limits(long softBefore, long soft, long hard, String hardRaiseError) {
    }

    private FdLimit() {
    }

    /**
     * Tries to make the hard limit at least {@code wanted} (which needs privileges), then raises the
     * soft limit to the hard one.
     */
    public static Limits raise(long wanted) {
        POSIX posix = POSIXFactory.getNativePOSIX();
        int resource = RLIMIT.RLIMIT_NOFILE.intValue();
        RLimit before = posix.getrlimit(resource);
        long softBefore = before.rlimCur();
        String hardError = tryHardLimit(posix, resource, before.rlimMax(), wanted);
        long hard = posix.getrlimit(resource).rlimMax();
        if (posix.getrlimit(resource).rlimCur() < hard && posix.setrlimit(resource, hard, hard) != 0) {
            throw new IllegalStateException("setrlimit(RLIMIT_NOFILE, " + hard + ") failed: " + errno(posix));
        }
        return new Limits(softBefore, posix.getrlimit(resource).rlimCur(), hard, hardError);
    }

    /** Null if the hard limit is or became at least {@code wanted}; else the error setrlimit gave. */
    private static String tryHardLimit(POSIX posix, int resource, long hard, long wanted) {
        if (hard >= wanted) {
            return null;
        }
        if (posix.setrlimit(resource, wanted, wanted) == 0) {
            return null;
        }
        return "setrlimit(RLIMIT_NOFILE, " + wanted + ") failed with " + errno(posix);
    }

    private static String errno(POSIX posix) {
        int e = posix.errno();
        Errno name = Errno.valueOf(e);
        return name == null ? "errno " + e : name.name() + " (" + name.description() + ")";
    }
}
