package org.pippin.relay.web;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import io.netty.channel.ChannelFutureListener;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.SimpleChannelInboundHandler;
import io.netty.handler.codec.http.DefaultFullHttpResponse;
import io.netty.handler.codec.http.FullHttpRequest;
import io.netty.handler.codec.http.FullHttpResponse;
import io.netty.handler.codec.http.HttpHeaderNames;
import io.netty.handler.codec.http.HttpHeaderValues;
import io.netty.handler.codec.http.HttpMethod;
import io.netty.handler.codec.http.HttpResponseStatus;
import io.netty.handler.codec.http.HttpUtil;
import io.netty.handler.codec.http.HttpVersion;
import io.netty.handler.timeout.IdleStateEvent;
import io.netty.util.concurrent.Future;
import java.nio.charset.StandardCharsets;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Function;
import java.util.function.Supplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Answers one connection's requests, in order, one at a time: GET and HEAD on {@code /}, {@code /pippin.jad},
 * {@code /pippin.jar}, {@code /status}, {@code /metrics} and {@code /relays.xml}; 405 for other methods, 404 for other paths, 400 for
 * requests that do not parse or name a host that could not be put into a JAD. Status and metrics wait for a
 * snapshot from the relay's event loop, so requests that arrive meanwhile (pipelined) are held, a few at most.
 */
final class WebHandler extends SimpleChannelInboundHandler<FullHttpRequest> {

    private static final Logger LOG = LoggerFactory.getLogger(WebHandler.class);
    static final String JAD_TYPE = "text/vnd.sun.j2me.app-descriptor; charset=utf-8";
    static final String JAR_TYPE = "application/java-archive";
    private static final String TEXT_TYPE = "text/plain; charset=utf-8";
    private static final int MAX_PIPELINED = 4;

    /** What every connection shares; read-only after start, apart from the metrics (web thread only). */
    record Shared(WebConfig config, int phonePort, OtaFiles ota, byte[] installPage, RelayMetrics metrics,
            Supplier<Future<RelaySnapshot>> snapshots, List<Health> health, String version) {
    }

    private final Shared shared;
    private final ArrayDeque<FullHttpRequest> waiting = new ArrayDeque<>();
    private boolean busy;

    WebHandler(Shared shared) {
        this.shared = shared;
    }

    @Override
    public void channelActive(ChannelHandlerContext ctx) {
        ctx.read();
    }

    @Override
    protected void channelRead0(ChannelHandlerContext ctx, FullHttpRequest req) {
        if (busy) {
            if (waiting.size() >= MAX_PIPELINED) {
                ctx.close();
                return;
            }
            waiting.add(req.retain());
            return;
        }
        handle(ctx, req);
    }

    private void handle(ChannelHandlerContext ctx, FullHttpRequest req) {
        busy = true;
        if (!req.decoderResult().isSuccess()) {
            respond(ctx, req, HttpResponseStatus.BAD_REQUEST, TEXT_TYPE, text("bad request\n"), false);
            return;
        }
        boolean head = req.method().equals(HttpMethod.HEAD);
        if (!head && !req.method().equals(HttpMethod.GET)) {
            FullHttpResponse r = response(HttpResponseStatus.METHOD_NOT_ALLOWED, TEXT_TYPE,
                    Unpooled.wrappedBuffer(text("GET or HEAD\n")));
            r.headers().set(HttpHeaderNames.ALLOW, "GET, HEAD");
            send(ctx, req, r, HttpUtil.isKeepAlive(req));
            return;
        }
        String uri = req.uri();
        int query = uri.indexOf('?');
        String path = query < 0 ? uri : uri.substring(0, query);
        shared.metrics().request(path);
        switch (path) {
            case "/" -> respond(ctx, req, HttpResponseStatus.OK, Pages.CONTENT_TYPE, shared.installPage(), true);
            case "/pippin.jad" -> jad(ctx, req);
            case "/pippin.jar" -> respond(ctx, req, HttpResponseStatus.OK, JAR_TYPE, shared.ota().jar(), true);
            case "/status" -> withSnapshot(ctx, req, s -> Pages.status(shared.version(), s,
                    shared.config().uplinkKbps, shared.health()), Pages.CONTENT_TYPE);
            case "/metrics" -> withSnapshot(ctx, req, s -> shared.metrics().scrape(s), RelayMetrics.CONTENT_TYPE);
            case "/relays.xml" -> withSnapshot(ctx, req, s -> Pages.relaysXml(s.relays()), Pages.XML_TYPE);
            default -> respond(ctx, req, HttpResponseStatus.NOT_FOUND, TEXT_TYPE, text("not found\n"), true);
        }
    }

    private void jad(ChannelHandlerContext ctx, FullHttpRequest req) {
        String base = shared.config().publicUrl;
        String host = shared.config().publicHost;
        if (base == null) {
            String hostPort = Hosts.hostAndPort(req.headers().get(HttpHeaderNames.HOST));
            if (hostPort == null) {
                LOG.debug("web: {} asked for the JAD with an unusable Host header", ctx.channel().remoteAddress());
                respond(ctx, req, HttpResponseStatus.BAD_REQUEST, TEXT_TYPE, text("bad or missing Host header\n"),
                        false);
                return;
            }
            base = "http://" + hostPort + "/";
            host = Hosts.hostOf(hostPort);
        }
        List<String> relays = new ArrayList<>();
        relays.add(host + ":" + shared.phonePort());
        for (String seed : shared.config().seeds) {
            if (!relays.contains(seed)) {
                relays.add(seed);
            }
        }
        byte[] body = shared.ota().jad(base, relays).getBytes(StandardCharsets.UTF_8);
        respond(ctx, req, HttpResponseStatus.OK, JAD_TYPE, body, true);
    }

    /** Takes a snapshot on the relay's loop, then renders and answers back on this connection's thread. */
    private void withSnapshot(ChannelHandlerContext ctx, FullHttpRequest req,
            Function<RelaySnapshot, byte[]> render, String type) {
        FullHttpRequest held = req.retain();
        Future<RelaySnapshot> f;
        try {
            f = shared.snapshots().get();
        } catch (RuntimeException e) {
            // The relay's loop no longer takes tasks: it is stopping.
            LOG.debug("web: no relay snapshot: {}", e.toString());
            held.release();
            respond(ctx, req, HttpResponseStatus.SERVICE_UNAVAILABLE, TEXT_TYPE, text("relay stopping\n"), false);
            return;
        }
        f.addListener(done -> ctx.executor().execute(() -> {
            try {
                if (done.isSuccess()) {
                    byte[] body;
                    try {
                        body = render.apply(f.getNow());
                    } catch (RuntimeException e) {
                        LOG.error("web: rendering {} failed", held.uri(), e);
                        respond(ctx, held, HttpResponseStatus.INTERNAL_SERVER_ERROR, TEXT_TYPE, text("error\n"),
                                false);
                        return;
                    }
                    respond(ctx, held, HttpResponseStatus.OK, type, body, true);
                } else {
                    LOG.warn("web: relay snapshot failed: {}", String.valueOf(done.cause()));
                    respond(ctx, held, HttpResponseStatus.SERVICE_UNAVAILABLE, TEXT_TYPE, text("relay busy\n"),
                            false);
                }
            } finally {
                held.release();
            }
        }));
    }

    private void respond(ChannelHandlerContext ctx, FullHttpRequest req, HttpResponseStatus status, String type,
            byte[] body, boolean keepAliveAllowed) {
        send(ctx, req, response(status, type, Unpooled.wrappedBuffer(body)),
                keepAliveAllowed && HttpUtil.isKeepAlive(req));
    }

    private static FullHttpResponse response(HttpResponseStatus status, String type, ByteBuf body) {
        FullHttpResponse r = new DefaultFullHttpResponse(HttpVersion.HTTP_1_1, status, body);
        r.headers().set(HttpHeaderNames.CONTENT_TYPE, type)
                .setInt(HttpHeaderNames.CONTENT_LENGTH, body.readableBytes())
                .set(HttpHeaderNames.CACHE_CONTROL, "no-cache");
        return r;
    }

    /** Writes the response (headers only for HEAD), then takes the next request or closes. */
    private void send(ChannelHandlerContext ctx, FullHttpRequest req, FullHttpResponse r, boolean keepAlive) {
        if (req.method().equals(HttpMethod.HEAD)) {
            // Content-Length stays that of the GET; the codec sends no body for a HEAD.
            r.content().clear();
        }
        r.headers().set(HttpHeaderNames.CONNECTION, keepAlive ? HttpHeaderValues.KEEP_ALIVE : HttpHeaderValues.CLOSE);
        if (!keepAlive) {
            releaseWaiting();
            ctx.writeAndFlush(r).addListener(ChannelFutureListener.CLOSE);
            return;
        }
        ctx.writeAndFlush(r).addListener((ChannelFutureListener) f -> {
            if (!f.isSuccess()) {
                f.channel().close();
                return;
            }
            busy = false;
            FullHttpRequest next = waiting.poll();
            if (next == null) {
                ctx.read();
                return;
            }
            try {
                handle(ctx, next);
            } finally {
                next.release();
            }
        });
    }

    private static byte[] text(String s) {
        return s.getBytes(StandardCharsets.UTF_8);
    }

    private void releaseWaiting() {
        for (FullHttpRequest r; (r = waiting.poll()) != null; ) {
            r.release();
        }
    }

    @Override
    public void userEventTriggered(ChannelHandlerContext ctx, Object evt) {
        if (evt instanceof IdleStateEvent) {
            ctx.close();
        } else {
            ctx.fireUserEventTriggered(evt);
        }
    }

    @Override
    public void channelInactive(ChannelHandlerContext ctx) {
        releaseWaiting();
        ctx.fireChannelInactive();
    }

    @Override
    public void exceptionCaught(ChannelHandlerContext ctx, Throwable cause) {
        LOG.debug("web: {}: {}", ctx.channel().remoteAddress(), cause.toString());
        ctx.close();
    }
}
