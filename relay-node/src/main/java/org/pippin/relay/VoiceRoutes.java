package org.pippin.relay;

import java.net.InetSocketAddress;
import java.util.concurrent.atomic.AtomicReferenceArray;
import java.util.concurrent.atomic.LongAdder;
import org.pippin.protocol.VoicePacket;
import org.pippin.protocol.Wire;

/**
 * The voice channel table as every UDP socket's thread sees it. The event loop owns calls and is the only writer;
 * the threads of the relay's UDP sockets read it for each voice packet. A channel in use holds either {@link #SLOW}
 * (the event loop forwards its voice: the call is not answered yet, or a leg is on TCP, a relay link, the SIP side or
 * voicemail) or a {@link Route} (an answered call between two UDP phones: whichever thread received the packet
 * forwards it on its own socket, without the event loop). A free channel holds null, so stray voice is dropped where
 * it arrives.
 */
final class VoiceRoutes {

    /** A channel in use whose voice goes through the event loop. */
    static final Route SLOW = new Route(null, null, 0, Wire.CODEC_PCMU, false);

    private final AtomicReferenceArray<Route> table = new AtomicReferenceArray<>(VoicePacket.MAX_CHANNEL + 1);

    /** What voice on {@code channel} (1..{@link VoicePacket#MAX_CHANNEL}) is for: null when it is free. */
    Route get(int channel) {
        return table.get(channel);
    }

    /** The channel is in use; its voice goes to the event loop until {@link #direct} says otherwise. */
    void open(int channel) {
        table.set(channel, SLOW);
    }

    void direct(int channel, Route route) {
        table.set(channel, route);
    }

    /** Back to the event loop; returns the route that was there (null or {@link #SLOW} if none). */
    Route slow(int channel) {
        return table.getAndSet(channel, SLOW);
    }

    /** The channel is free; returns what was there. */
    Route close(int channel) {
        return table.getAndSet(channel, null);
    }

    /**
     * One direction of an answered call between two UDP phones: voice from {@link #from} on this channel goes to
     * {@link #to} on {@link #outChannel}. Immutable but for what the forwarding threads report back: when voice was
     * last heard and how many packets went on, which the event loop folds into the session and the call on its tick.
     */
    static final class Route {
        final InetSocketAddress from;
        final InetSocketAddress to;
        final int outChannel;
        private final int codec;
        private final int tagBytes;
        /** Clock time of the last packet forwarded; written by the forwarding thread, read by the event loop. */
        volatile long heardMillis = Long.MIN_VALUE;
        final LongAdder packets = new LongAdder();

        Route(InetSocketAddress from, InetSocketAddress to, int outChannel, int codec, boolean sealed) {
            this.from = from;
            this.to = to;
            this.outChannel = outChannel;
            this.codec = codec;
            this.tagBytes = sealed ? Wire.VOICE_TAG : 0;
        }

        /** Whether a voice packet of {@code length} bytes carries a whole, non-zero number of this call's frames. */
        boolean fits(int length) {
            return VoicePacket.frameCount(length - VoicePacket.HEADER - tagBytes, codec) > 0;
        }
    }
}
