package io.pal.shim.net;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.SocketException;
import java.net.SocketOption;
import java.net.SocketOptions;
import java.net.StandardSocketOptions;
import java.nio.channels.NetworkChannel;
import java.util.Collections;
import java.util.HashSet;
import java.util.Set;

/**
 * The legacy integer options of {@link java.net.SocketImpl} ({@link SocketOptions}) mapped onto
 * a channel's typed options, with NioSocketImpl's checks and messages. SO_TIMEOUT stays in the
 * impl (it is not a socket option of the kernel).
 */
final class SocketOptionsSupport {

    /** Options a client / server impl supports, computed from the first channel. Racy but idempotent. */
    private static volatile Set<SocketOption<?>> clientOptions, serverOptions;

    private SocketOptionsSupport() {
    }

    /** The channel's options, less the JDK-internal SO_OOBINLINE that NioSocketImpl does not list. */
    static Set<SocketOption<?>> supported(NetworkChannel ch, boolean server) {
        Set<SocketOption<?>> set = server ? serverOptions : clientOptions;
        if (set == null) {
            Set<SocketOption<?>> s = new HashSet<>();
            for (SocketOption<?> o : ch.supportedOptions()) {
                if (!o.name().equals("SO_OOBINLINE")) {
                    s.add(o);
                }
            }
            if (server) {
                s.add(StandardSocketOptions.IP_TOS); // emulated by PalSocketImpl, as NioSocketImpl offers it
            }
            set = Collections.unmodifiableSet(s);
            if (server) {
                serverOptions = set;
            } else {
                clientOptions = set;
            }
        }
        return set;
    }

    static void set(NetworkChannel ch, int opt, Object value) throws SocketException {
        try {
            switch (opt) {
                case SocketOptions.SO_LINGER -> {
                    int i = value instanceof Boolean b && !b ? -1 : intValue(value, "SO_LINGER");
                    ch.setOption(StandardSocketOptions.SO_LINGER, i);
                }
                case SocketOptions.IP_TOS -> ch.setOption(StandardSocketOptions.IP_TOS, intValue(value, "IP_TOS"));
                case SocketOptions.TCP_NODELAY -> ch.setOption(StandardSocketOptions.TCP_NODELAY, booleanValue(value, "TCP_NODELAY"));
                case SocketOptions.SO_SNDBUF -> ch.setOption(StandardSocketOptions.SO_SNDBUF, positive(value, "SO_SNDBUF"));
                case SocketOptions.SO_RCVBUF -> ch.setOption(StandardSocketOptions.SO_RCVBUF, positive(value, "SO_RCVBUF"));
                case SocketOptions.SO_KEEPALIVE -> ch.setOption(StandardSocketOptions.SO_KEEPALIVE, booleanValue(value, "SO_KEEPALIVE"));
                case SocketOptions.SO_REUSEADDR -> ch.setOption(StandardSocketOptions.SO_REUSEADDR, booleanValue(value, "SO_REUSEADDR"));
                case SocketOptions.SO_REUSEPORT -> {
                    if (!ch.supportedOptions().contains(StandardSocketOptions.SO_REUSEPORT)) {
                        throw new SocketException("SO_REUSEPORT not supported");
                    }
                    ch.setOption(StandardSocketOptions.SO_REUSEPORT, booleanValue(value, "SO_REUSEPORT"));
                }
                case SocketOptions.SO_OOBINLINE -> ch.setOption(oobInline(ch), booleanValue(value, "SO_OOBINLINE"));
                default -> throw new SocketException("Unknown option " + opt);
            }
        } catch (SocketException e) {
            throw e;
        } catch (IllegalArgumentException | UnsupportedOperationException | IOException e) {
            throw PalSocketImpl.asSocketException(e);
        }
    }

    static Object get(NetworkChannel ch, int opt) throws SocketException {
        try {
            return switch (opt) {
                case SocketOptions.TCP_NODELAY -> ch.getOption(StandardSocketOptions.TCP_NODELAY);
                case SocketOptions.SO_LINGER -> {
                    int i = ch.getOption(StandardSocketOptions.SO_LINGER);
                    yield i == -1 ? Boolean.FALSE : (Object) i;
                }
                case SocketOptions.SO_REUSEADDR -> ch.getOption(StandardSocketOptions.SO_REUSEADDR);
                case SocketOptions.SO_BINDADDR -> {
                    InetSocketAddress local = (InetSocketAddress) ch.getLocalAddress();
                    yield local != null ? local.getAddress() : new InetSocketAddress(0).getAddress();
                }
                case SocketOptions.SO_SNDBUF -> ch.getOption(StandardSocketOptions.SO_SNDBUF);
                case SocketOptions.SO_RCVBUF -> ch.getOption(StandardSocketOptions.SO_RCVBUF);
                case SocketOptions.IP_TOS -> ch.getOption(StandardSocketOptions.IP_TOS);
                case SocketOptions.SO_KEEPALIVE -> ch.getOption(StandardSocketOptions.SO_KEEPALIVE);
                case SocketOptions.SO_OOBINLINE -> ch.getOption(oobInline(ch));
                case SocketOptions.SO_REUSEPORT -> {
                    if (!ch.supportedOptions().contains(StandardSocketOptions.SO_REUSEPORT)) {
                        throw new SocketException("SO_REUSEPORT not supported");
                    }
                    yield ch.getOption(StandardSocketOptions.SO_REUSEPORT);
                }
                default -> throw new SocketException("Unknown option " + opt);
            };
        } catch (SocketException e) {
            throw e;
        } catch (IllegalArgumentException | UnsupportedOperationException | IOException e) {
            throw PalSocketImpl.asSocketException(e);
        }
    }

    /** The channel's own SO_OOBINLINE (a JDK-internal option object, found by name). */
    @SuppressWarnings("unchecked")
    private static SocketOption<Boolean> oobInline(NetworkChannel ch) throws SocketException {
        for (SocketOption<?> o : ch.supportedOptions()) {
            if (o.name().equals("SO_OOBINLINE") && o.type() == Boolean.class) {
                return (SocketOption<Boolean>) o;
            }
        }
        throw new SocketException("SO_OOBINLINE not supported");
    }

    private static int positive(Object value, String desc) throws SocketException {
        int i = intValue(value, desc);
        if (i <= 0) {
            throw new SocketException(desc + " <= 0");
        }
        return i;
    }

    private static boolean booleanValue(Object value, String desc) throws SocketException {
        if (!(value instanceof Boolean b)) {
            throw new SocketException("Bad value for " + desc);
        }
        return b;
    }

    private static int intValue(Object value, String desc) throws SocketException {
        if (!(value instanceof Integer i)) {
            throw new SocketException("Bad value for " + desc);
        }
        return i;
    }
}
