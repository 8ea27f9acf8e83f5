package io.pal.sim;

import java.io.IOException;
import java.lang.invoke.MethodHandle;
import java.lang.invoke.MethodHandles;
import java.lang.invoke.MethodType;
import java.net.ServerSocket;
import java.net.Socket;
import java.net.SocketImpl;
import java.net.SocketImplFactory;

/**
 * Sets the JDK's socket factories ({@code Socket.setSocketImplFactory},
 * {@code ServerSocket.setSocketFactory}) once, when the sim backend is created: inside a run a new
 * socket is a {@link SimSocketImpl} of the run's network; outside, the JDK's own implementation
 * (its package-private {@code SocketImpl.createPlatformSocketImpl}, reached with {@code java.net}
 * open to pal, which pal's agent does). Without that access the factories are not set and a run's
 * sockets are the kernel's, which the README lists among what sim cannot control.
 */
final class SimSockets {

    private static boolean installed;

    private SimSockets() {
    }

    @SuppressWarnings("deprecation") // the factories are the JDK's one seam for a SocketImpl of one's own
    static synchronized void install() {
        if (installed) {
            return;
        }
        MethodHandle platform;
        try {
            platform = MethodHandles.privateLookupIn(SocketImpl.class, MethodHandles.lookup())
                    .findStatic(SocketImpl.class, "createPlatformSocketImpl", MethodType.methodType(SocketImpl.class, boolean.class));
        } catch (ReflectiveOperationException | IllegalAccessError | RuntimeException e) {
            return; // java.net is not open to pal: sockets stay the kernel's
        }
        try {
            Socket.setSocketImplFactory(factory(platform, false));
            ServerSocket.setSocketFactory(factory(platform, true));
            installed = true;
        } catch (IOException e) {
            // the program (or a library) set a factory first: sockets stay theirs
        }
    }

    private static SocketImplFactory factory(MethodHandle platform, boolean server) {
        return () -> {
            SimRun run = SimRun.current();
            if (run != null) {
                return new SimSocketImpl(run.network());
            }
            try {
                return (SocketImpl) platform.invokeExact(server);
            } catch (Throwable e) {
                throw new IllegalStateException("cannot create the JDK's own socket", e);
            }
        };
    }
}
