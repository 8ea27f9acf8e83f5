package io.pal.sim;

import java.io.IOException;
import java.net.ProtocolFamily;
import java.net.StandardProtocolFamily;
import java.nio.channels.DatagramChannel;
import java.nio.channels.Pipe;
import java.nio.channels.ServerSocketChannel;
import java.nio.channels.SocketChannel;
import java.nio.channels.spi.AbstractSelector;
import java.nio.channels.spi.SelectorProvider;

/**
 * What {@code SelectorProvider.provider()} returns inside a run (shim-jdk's advice asks
 * {@link SimBackend#selectorProvider}): TCP channels and selectors of the run's {@link SimNetwork},
 * so that {@code SocketChannel.open()}, {@code ServerSocketChannel.open()} and {@code Selector.open()}
 * take no kernel descriptor and every choice comes from the seed; so does {@code Pipe.open()}
 * ({@link SimPipe}). Datagram channels and unix-domain channels stay the JDK's (the kernel's), as the
 * README's sim section says.
 */
final class SimSelectorProvider extends SelectorProvider {

    /** The run's network. Immutable. */
    private final SimNetwork net;
    /** The JDK's own provider, for what the network does not simulate. Immutable. */
    private final SelectorProvider jdk;

    SimSelectorProvider(SimNetwork net, SelectorProvider jdk) {
        this.net = net;
        this.jdk = jdk;
    }

    @Override
    public SocketChannel openSocketChannel() {
        return new SimSocketChannel(this, net);
    }

    @Override
    public SocketChannel openSocketChannel(ProtocolFamily family) throws IOException {
        return family == StandardProtocolFamily.UNIX ? jdk.openSocketChannel(family) : new SimSocketChannel(this, net);
    }

    @Override
    public ServerSocketChannel openServerSocketChannel() {
        return new SimServerSocketChannel(this, net);
    }

    @Override
    public ServerSocketChannel openServerSocketChannel(ProtocolFamily family) throws IOException {
        return family == StandardProtocolFamily.UNIX ? jdk.openServerSocketChannel(family) : new SimServerSocketChannel(this, net);
    }

    @Override
    public AbstractSelector openSelector() {
        return new SimSelector(this, net);
    }

    @Override
    public DatagramChannel openDatagramChannel() throws IOException {
        return jdk.openDatagramChannel();
    }

    @Override
    public DatagramChannel openDatagramChannel(ProtocolFamily family) throws IOException {
        return jdk.openDatagramChannel(family);
    }

    @Override
    public Pipe openPipe() {
        return new SimPipe(this, net);
    }
}
