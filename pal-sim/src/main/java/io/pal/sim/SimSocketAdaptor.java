package io.pal.sim;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.SocketAddress;
import java.net.SocketException;
import java.net.SocketOption;
import java.net.StandardSocketOptions;
import java.nio.ByteBuffer;
import java.nio.channels.IllegalBlockingModeException;
import java.nio.channels.SocketChannel;
import java.util.Objects;
import java.util.Set;

/**
 * What {@code socket()} of a {@link SimSocketChannel} returns: a {@code Socket} that is a view of
 * the channel, as the JDK's own adaptor is. Its streams read and write the channel in blocking mode
 * (IllegalBlockingModeException otherwise); a read waits at most SO_TIMEOUT, on virtual time. Its
 * options are the channel's.
 */
final class SimSocketAdaptor extends Socket {

    /** The channel this is a view of. Immutable. */
    private final SimSocketChannel ch;
    /** SO_TIMEOUT. */
    private final SimStreams.Timeout timeout = new SimStreams.Timeout();

    SimSocketAdaptor(SimSocketChannel ch) throws SocketException {
        super((java.net.SocketImpl) null);
        this.ch = ch;
    }

    @Override
    public SocketChannel getChannel() {
        return ch;
    }

    @Override
    public void connect(SocketAddress remote) throws IOException {
        connect(remote, 0);
    }

    @Override
    public void connect(SocketAddress remote, int timeout) throws IOException {
        if (timeout < 0) {
            throw new IllegalArgumentException("connect: timeout can't be negative");
        }
        if (!ch.isBlocking()) {
            throw new IllegalBlockingModeException();
        }
        ch.connect(Objects.requireNonNull(remote, "remote"));
    }

    @Override
    public void bind(SocketAddress local) throws IOException {
        ch.bind(local);
    }

    @Override
    public InetAddress getInetAddress() {
        InetSocketAddress a = remote();
        return a == null ? null : a.getAddress();
    }

    @Override
    public InetAddress getLocalAddress() {
        return InetAddress.getLoopbackAddress();
    }

    @Override
    public int getPort() {
        InetSocketAddress a = remote();
        return a == null ? 0 : a.getPort();
    }

    @Override
    public int getLocalPort() {
        int p = ch.localPort();
        return p == 0 ? -1 : p;
    }

    @Override
    public SocketAddress getRemoteSocketAddress() {
        return remote();
    }

    @Override
    public SocketAddress getLocalSocketAddress() {
        int p = ch.localPort();
        return p == 0 ? null : new InetSocketAddress(InetAddress.getLoopbackAddress(), p);
    }

    private InetSocketAddress remote() {
        try {
            return (InetSocketAddress) ch.getRemoteAddress();
        } catch (IOException closed) {
            return null;
        }
    }

    @Override
    public InputStream getInputStream() throws IOException {
        checkStream("input", ch.isInputShut());
        return new SimStreams.In() {
            @Override
            int readSome(byte[] b, int off, int len) throws IOException {
                return ch.read(b, off, len, timeout.millis());
            }

            @Override
            public void close() throws IOException {
                ch.close();
            }
        };
    }

    @Override
    public OutputStream getOutputStream() throws IOException {
        checkStream("output", ch.isOutputShut());
        return new SimStreams.Out() {
            @Override
            void writeAll(byte[] b, int off, int len) throws IOException {
                if (!ch.isBlocking()) {
                    throw new IllegalBlockingModeException();
                }
                ch.write(ByteBuffer.wrap(b, off, len));
            }

            @Override
            public void close() throws IOException {
                ch.close();
            }
        };
    }

    private void checkStream(String which, boolean shut) throws SocketException {
        if (!ch.isOpen()) {
            throw new SocketException("Socket is closed");
        }
        if (!ch.isConnected()) {
            throw new SocketException("Socket is not connected");
        }
        if (shut) {
            throw new SocketException("Socket " + which + " is shutdown");
        }
    }

    // ---------------------------------------------------------------- options: the channel's

    private <T> void set(SocketOption<T> name, T value) throws SocketException {
        SimChannelOptions.setFor(ch, name, value);
    }

    private <T> T get(SocketOption<T> name) throws SocketException {
        return SimChannelOptions.getFor(ch, name);
    }

    @Override
    public <T> Socket setOption(SocketOption<T> name, T value) throws IOException {
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
    public void setTcpNoDelay(boolean on) throws SocketException {
        set(StandardSocketOptions.TCP_NODELAY, on);
    }

    @Override
    public boolean getTcpNoDelay() throws SocketException {
        return get(StandardSocketOptions.TCP_NODELAY);
    }

    @Override
    public void setSoLinger(boolean on, int linger) throws SocketException {
        set(StandardSocketOptions.SO_LINGER, on ? linger : -1);
    }

    @Override
    public int getSoLinger() throws SocketException {
        return get(StandardSocketOptions.SO_LINGER);
    }

    @Override
    public void setKeepAlive(boolean on) throws SocketException {
        set(StandardSocketOptions.SO_KEEPALIVE, on);
    }

    @Override
    public boolean getKeepAlive() throws SocketException {
        return get(StandardSocketOptions.SO_KEEPALIVE);
    }

    @Override
    public void setSendBufferSize(int size) throws SocketException {
        set(StandardSocketOptions.SO_SNDBUF, size);
    }

    @Override
    public int getSendBufferSize() throws SocketException {
        return get(StandardSocketOptions.SO_SNDBUF);
    }

    @Override
    public void setReceiveBufferSize(int size) throws SocketException {
        set(StandardSocketOptions.SO_RCVBUF, size);
    }

    @Override
    public int getReceiveBufferSize() throws SocketException {
        return get(StandardSocketOptions.SO_RCVBUF);
    }

    @Override
    public void setReuseAddress(boolean on) throws SocketException {
        set(StandardSocketOptions.SO_REUSEADDR, on);
    }

    @Override
    public boolean getReuseAddress() throws SocketException {
        return get(StandardSocketOptions.SO_REUSEADDR);
    }

    @Override
    public void setSoTimeout(int millis) throws SocketException {
        timeout.set(ch.isOpen(), millis);
    }

    @Override
    public int getSoTimeout() throws SocketException {
        return timeout.get(ch.isOpen());
    }

    // ---------------------------------------------------------------- state: the channel's

    @Override
    public void close() throws IOException {
        ch.close();
    }

    @Override
    public void shutdownInput() throws IOException {
        ch.shutdownInput();
    }

    @Override
    public void shutdownOutput() throws IOException {
        ch.shutdownOutput();
    }

    @Override
    public boolean isConnected() {
        return ch.isConnected();
    }

    @Override
    public boolean isBound() {
        return ch.localPort() != 0;
    }

    @Override
    public boolean isClosed() {
        return !ch.isOpen();
    }

    @Override
    public boolean isInputShutdown() {
        return ch.isInputShut();
    }

    @Override
    public boolean isOutputShutdown() {
        return ch.isOutputShut();
    }

    @Override
    public String toString() {
        return isConnected() ? "Socket[addr=" + getInetAddress() + ",port=" + getPort() + ",localport=" + getLocalPort() + "] (simulated)"
                : "Socket[unconnected] (simulated)";
    }
}
