package org.pippin.protocol;

/**
 * Voice packets read and written in place, without allocating (they flow every 20 to 100 ms).
 *
 * <pre>
 *  0                   1                   2                   3
 *  0 1 2 3 4 5 6 7 8 9 0 1 2 3 4 5 6 7 8 9 0 1 2 3 4 5 6 7 8 9 0 1
 * +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
 * |1|        channel (15)         |         sequence (16)         |
 * +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
 * |                  codec frames (n x frame size)                ...
 * +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
 * </pre>
 *
 * Callers check that at least {@link #HEADER} bytes are there before reading the header.
 */
public final class VoicePacket {
    public static final int HEADER = 4;
    /** Highest channel; channels are 1..MAX_CHANNEL, 0 is never valid in a voice packet. */
    public static final int MAX_CHANNEL = 0x7FFF;

    private VoicePacket() {
    }

    /** Whether the packet at {@code buf[off]} is voice (top bit set) rather than signalling. */
    public static boolean isVoice(byte[] buf, int off) {
        return (buf[off] & 0x80) != 0;
    }

    public static int channel(byte[] buf, int off) {
        return (buf[off] & 0x7F) << 8 | buf[off + 1] & 0xFF;
    }

    public static int sequence(byte[] buf, int off) {
        return (buf[off + 2] & 0xFF) << 8 | buf[off + 3] & 0xFF;
    }

    /**
     * Writes a voice header. {@code seq} is taken modulo 65536, so a plain counter can be passed.
     *
     * @throws IllegalArgumentException if the channel is not 1..MAX_CHANNEL
     */
    public static void writeHeader(byte[] buf, int off, int channel, int seq) {
        setChannel(buf, off, channel);
        buf[off + 2] = (byte) (seq >> 8);
        buf[off + 3] = (byte) seq;
    }

    /**
     * Rewrites the channel in place (the relay does this before forwarding) and marks the packet as voice.
     *
     * @throws IllegalArgumentException if the channel is not 1..MAX_CHANNEL
     */
    public static void setChannel(byte[] buf, int off, int channel) {
        if (channel < 1 || channel > MAX_CHANNEL) {
            throw new IllegalArgumentException("voice channel " + channel + " not in 1.." + MAX_CHANNEL);
        }
        buf[off] = (byte) (0x80 | channel >> 8);
        buf[off + 1] = (byte) channel;
    }

    /** Codec frames in a payload of {@code payloadLen} bytes, or -1 unless that is a whole, non-zero count. */
    public static int frameCount(int payloadLen, int codec) {
        int frameBytes = Wire.codecFrameBytes(codec);
        if (frameBytes <= 0 || payloadLen <= 0 || payloadLen % frameBytes != 0) {
            return -1;
        }
        return payloadLen / frameBytes;
    }

    /**
     * How far sequence {@code newer} is ahead of {@code older} in serial-number arithmetic: positive if newer, negative
     * if older (a late or repeated packet), in -32768..32767.
     */
    public static int seqDelta(int newer, int older) {
        int d = (newer - older) & 0xFFFF;
        return d >= 0x8000 ? d - 0x10000 : d;
    }
}
