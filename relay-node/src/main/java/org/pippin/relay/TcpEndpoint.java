package org.pippin.relay;

import io.netty.buffer.ByteBuf;
import io.netty.channel.Channel;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import org.pippin.protocol.StreamFramer;

/** A phone on its own TCP connection: every frame goes out behind its u16 length prefix. */
final class TcpEndpoint implements Endpoint {

    private final Channel channel;
    private final InetAddress address;

    /** {@code channel} is connected: its remote address is known. */
    TcpEndpoint(Channel channel) {
        this.channel = channel;
        this.address = ((InetSocketAddress) channel.remoteAddress()).getAddress();
    }

    @Override
    public InetAddress address() {
        return address;
    }

    @Override
    public boolean isStream() {
        return true;
    }

    @Override
    public boolean isAt(InetSocketAddress sender) {
        return false;
    }

    @Override
    public void sendSignal(byte[] buf, int off, int len) {
        ByteBuf out = channel.alloc().buffer(StreamFramer.PREFIX + len);
        out.writeShort(len).writeBytes(buf, off, len);
        channel.writeAndFlush(out, channel.voidPromise());
    }

    @Override
    public boolean sendVoice(ByteBuf packet) {
        // Over GPRS a TCP connection backs up quickly; late voice is worthless, so drop rather than queue.
        if (!channel.isWritable()) {
            packet.release();
            return false;
        }
        // The prefix is a 2-byte buffer from the channel's pooled allocator (recycled, not garbage); the packet
        // itself is the received buffer, rewritten in place.
        channel.write(channel.alloc().buffer(StreamFramer.PREFIX).writeShort(packet.readableBytes()),
                channel.voidPromise());
        channel.writeAndFlush(packet, channel.voidPromise());
        return true;
    }

    @Override
    public void close() {
        channel.close();
    }

    @Override
    public String toString() {
        InetSocketAddress remote = (InetSocketAddress) channel.remoteAddress();
        return remote == null ? "tcp/closed" : "tcp/" + remote.getAddress().getHostAddress() + ":" + remote.getPort();
    }
}
