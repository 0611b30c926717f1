package org.pippin.relay;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufUtil;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.SimpleChannelInboundHandler;
import io.netty.channel.socket.DatagramPacket;
import io.netty.util.concurrent.EventExecutor;
import java.net.InetSocketAddress;
import java.util.concurrent.RejectedExecutionException;
import org.pippin.protocol.Clock;
import org.pippin.protocol.VoicePacket;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Every datagram of one of the relay's UDP sockets (there is one per thread, all on the same port). Voice of an
 * answered call between two UDP phones is forwarded here, on the thread that received it, in the received buffer
 * ({@link VoiceRoutes}); voice for a free channel is dropped here. Everything else goes to {@link Relay} on its event
 * loop: other voice as it is, signalling copied to a byte array for the protocol's codec (a few frames per call, so
 * the copy is cheap). Forwarded packets are written as they come and flushed once per read batch, so the epoll
 * transport sends a batch with one {@code sendmmsg}. Failure policy for UDP: drop, count, never close the socket.
 */
final class UdpHandler extends SimpleChannelInboundHandler<DatagramPacket> {

    private static final Logger LOG = LoggerFactory.getLogger(UdpHandler.class);

    private final Relay relay;
    private final Counters counters;
    private final VoiceRoutes routes;
    /** The event loop that owns {@link #relay}. */
    private final EventExecutor relayLoop;
    private final Clock clock;
    /** Packets and bytes forwarded in the current read batch: counted and flushed once at its end. */
    private long forwarded;
    private long forwardedBytes;
    /** The clock, read once per read batch; {@link Long#MIN_VALUE} until the batch needs it. */
    private long batchMillis = Long.MIN_VALUE;

    UdpHandler(Relay relay, Counters counters, EventExecutor relayLoop, Clock clock) {
        this.relay = relay;
        this.counters = counters;
        this.routes = relay.voiceRoutes();
        this.relayLoop = relayLoop;
        this.clock = clock;
    }

    // Netty allocates the receive buffer (pooled) and the DatagramPacket envelope for each datagram; the buffer is
    // released by SimpleChannelInboundHandler after this returns, so forwarding and hand-offs retain it.
    @Override
    protected void channelRead0(ChannelHandlerContext ctx, DatagramPacket packet) {
        ByteBuf content = packet.content();
        if (!content.isReadable()) {
            counters.increment(Counters.Name.MALFORMED);
            return;
        }
        InetSocketAddress sender = packet.sender();
        int start = content.readerIndex();
        if ((content.getByte(start) & 0x80) == 0) {
            byte[] frame = ByteBufUtil.getBytes(content);
            if (relayLoop.inEventLoop()) {
                relay.onUdpSignal(sender, frame);
            } else {
                // Voice forwarded before this frame goes out first: the event loop answers on its own socket, and
                // a BYE must not overtake the caller's last packets to the callee.
                flushForwarded(ctx);
                handOff(() -> relay.onUdpSignal(sender, frame), null);
            }
            return;
        }
        int length = content.readableBytes();
        if (length > VoicePacket.HEADER) {
            VoiceRoutes.Route route = routes.get(content.getUnsignedShort(start) & VoicePacket.MAX_CHANNEL);
            if (route == null) {
                counters.increment(Counters.Name.VOICE_DROPPED_UNKNOWN_CHANNEL);
                return;
            }
            if (route != VoiceRoutes.SLOW && route.from.equals(sender) && route.fits(length)) {
                // Top bit 1 = voice, then the receiving leg's 15-bit channel; sequence and payload stay as they are.
                content.setShort(start, 0x8000 | route.outChannel);
                ctx.write(new DatagramPacket(content.retain(), route.to), ctx.voidPromise());
                route.packets.increment();
                if (batchMillis == Long.MIN_VALUE) {
                    batchMillis = clock.nowMillis();
                }
                route.heardMillis = batchMillis;
                forwarded++;
                forwardedBytes += length;
                return;
            }
        }
        // Not a direct route (or not from its phone, or a bad length): the event loop decides and counts.
        if (relayLoop.inEventLoop()) {
            relay.onUdpVoice(sender, content);
        } else {
            content.retain();
            handOff(() -> {
                try {
                    relay.onUdpVoice(sender, content);
                } finally {
                    content.release();
                }
            }, content);
        }
    }

    /** Runs {@code task} on the relay's event loop; {@code held} (may be null) is released if it cannot run. */
    private void handOff(Runnable task, ByteBuf held) {
        try {
            relayLoop.execute(task);
        } catch (RejectedExecutionException e) {
            // The relay is stopping and its loop takes no more work: the datagram is dropped like any late one.
            LOG.debug("udp: datagram dropped, relay stopping ({})", e.toString());
            if (held != null) {
                held.release();
            }
        }
    }

    @Override
    public void channelReadComplete(ChannelHandlerContext ctx) {
        batchMillis = Long.MIN_VALUE;
        flushForwarded(ctx);
        ctx.fireChannelReadComplete();
    }

    /** Counts and sends the packets forwarded so far in this read batch. */
    private void flushForwarded(ChannelHandlerContext ctx) {
        if (forwarded > 0) {
            counters.add(Counters.Name.VOICE_FORWARDED, forwarded);
            counters.add(Counters.Name.VOICE_FORWARDED_DIRECT, forwarded);
            counters.add(Counters.Name.VOICE_FORWARDED_BYTES, forwardedBytes);
            forwarded = 0;
            forwardedBytes = 0;
            ctx.flush();
        }
    }

    @Override
    public void exceptionCaught(ChannelHandlerContext ctx, Throwable cause) {
        // E.g. ICMP port unreachable reported on a later send: one phone's problem, never the socket's.
        LOG.warn("udp: {}", cause.toString());
    }
}
