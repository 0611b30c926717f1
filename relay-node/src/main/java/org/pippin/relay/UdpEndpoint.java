package org.pippin.relay;

import io.netty.buffer.ByteBuf;
import io.netty.channel.Channel;
import io.netty.channel.socket.DatagramPacket;
import java.net.InetAddress;
import java.net.InetSocketAddress;

/**
 * A phone behind a UDP address (usually a NAT binding), reached through the event loop's UDP socket (the relay's other
 * sockets share its port, so the phone sees one address whichever socket sends).
 */
final class UdpEndpoint implements Endpoint {

    private final Channel udp;
    final InetSocketAddress address;

    UdpEndpoint(Channel udp, InetSocketAddress address) {
        this.udp = udp;
        this.address = address;
    }

    @Override
    public boolean isStream() {
        return false;
    }

    @Override
    public InetAddress address() {
        return address.getAddress();
    }

    @Override
    public boolean isAt(InetSocketAddress sender) {
        return address.equals(sender);
    }

    @Override
    public void sendSignal(byte[] buf, int off, int len) {
        ByteBuf out = udp.alloc().buffer(len).writeBytes(buf, off, len);
        udp.writeAndFlush(new DatagramPacket(out, address), udp.voidPromise());
    }

    @Override
    public boolean sendVoice(ByteBuf packet) {
        // The DatagramPacket envelope is the one object the Netty datagram API needs per write.
        udp.writeAndFlush(new DatagramPacket(packet, address), udp.voidPromise());
        return true;
    }

    @Override
    public void close() {
        // Nothing to close: the UDP socket is shared by every UDP phone.
    }

    @Override
    public String toString() {
        return describe(address);
    }

    /** {@code udp/192.0.2.1:40000}, for logs. */
    static String describe(InetSocketAddress address) {
        return "udp/" + address.getAddress().getHostAddress() + ":" + address.getPort();
    }
}
