package org.pippin.midlet;

import java.io.IOException;

import org.pippin.codec.VoiceCodec;
import org.pippin.protocol.VoicePacket;
import org.pippin.protocol.Wire;

/**
 * Builds one call's outgoing voice packets: every ptime, ptime / 20 codec frames from the audio source behind a
 * 4-byte voice header, with room for the tag of a sealed call. All buffers are allocated once per call; nothing is allocated per packet.
 * <pre>
 * |1| channel (15) | sequence (16) | frame 1 | frame 2 | ... | frame ptime/20 |
 * </pre>
 */
final class VoiceSender {

    private final VoiceCodec codec;
    private final AudioSource source;
    private final int channel;
    private final int frames;
    private final short[] pcm;
    private final byte[] packet;
    private int seq;
    private int sent;
    private boolean ended;

    VoiceSender(VoiceCodec codec, int ptime, AudioSource source, int channel, int firstSeq) {
        this.codec = codec;
        this.source = source;
        this.channel = channel;
        this.frames = ptime / Wire.CODEC_FRAME_MS;
        this.pcm = new short[frames * codec.frameSamples()];
        // Room for the tag of a call sealed end to end.
        this.packet = new byte[VoicePacket.HEADER + frames * codec.frameBytes() + Wire.VOICE_TAG];
        this.seq = firstSeq & 0xFFFF;
    }

    /**
     * Encodes the next packet into {@link #packet()} and returns its length. Once the source has ended the packet
     * carries silence, so the far end's timing stays intact while the caller decides to hang up.
     */
    int next() throws IOException {
        int filled = 0;
        while (!ended && filled < pcm.length) {
            int n = source.read(pcm, filled, pcm.length - filled);
            if (n < 0) {
                ended = true;
            } else if (n == 0) {
                break;
            } else {
                filled += n;
            }
        }
        for (int i = filled; i < pcm.length; i++) {
            pcm[i] = 0;
        }
        int fs = codec.frameSamples();
        int fb = codec.frameBytes();
        for (int f = 0; f < frames; f++) {
            codec.encode(pcm, f * fs, packet, VoicePacket.HEADER + f * fb);
        }
        VoicePacket.writeHeader(packet, 0, channel, seq);
        seq = (seq + 1) & 0xFFFF;
        sent++;
        return VoicePacket.HEADER + frames * fb;
    }

    byte[] packet() {
        return packet;
    }

    /** True once the source reported its end (later packets are silence). */
    boolean sourceEnded() {
        return ended;
    }

    int sent() {
        return sent;
    }

    void close() throws IOException {
        source.close();
    }
}
