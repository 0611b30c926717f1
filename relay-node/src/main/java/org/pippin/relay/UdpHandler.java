package org.pippin.relay;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufUtil;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.SimpleChannelInboundHandler;
import io.netty.channel.socket.DatagramPacket;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Every datagram of the relay's UDP socket. Voice goes straight to the forwarding path on the received buffer;
 * signalling is copied to a byte array for the protocol's codec (a few frames per call, so the copy is cheap).
 * Failure policy for UDP: drop, count, never close the socket.
 */
final class UdpHandler extends SimpleChannelInboundHandler<DatagramPacket> {

    private static final Logger LOG = LoggerFactory.getLogger(UdpHandler.class);

    private final Relay relay;
    private final Counters counters;

    UdpHandler(Relay relay, Counters counters) {
        this.relay = relay;
        this.counters = counters;
    }

    // Netty allocates the receive buffer (pooled) and the DatagramPacket envelope for each datagram; the buffer is
    // released by SimpleChannelInboundHandler after this returns, so forwarding retains it.
    @Override
    protected void channelRead0(ChannelHandlerContext ctx, DatagramPacket packet) {
        ByteBuf content = packet.content();
        if (!content.isReadable()) {
            counters.increment(Counters.Name.MALFORMED);
            return;
        }
        if ((content.getByte(content.readerIndex()) & 0x80) != 0) {
            relay.onUdpVoice(packet.sender(), content);
        } else {
            relay.onUdpSignal(packet.sender(), ByteBufUtil.getBytes(content));
        }
    }

    @Override
    public void exceptionCaught(ChannelHandlerContext ctx, Throwable cause) {
        // E.g. ICMP port unreachable reported on a later send: one phone's problem, never the socket's.
        LOG.warn("udp: {}", cause.toString());
    }
}
