package org.pippin.relay;

import io.netty.buffer.ByteBuf;
import java.net.InetAddress;
import java.net.InetSocketAddress;

/** How the relay reaches one phone: an address on the shared UDP socket, or a TCP connection. */
interface Endpoint {

    /** True for TCP: signalling goes through the ReliableLink in stream mode (no ACKs, no retransmission). */
    boolean isStream();

    /** The phone's address as the relay sees it (its NAT's, usually): what per-source limits count by. */
    InetAddress address();

    /** Whether a datagram from {@code sender} comes from this phone (always false for TCP). */
    boolean isAt(InetSocketAddress sender);

    /** Sends one signalling frame; the bytes are copied, so the caller may reuse {@code buf}. */
    void sendSignal(byte[] buf, int off, int len);

    /**
     * Sends one voice packet, taking over one reference to {@code packet}.
     *
     * @return false if the packet was dropped because the path is backed up
     */
    boolean sendVoice(ByteBuf packet);

    /**
     * True for a party inside the relay (the SIP side): it is never silent for too long, since it says itself when
     * it goes.
     */
    default boolean isLocal() {
        return false;
    }

    /** Closes the path (TCP) or forgets it (UDP). */
    void close();
}
