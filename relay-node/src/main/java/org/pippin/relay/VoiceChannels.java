package org.pippin.relay;

import org.pippin.protocol.VoicePacket;

/**
 * The voice channel table: a fixed array indexed by the 15-bit channel of a voice packet, so forwarding is one array
 * read. Channels 1..32767; 0 is never valid. Allocation walks round-robin from the last channel handed out, so a
 * freed channel is reused as late as possible and stray packets of an ended call rarely hit a new one. Every channel
 * handed out or freed is published in {@link #routes}, the view of the UDP sockets' threads.
 */
final class VoiceChannels {

    /** Two channels per call. */
    static final int MAX_CALLS = VoicePacket.MAX_CHANNEL / 2;

    private final Leg[] legs = new Leg[VoicePacket.MAX_CHANNEL + 1];
    final VoiceRoutes routes = new VoiceRoutes();
    private final int capacity;
    private int used;
    private int cursor;

    /** @param capacity most channels in use at once (at most {@link VoicePacket#MAX_CHANNEL}) */
    VoiceChannels(int capacity) {
        this.capacity = Math.min(capacity, VoicePacket.MAX_CHANNEL);
    }

    /** The leg that owns {@code channel}, or null. */
    Leg get(int channel) {
        return channel > 0 && channel <= VoicePacket.MAX_CHANNEL ? legs[channel] : null;
    }

    int free() {
        return capacity - used;
    }

    /** Binds a free channel to {@code leg} and returns it; the caller checks {@link #free()} first. */
    int allocate(Leg leg) {
        if (used >= capacity) {
            throw new IllegalStateException("no free voice channel");
        }
        for (int i = 0; i < VoicePacket.MAX_CHANNEL; i++) {
            cursor = cursor % VoicePacket.MAX_CHANNEL + 1;
            if (legs[cursor] == null) {
                legs[cursor] = leg;
                used++;
                routes.open(cursor);
                return cursor;
            }
        }
        throw new IllegalStateException("channel table inconsistent: " + used + " used of " + capacity);
    }

    /** Frees {@code channel}; returns the route its voice took (null or {@link VoiceRoutes#SLOW} if none). */
    VoiceRoutes.Route release(int channel) {
        if (legs[channel] == null) {
            return null;
        }
        legs[channel] = null;
        used--;
        return routes.close(channel);
    }
}
