package io.pal.shim.net;

/** Which SocketImpl a test's sockets get: the JDK's (the reference) or pal's. */
enum Impl {
    JDK, PAL
}
