package io.pal.sim;

import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.net.SocketAddress;
import java.net.SocketException;
import java.net.SocketOption;
import java.net.StandardSocketOptions;
import java.nio.channels.IllegalBlockingModeException;
import java.nio.channels.ServerSocketChannel;
import java.util.Set;
import java.util.concurrent.TimeUnit;

/**
 * What {@code socket()} of a {@link SimServerSocketChannel} returns: a {@code ServerSocket} that is a
 * view of the channel, as the JDK's own adaptor is. Its accept waits (in blocking mode only) at most
 * SO_TIMEOUT, on virtual time, and returns the accepted channel's adaptor.
 */
final class SimServerSocketAdaptor extends ServerSocket {

    /** The channel this is a view of. Immutable. */
    private final SimServerSocketChannel ch;
    /** SO_TIMEOUT. */
    private final SimStreams.Timeout timeout = new SimStreams.Timeout();

    SimServerSocketAdaptor(SimServerSocketChannel ch, SimNetwork net) throws IOException {
        super(new SimSocketImpl(net)); // never used: every method here is the channel's
        this.ch = ch;
    }

    @Override
    public ServerSocketChannel getChannel() {
        return ch;
    }

    @Override
    public void bind(SocketAddress local) throws IOException {
        bind(local, 50);
    }

    @Override
    public void bind(SocketAddress local, int backlog) throws IOException {
        ch.bind(local, backlog);
    }

    @Override
    public InetAddress getInetAddress() {
        return ch.localPort() < 0 ? null : InetAddress.getLoopbackAddress();
    }

    @Override
    public int getLocalPort() {
        return ch.localPort();
    }

    @Override
    public SocketAddress getLocalSocketAddress() {
        int p = ch.localPort();
        return p < 0 ? null : new InetSocketAddress(InetAddress.getLoopbackAddress(), p);
    }

    @Override
    public Socket accept() throws IOException {
        if (!ch.isBlocking()) {
            throw new IllegalBlockingModeException();
        }
        return ch.accept(TimeUnit.MILLISECONDS.toNanos(timeout.millis())).socket();
    }

    @Override
    public void setSoTimeout(int millis) throws SocketException {
        timeout.set(ch.isOpen(), millis);
    }

    @Override
    public int getSoTimeout() throws SocketException {
        return timeout.get(ch.isOpen());
    }

    @Override
    public <T> ServerSocket setOption(SocketOption<T> name, T value) throws IOException {
        ch.setOption(name, value);
        return this;
    }

    @Override
    public <T> T getOption(SocketOption<T> name) throws IOException {
        return ch.getOption(name);
    }

    @Override
    public Set<SocketOption<?>> supportedOptions() {
        return ch.supportedOptions();
    }

    @Override
    public void setReuseAddress(boolean on) throws SocketException {
        SimChannelOptions.setFor(ch, StandardSocketOptions.SO_REUSEADDR, on);
    }

    @Override
    public boolean getReuseAddress() throws SocketException {
        return SimChannelOptions.getFor(ch, StandardSocketOptions.SO_REUSEADDR);
    }

    @Override
    public void setReceiveBufferSize(int size) throws SocketException {
        SimChannelOptions.setFor(ch, StandardSocketOptions.SO_RCVBUF, size);
    }

    @Override
    public int getReceiveBufferSize() throws SocketException {
        return SimChannelOptions.getFor(ch, StandardSocketOptions.SO_RCVBUF);
    }

    @Override
    public void close() throws IOException {
        ch.close();
    }

    @Override
    public boolean isBound() {
        return ch.localPort() >= 0;
    }

    @Override
    public boolean isClosed() {
        return !ch.isOpen();
    }

    @Override
    public String toString() {
        return isBound() ? "ServerSocket[addr=" + getInetAddress() + ",localport=" + getLocalPort() + "] (simulated)"
                : "ServerSocket[unbound] (simulated)";
    }
}
