package org.pippin.relay.web;

import io.netty.bootstrap.ServerBootstrap;
import io.netty.channel.Channel;
import io.netty.channel.ChannelFuture;
import io.netty.channel.ChannelInitializer;
import io.netty.channel.ChannelOption;
import io.netty.channel.ChannelPipeline;
import io.netty.channel.EventLoopGroup;
import io.netty.channel.MultiThreadIoEventLoopGroup;
import io.netty.channel.nio.NioIoHandler;
import io.netty.channel.socket.SocketChannel;
import io.netty.channel.socket.nio.NioServerSocketChannel;
import io.netty.handler.codec.http.HttpObjectAggregator;
import io.netty.handler.codec.http.HttpServerCodec;
import io.netty.handler.timeout.IdleStateHandler;
import io.netty.util.concurrent.DefaultThreadFactory;
import io.netty.util.concurrent.Future;
import java.io.IOException;
import java.io.InputStream;
import java.net.BindException;
import java.net.InetSocketAddress;
import java.util.List;
import java.util.Properties;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Supplier;
import org.pippin.relay.Counters;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The relay's web face: one small HTTP/1.1 server on its own port and its own thread, so a slow phone downloading
 * the jar over GPRS never delays voice on the relay's event loop. What it shows of the relay's state it reads
 * through that loop ({@link RelaySnapshot}) or from the atomic {@link Counters}.
 *
 * <pre>
 * [IdleStateHandler] -> [HttpServerCodec] -> [HttpObjectAggregator] -> [WebHandler]
 * </pre>
 */
public final class WebServer implements AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(WebServer.class);
    /** Requests are a line and a few headers; anything bigger is not a phone's GET. */
    static final int MAX_INITIAL_LINE = 2048;
    static final int MAX_HEADERS = 8192;
    static final int MAX_BODY = 1024;
    static final int MAX_CONNECTIONS = 64;
    /** A GPRS phone pauses for seconds between reads; a connection silent for this long is closed. */
    static final int IDLE_SECONDS = 60;

    private final EventLoopGroup group;
    private final Channel channel;

    private WebServer(EventLoopGroup group, Channel channel) {
        this.group = group;
        this.channel = channel;
    }

    /**
     * Binds {@code config.port} on {@code bindAddress} and serves.
     *
     * @param phonePort the relay's UDP/TCP port, named in the JAD as Pippin-Relay
     * @param snapshots takes a {@link RelaySnapshot} on the relay's event loop
     */
    public static WebServer start(WebConfig config, String bindAddress, int phonePort, Counters counters,
            Supplier<Future<RelaySnapshot>> snapshots, List<Health> health) throws IOException {
        String version = version();
        OtaFiles ota = OtaFiles.load(config.jadAttributes);
        RelayMetrics metrics = new RelayMetrics(version, counters, config.uplinkKbps, health);
        WebHandler.Shared shared = new WebHandler.Shared(config, phonePort, ota,
                Pages.install(ota.midletVersion(), ota.jar().length), metrics, snapshots, List.copyOf(health),
                version);
        EventLoopGroup group = new MultiThreadIoEventLoopGroup(1, new DefaultThreadFactory("pippin-web"),
                NioIoHandler.newFactory());
        AtomicInteger open = new AtomicInteger();
        ServerBootstrap b = new ServerBootstrap().group(group).channel(NioServerSocketChannel.class)
                .option(ChannelOption.SO_REUSEADDR, true)
                // One request at a time per connection: WebHandler asks for the next once it has answered.
                .childOption(ChannelOption.AUTO_READ, false)
                .childHandler(new ChannelInitializer<SocketChannel>() {
                    @Override
                    protected void initChannel(SocketChannel ch) {
                        if (open.incrementAndGet() > MAX_CONNECTIONS) {
                            open.decrementAndGet();
                            LOG.debug("web: {} refused, {} connections open", ch.remoteAddress(), MAX_CONNECTIONS);
                            ch.close();
                            return;
                        }
                        ch.closeFuture().addListener(f -> open.decrementAndGet());
                        ChannelPipeline p = ch.pipeline();
                        p.addLast("idle", new IdleStateHandler(0, 0, IDLE_SECONDS, TimeUnit.SECONDS));
                        p.addLast("http", new HttpServerCodec(MAX_INITIAL_LINE, MAX_HEADERS, MAX_BODY));
                        p.addLast("aggregate", new HttpObjectAggregator(MAX_BODY));
                        p.addLast("web", new WebHandler(shared));
                    }
                });
        ChannelFuture f = b.bind(bindAddress, config.port).awaitUninterruptibly();
        if (!f.isSuccess()) {
            group.shutdownGracefully(0, 0, TimeUnit.MILLISECONDS);
            String text = "cannot bind http " + bindAddress + ":" + config.port + ": " + f.cause().getMessage();
            IOException e = f.cause() instanceof BindException ? new BindException(text) : new IOException(text);
            e.initCause(f.cause());
            throw e;
        }
        LOG.info("web face on http {}: /, /pippin.jad, /pippin.jar ({} bytes, MIDlet {}), /status, /metrics",
                f.channel().localAddress(), ota.jar().length, ota.midletVersion());
        return new WebServer(group, f.channel());
    }

    public int port() {
        return ((InetSocketAddress) channel.localAddress()).getPort();
    }

    /** The relay's version, from the build ("unknown" if the build did not say). */
    static String version() throws IOException {
        Properties p = new Properties();
        try (InputStream in = WebServer.class.getResourceAsStream("version.properties")) {
            if (in == null) {
                return "unknown";
            }
            p.load(in);
        }
        return p.getProperty("version", "unknown");
    }

    /** Stops listening and closes open connections. */
    @Override
    public void close() {
        channel.close().syncUninterruptibly();
        group.shutdownGracefully(0, 2, TimeUnit.SECONDS).syncUninterruptibly();
    }
}
