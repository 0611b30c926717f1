package org.pippin.midlet;

import java.io.IOException;

import org.pippin.codec.VoiceCodec;
import org.pippin.protocol.VoicePacket;
import org.pippin.protocol.Wire;

/**
 * Decodes one call's incoming voice packets into the audio sink in sequence order; lost packets become silence of
 * the same length, so the sink's timeline matches the sender's. Buffers are allocated once per call.
 */
final class VoiceReceiver {

    private final VoiceCodec codec;
    private final AudioSink sink;
    private final int framesPerPacket;
    private final short[] pcm;
    private final SequenceTracker tracker = new SequenceTracker();
    private int malformed;

    /** {@code sink} may be null when no output could be opened: packets are still counted. */
    VoiceReceiver(VoiceCodec codec, int ptime, AudioSink sink) {
        this.codec = codec;
        this.sink = sink;
        this.framesPerPacket = ptime / Wire.CODEC_FRAME_MS;
        this.pcm = new short[framesPerPacket * codec.frameSamples()];
    }

    /** One voice packet (header included) as received. */
    void onPacket(byte[] buf, int off, int len) throws IOException {
        int frames = VoicePacket.frameCount(len - VoicePacket.HEADER, codec.id());
        if (frames != framesPerPacket) {
            malformed++;
            return;
        }
        int gap = tracker.accept(VoicePacket.sequence(buf, off));
        if (gap == SequenceTracker.DROP || sink == null) {
            return;
        }
        if (gap > 0) {
            // Reuse the decode buffer as the silence written for each lost packet.
            for (int i = 0; i < pcm.length; i++) {
                pcm[i] = 0;
            }
            for (int i = 0; i < gap; i++) {
                sink.write(pcm, 0, pcm.length);
            }
        }
        int fs = codec.frameSamples();
        int fb = codec.frameBytes();
        int data = off + VoicePacket.HEADER;
        for (int f = 0; f < frames; f++) {
            codec.decode(buf, data + f * fb, pcm, f * fs);
        }
        sink.write(pcm, 0, pcm.length);
    }

    SequenceTracker stats() {
        return tracker;
    }

    /** Packets whose length did not fit the call's codec and packetization. */
    int malformed() {
        return malformed;
    }

    void close() throws IOException {
        if (sink != null) {
            sink.close();
        }
    }
}
