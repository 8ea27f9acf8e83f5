package io.pal.sim;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.SocketAddress;
import java.net.SocketException;
import java.net.SocketImpl;
import java.net.SocketOptions;
import java.net.UnknownHostException;
import java.util.HashMap;
import java.util.Map;

/**
 * A socket of a run's {@link SimNetwork}: what {@code new Socket()} and {@code new ServerSocket()}
 * get inside a run once {@link SimSockets} has set the JDK's socket factories. Loopback addresses
 * only; a listening socket accepts, a connected one reads and writes the connection's two pipes.
 * Touched by the thread that owns the socket, and by one that closes it.
 */
final class SimSocketImpl extends SocketImpl {

    /** The run's network. Immutable. */
    private final SimNetwork net;
    /** Options set; SO_TIMEOUT is the one that acts. Owner only. */
    private final Map<Integer, Object> options = new HashMap<>();
    /** The address bound to, for ServerSocket.getInetAddress; set by bind. */
    private volatile InetAddress localAddress;
    /** Set by listen. */
    private volatile SimNetwork.Listener listener;
    /** What this end reads from and writes to; set by connect or accept. */
    private volatile SimNetwork.Pipe in;
    private volatile SimNetwork.Pipe out;

    SimSocketImpl(SimNetwork net) {
        this.net = net;
    }

    @Override
    protected void create(boolean stream) throws IOException {
        if (!stream) {
            throw new SocketException("the simulated network has stream sockets only");
        }
    }

    @Override
    protected void connect(String host, int port) throws IOException {
        connect(new InetSocketAddress(host, port), 0);
    }

    @Override
    protected void connect(InetAddress address, int port) throws IOException {
        connect(new InetSocketAddress(address, port), 0);
    }

    @Override
    protected void connect(SocketAddress address, int timeout) throws IOException {
        InetSocketAddress to = (InetSocketAddress) address;
        if (to.isUnresolved()) {
            throw new UnknownHostException(to.getHostName());
        }
        SimNetwork.checkLoopback(to.getAddress());
        if (localport == 0) {
            localport = net.bind(0, this);
        }
        SimNetwork.Connection c = net.connect(to.getPort(), localport);
        in = c.toClient();
        out = c.toServer();
        this.address = to.getAddress();
        this.port = to.getPort();
    }

    @Override
    protected void bind(InetAddress host, int port) throws IOException {
        if (!host.isAnyLocalAddress()) {
            SimNetwork.checkLoopback(host);
        }
        localport = net.bind(port, this);
        localAddress = InetAddress.getLoopbackAddress();
    }

    @Override
    protected void listen(int backlog) {
        listener = net.listen(localport);
    }

    @Override
    protected void accept(SocketImpl s) throws IOException {
        SimNetwork.Listener l = listener;
        if (l == null) {
            throw new SocketException("not listening");
        }
        SimNetwork.Connection c = net.accept(l, timeoutMillis());
        SimSocketImpl accepted = (SimSocketImpl) s;
        accepted.in = c.toServer();
        accepted.out = c.toClient();
        accepted.address = InetAddress.getLoopbackAddress();
        accepted.port = c.clientPort();
        accepted.localport = localport;
    }

    private int timeoutMillis() {
        Object t = options.get(SocketOptions.SO_TIMEOUT);
        return t instanceof Integer i ? i : 0;
    }

    @Override
    protected InputStream getInputStream() throws IOException {
        SimNetwork.Pipe p = connected(in);
        return new SimStreams.In() {
            @Override
            int readSome(byte[] b, int off, int len) throws IOException {
                return p.read(b, off, len, timeoutMillis());
            }

            @Override
            public int available() {
                return p.available();
            }
        };
    }

    @Override
    protected OutputStream getOutputStream() throws IOException {
        SimNetwork.Pipe p = connected(out);
        return new SimStreams.Out() {
            @Override
            void writeAll(byte[] b, int off, int len) throws IOException {
                p.write(b, off, len);
            }
        };
    }

    private static SimNetwork.Pipe connected(SimNetwork.Pipe p) throws SocketException {
        if (p == null) {
            throw new SocketException("Socket is not connected");
        }
        return p;
    }

    @Override
    protected int available() {
        SimNetwork.Pipe p = in;
        return p == null ? 0 : p.available();
    }

    @Override
    protected void close() {
        SimNetwork.Listener l = listener;
        if (l != null) {
            net.closeListener(l);
        }
        if (out != null) {
            out.finish();
        }
        if (in != null) {
            in.closeReader();
        }
        if (localport != 0) {
            net.release(localport, this);
        }
    }

    @Override
    protected void shutdownInput() {
        if (in != null) {
            in.shutReader();
        }
    }

    @Override
    protected void shutdownOutput() {
        if (out != null) {
            out.finish();
        }
    }

    @Override
    protected void sendUrgentData(int data) throws IOException {
        throw new SocketException("the simulated network has no urgent data");
    }

    @Override
    public void setOption(int optID, Object value) {
        options.put(optID, value);
    }

    @Override
    public Object getOption(int optID) throws SocketException {
        if (optID == SocketOptions.SO_BINDADDR) {
            return localAddress != null ? localAddress : InetAddress.getLoopbackAddress();
        }
        Object v = options.get(optID);
        if (v == null && optID == SocketOptions.SO_TIMEOUT) {
            return 0;
        }
        return v;
    }

}
