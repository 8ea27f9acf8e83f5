package io.pal.shim.net;

import io.pal.shim.net.bridge.NetBridge;
import net.bytebuddy.asm.Advice;
import net.bytebuddy.implementation.bytecode.assign.Assigner;

import java.net.SocketImpl;

/**
 * The two pieces of advice, inlined into java.net, so they may name only JDK types and the bridge.
 * Both are stateless; when the bridge has no hook (not installed) they change nothing.
 */
final class SocketAdvice {

    private SocketAdvice() {
    }

    /** {@code SocketImpl.createPlatformSocketImpl(boolean server)}: every platform impl is made here. */
    static final class Create {
        @Advice.OnMethodEnter(skipOn = Advice.OnNonDefaultValue.class)
        static SocketImpl enter(@Advice.Argument(0) boolean server) throws Throwable {
            return NetBridge.create(server);
        }

        @Advice.OnMethodExit
        static void exit(@Advice.Enter SocketImpl pal,
                         @Advice.Return(readOnly = false, typing = Assigner.Typing.DYNAMIC) Object result) {
            if (pal != null) {
                result = pal;
            }
        }
    }

    /** {@code ServerSocket.platformImplAccept()}: the accepted connection's impl matches the server's. */
    static final class Accept {
        @Advice.OnMethodEnter(skipOn = Advice.OnNonDefaultValue.class)
        static SocketImpl enter(@Advice.FieldValue("impl") SocketImpl serverImpl) throws Throwable {
            return NetBridge.accept(serverImpl);
        }

        @Advice.OnMethodExit(onThrowable = Throwable.class)
        static void exit(@Advice.Enter SocketImpl pal,
                         @Advice.Return(readOnly = false, typing = Assigner.Typing.DYNAMIC) Object result) throws Throwable {
            NetBridge.acceptDone();
            if (pal != null) {
                result = pal;
            }
        }
    }
}
