package io.pal.spi;

/**
 * A blocking call a strand makes that cannot suspend the strand, so it blocks the carrier thread
 * for as long as it lasts: what {@link ShimHooks#beginBlocking} is told, and what a backend counts
 * hand-offs by. Where a call has a non-blocking form pal uses (a socket, a pipe channel), it parks
 * instead and is not one of these.
 */
public enum BlockingCall {
    /**
     * Reads, writes and opens of files, pipes and FIFOs: through FileInputStream, FileOutputStream and
     * RandomAccessFile, through a FileChannel (reads, writes, transfers), and the open of a path by
     * {@code Files.*} or {@code FileChannel.open}.
     */
    FILE_IO,
    /** {@code Process.waitFor}. (A process's streams are pipes: {@link #FILE_IO}.) */
    PROCESS,
    /** A host name or address lookup through the platform resolver (InetAddress). */
    DNS,
    /** {@code Object.wait}: a monitor cannot be released by a suspended strand, so the carrier waits. */
    OBJECT_WAIT,
    /**
     * Any other call the JDK itself brackets as blocking for virtual threads
     * ({@code jdk.internal.misc.Blocker}): file locks, {@code FileDescriptor.sync} and
     * {@code FileChannel.force}, {@code System.in}, a process's streams.
     */
    JDK_BLOCKER,
    /** A park or sleep the backend could not turn into a suspension (a native frame on the strand's stack). */
    PINNED_PARK,
    /** A contended {@code synchronized}: nobody announces it; the backend's monitor sees the carrier BLOCKED. */
    MONITOR_ENTER;

    private static final BlockingCall[] VALUES = values();

    /** The call with this ordinal (how bytecode inlined into the JDK names one): an int crosses class loaders, an enum of pal's does not. */
    public static BlockingCall of(int ordinal) {
        return VALUES[ordinal];
    }
}
