package org.pippin.relay;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufUtil;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import java.io.IOException;
import java.net.InetSocketAddress;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One phone's TCP connection, after {@link StreamFrameDecoder}: each message is a whole frame or a framing failure.
 * Failure policy for TCP: tell the phone, mark failed, close.
 */
final class StreamHandler extends ChannelInboundHandlerAdapter {

    private static final Logger LOG = LoggerFactory.getLogger(StreamHandler.class);

    private final Relay relay;
    /** Set for a link this relay opens to another relay; null for connections accepted from phones or relays. */
    private final PeerLink outgoing;
    private Session session;

    StreamHandler(Relay relay) {
        this(relay, null);
    }

    StreamHandler(Relay relay, PeerLink outgoing) {
        this.relay = relay;
        this.outgoing = outgoing;
    }

    @Override
    public void channelActive(ChannelHandlerContext ctx) {
        if (outgoing != null) {
            session = relay.onLinkOpen(new TcpEndpoint(ctx.channel()), outgoing);
            return;
        }
        InetSocketAddress remote = (InetSocketAddress) ctx.channel().remoteAddress();
        session = relay.onStreamOpen(new TcpEndpoint(ctx.channel()), remote);
        if (session == null) {
            ctx.close();
        }
    }

    @Override
    public void channelRead(ChannelHandlerContext ctx, Object msg) {
        if (msg instanceof StreamFrameDecoder.Failure) {
            StreamFrameDecoder.Failure f = (StreamFrameDecoder.Failure) msg;
            if (session != null) {
                relay.onStreamError(session, f.code, f.message);
            }
            ctx.close();
            return;
        }
        ByteBuf frame = (ByteBuf) msg;
        try {
            if (session == null) {
                return;
            }
            if ((frame.getByte(frame.readerIndex()) & 0x80) != 0) {
                relay.onStreamVoice(session, frame);
            } else {
                relay.onStreamSignal(session, ByteBufUtil.getBytes(frame));
            }
        } finally {
            frame.release();
        }
    }

    @Override
    public void channelInactive(ChannelHandlerContext ctx) {
        if (session != null) {
            relay.onStreamClosed(session);
        }
    }

    @Override
    public void exceptionCaught(ChannelHandlerContext ctx, Throwable cause) {
        if (cause instanceof IOException) {
            LOG.debug("{}: {}", session, cause.toString()); // resets are routine on mobile networks
        } else {
            LOG.warn("{}: closing after {}", session, cause.toString());
        }
        ctx.close();
    }
}
