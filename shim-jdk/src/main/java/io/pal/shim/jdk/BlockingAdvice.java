package io.pal.shim.jdk;

import io.pal.shim.jdk.bridge.PalBridge;
import net.bytebuddy.asm.Advice;

import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

/**
 * Advice around the JDK's blocking calls that cannot suspend a strand: each opens a blocking
 * section before the call and closes it after, however it returns, so that on a backend whose
 * strands share carriers the carrier's other work is handed away at once (Backend.beginBlocking).
 * Inlined into java.base: names only JDK types and the bridge, and passes the call as the ordinal
 * of {@code io.pal.spi.BlockingCall} (the constants below; BlockingCallOrdinalsTest keeps them equal).
 */
final class BlockingAdvice {

    /** {@code BlockingCall.FILE_IO}. */
    static final int FILE_IO = 0;
    /** {@code BlockingCall.PROCESS}. */
    static final int PROCESS = 1;
    /** {@code BlockingCall.DNS}. */
    static final int DNS = 2;
    /** {@code BlockingCall.OBJECT_WAIT}. */
    static final int OBJECT_WAIT = 3;
    /** {@code BlockingCall.JDK_BLOCKER}. */
    static final int JDK_BLOCKER = 4;

    private BlockingAdvice() {
    }

    /**
     * Binds the call a {@link Section} is for: a constant, one of those above, set where the advice
     * is applied ({@code Advice.withCustomMapping().bind(Call.class, FILE_IO)}).
     */
    @Retention(RetentionPolicy.RUNTIME)
    @Target(ElementType.PARAMETER)
    @interface Call {
    }

    /**
     * Around one blocking method: FileInputStream, FileOutputStream and RandomAccessFile opens,
     * reads, writes and skips (files, pipes, FIFOs, the console); FileChannelImpl's reads, writes
     * and transfers; UnixNativeDispatcher's {@code open}/{@code openat} (every {@code Files.*} open);
     * {@code ProcessImpl.waitFor}; the platform resolver's lookups. Which call it is comes in as
     * {@link Call}.
     */
    static final class Section {
        @Advice.OnMethodEnter
        static boolean enter(@Call int call) throws Throwable {
            return PalBridge.beginBlocking(call);
        }

        @Advice.OnMethodExit(onThrowable = Throwable.class)
        static void exit(@Advice.Enter boolean began) throws Throwable {
            if (began) {
                PalBridge.endBlocking();
            }
        }
    }

    /**
     * {@code jdk.internal.misc.Blocker.begin()}: the JDK's own bracket for virtual threads. It
     * returns false for anything but a virtual thread; then a strand opens a section of its own,
     * and the method returns true so that the JDK's matching {@code end(true)} comes to
     * {@link BlockerEnd}.
     */
    static final class BlockerBegin {
        @Advice.OnMethodExit
        static void exit(@Advice.Return(readOnly = false) boolean attempted) throws Throwable {
            if (!attempted) {
                attempted = PalBridge.beginBlocking(JDK_BLOCKER);
            }
        }
    }

    /** {@code Blocker.end(boolean attempted)}: closes a strand's section; the JDK's end runs only for a virtual thread's. */
    static final class BlockerEnd {
        @Advice.OnMethodEnter(skipOn = Advice.OnNonDefaultValue.class)
        static boolean enter(@Advice.Argument(0) boolean attempted) throws Throwable {
            return attempted && PalBridge.endBlocking();
        }
    }
}
