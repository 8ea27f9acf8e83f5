package io.pal.bench.net;

import io.netty.bootstrap.ServerBootstrap;
import io.netty.buffer.Unpooled;
import io.netty.channel.Channel;
import io.netty.channel.ChannelFutureListener;
import io.netty.channel.ChannelHandler;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.channel.ChannelInitializer;
import io.netty.channel.ChannelOption;
import io.netty.channel.EventLoopGroup;
import io.netty.channel.epoll.Epoll;
import io.netty.channel.epoll.EpollEventLoopGroup;
import io.netty.channel.epoll.EpollServerSocketChannel;
import io.netty.channel.nio.NioEventLoopGroup;
import io.netty.channel.socket.SocketChannel;
import io.netty.channel.socket.nio.NioServerSocketChannel;
import io.netty.handler.codec.http.DefaultFullHttpResponse;
import io.netty.handler.codec.http.FullHttpResponse;
import io.netty.handler.codec.http.HttpHeaderNames;
import io.netty.handler.codec.http.HttpHeaderValues;
import io.netty.handler.codec.http.HttpRequest;
import io.netty.handler.codec.http.HttpResponseStatus;
import io.netty.handler.codec.http.HttpServerCodec;
import io.netty.handler.codec.http.HttpUtil;
import io.netty.handler.codec.http.HttpVersion;
import io.netty.util.ReferenceCountUtil;

import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;

/**
 * The Netty anchor of the network benchmarks: the same echo and HTTP hello servers as pal's
 * examples, written the way Netty is written (event loops, handlers, no strand per connection).
 * Native epoll transport when it loads, else NIO; Netty's default worker count (2 × cores).
 * Prints {@code listening on HOST:PORT} once bound and serves until killed.
 *
 * <pre>  NettyServer echo|http [port]</pre>
 */
public final class NettyServer {

    private static final byte[] BODY = "Hello, world!".getBytes(StandardCharsets.US_ASCII);

    private NettyServer() {
    }

    public static void main(String[] args) throws Exception {
        if (args.length < 1 || !(args[0].equals("echo") || args[0].equals("http"))) {
            System.err.println("usage: NettyServer echo|http [port]");
            System.exit(2);
        }
        boolean echo = args[0].equals("echo");
        int port = args.length > 1 ? Integer.parseInt(args[1]) : 0;
        boolean epoll = Epoll.isAvailable();
        EventLoopGroup boss = epoll ? new EpollEventLoopGroup(1) : new NioEventLoopGroup(1);
        EventLoopGroup workers = epoll ? new EpollEventLoopGroup() : new NioEventLoopGroup();
        try {
            Channel server = new ServerBootstrap()
                    .group(boss, workers)
                    .channel(epoll ? EpollServerSocketChannel.class : NioServerSocketChannel.class)
                    .option(ChannelOption.SO_BACKLOG, 4096)
                    .childOption(ChannelOption.TCP_NODELAY, true)
                    .childHandler(new ChannelInitializer<SocketChannel>() {
                        @Override
                        protected void initChannel(SocketChannel ch) {
                            if (echo) {
                                ch.pipeline().addLast(Echo.INSTANCE);
                            } else {
                                ch.pipeline().addLast(new HttpServerCodec(), Hello.INSTANCE);
                            }
                        }
                    })
                    .bind(InetAddress.getLoopbackAddress(), port).sync().channel();
            InetSocketAddress a = (InetSocketAddress) server.localAddress();
            System.out.println("listening on " + a.getAddress().getHostAddress() + ":" + a.getPort()
                    + " (netty " + (epoll ? "epoll" : "nio") + ")");
            server.closeFuture().sync();
        } finally {
            boss.shutdownGracefully();
            workers.shutdownGracefully();
        }
    }

    /** What both handlers share: one flush per batch of reads, and a connection that fails is closed. */
    abstract static class Handler extends ChannelInboundHandlerAdapter {

        @Override
        public void channelReadComplete(ChannelHandlerContext ctx) {
            ctx.flush();
        }

        @Override
        public void exceptionCaught(ChannelHandlerContext ctx, Throwable cause) {
            ctx.close();
        }
    }

    /** Writes back every buffer it reads. */
    @ChannelHandler.Sharable
    static final class Echo extends Handler {
        static final Echo INSTANCE = new Echo();

        @Override
        public void channelRead(ChannelHandlerContext ctx, Object msg) {
            ctx.write(msg);
        }
    }

    /** Answers every request with 200 and "Hello, world!", keeping the connection alive if the request allows. */
    @ChannelHandler.Sharable
    static final class Hello extends Handler {
        static final Hello INSTANCE = new Hello();

        @Override
        public void channelRead(ChannelHandlerContext ctx, Object msg) {
            try {
                if (msg instanceof HttpRequest request) {
                    answer(ctx, request);
                } // else a part of a request body: dropped
            } finally {
                ReferenceCountUtil.release(msg);
            }
        }

        private static void answer(ChannelHandlerContext ctx, HttpRequest request) {
            FullHttpResponse response = new DefaultFullHttpResponse(HttpVersion.HTTP_1_1, HttpResponseStatus.OK,
                    Unpooled.wrappedBuffer(BODY));
            response.headers()
                    .set(HttpHeaderNames.CONTENT_TYPE, HttpHeaderValues.TEXT_PLAIN)
                    .setInt(HttpHeaderNames.CONTENT_LENGTH, BODY.length);
            if (HttpUtil.isKeepAlive(request)) {
                ctx.write(response);
            } else {
                response.headers().set(HttpHeaderNames.CONNECTION, HttpHeaderValues.CLOSE);
                ctx.write(response).addListener(ChannelFutureListener.CLOSE);
            }
        }
    }
}
