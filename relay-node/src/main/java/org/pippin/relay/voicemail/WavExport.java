package org.pippin.relay.voicemail;

import org.pippin.codec.Codecs;
import org.pippin.codec.VoiceCodec;
import org.pippin.codec.Wav;

/**
 * A message as a WAV file every common player and browser plays: RIFF, PCM, 8 kHz, 16-bit, mono (960 kB a minute,
 * against 99 kB of GSM frames kept on disk).
 */
final class WavExport {

    private WavExport() {
    }

    static byte[] toWav(Message m) {
        VoiceCodec codec = Codecs.create(m.codec);
        byte[] frames = m.audio();
        int count = frames.length / codec.frameBytes();
        int samples = count * codec.frameSamples();
        byte[] out = new byte[Wav.HEADER_BYTES + 2 * samples];
        Wav.writeHeader(out, 0, 2 * samples);
        short[] pcm = new short[codec.frameSamples()];
        int at = Wav.HEADER_BYTES;
        for (int i = 0; i < count; i++) {
            try {
                codec.decode(frames, i * codec.frameBytes(), pcm, 0);
            } catch (IllegalArgumentException e) {
                // A frame the caller's phone sent damaged: a 20 ms gap of silence, as a phone would play it.
                java.util.Arrays.fill(pcm, (short) 0);
            }
            Wav.toBytes(pcm, 0, pcm.length, out, at);
            at += 2 * pcm.length;
        }
        return out;
    }
}
