package org.pippin.relay.voicemail;

import org.pippin.codec.Codecs;
import org.pippin.codec.VoiceCodec;
import org.pippin.protocol.Wire;

/**
 * The default greetings, encoded once per codec: no speech ships with the relay, so each is a tone pattern a caller
 * recognises, ending in the beep after which recording starts. Unavailable (no answer, offline): two rings of
 * ring-back tone (440 + 480 Hz). Busy: four bursts of busy tone (480 + 620 Hz). Then a 1400 Hz beep.
 */
final class Greetings {

    static final int UNAVAILABLE = Wire.GREETING_UNAVAILABLE;
    static final int BUSY = Wire.GREETING_BUSY;
    private static final int SAMPLES_PER_MS = 8;
    /** Peak amplitude of each tone of a pair: together well below clipping. */
    private static final double AMPLITUDE = 6000;

    /** [kind][codec] -> whole codec frames. */
    private final byte[][][] encoded = new byte[2][3][];
    /** [codec] -> the beep alone, which ends an owner's own greeting too. */
    private final byte[][] beeps = new byte[3][];

    Greetings() {
        short[][] pcm = {unavailable(), busy()};
        for (int kind = 0; kind < 2; kind++) {
            for (int codec : new int[] {Wire.CODEC_PCMU, Wire.CODEC_GSM, Wire.CODEC_SPEEX}) {
                encoded[kind][codec] = encode(Codecs.create(codec), pcm[kind]);
            }
        }
        short[] beep = new Tones(500).beep().done();
        for (int codec : new int[] {Wire.CODEC_PCMU, Wire.CODEC_GSM, Wire.CODEC_SPEEX}) {
            beeps[codec] = encode(Codecs.create(codec), beep);
        }
    }

    /** The greeting for a call sent to voicemail for {@code reason} (a REJECT_*), as frames of {@code codec}. */
    byte[] frames(int reason, int codec) {
        return encoded[reason == Wire.REJECT_BUSY ? BUSY : UNAVAILABLE][codec];
    }

    /** The beep after which recording starts, as frames of {@code codec}. */
    byte[] beep(int codec) {
        return beeps[codec];
    }

    /** The greeting kind (a Wire.GREETING_*) for a call sent to voicemail for {@code reason}. */
    static int kind(int reason) {
        return reason == Wire.REJECT_BUSY ? BUSY : UNAVAILABLE;
    }

    private static short[] unavailable() {
        Tones t = new Tones(4000);
        for (int i = 0; i < 2; i++) {
            t.pair(440, 480, 1000).silence(500);
        }
        return t.beep().done();
    }

    private static short[] busy() {
        Tones t = new Tones(5000);
        for (int i = 0; i < 4; i++) {
            t.pair(480, 620, 500).silence(500);
        }
        return t.beep().done();
    }

    static byte[] encode(VoiceCodec codec, short[] pcm) {
        int frames = pcm.length / codec.frameSamples();
        byte[] out = new byte[frames * codec.frameBytes()];
        for (int i = 0; i < frames; i++) {
            codec.encode(pcm, i * codec.frameSamples(), out, i * codec.frameBytes());
        }
        return out;
    }

    /** Builds PCM at 8 kHz in whole 20 ms frames. */
    private static final class Tones {
        private short[] pcm;
        private int n;

        Tones(int ms) {
            pcm = new short[ms * SAMPLES_PER_MS];
        }

        Tones pair(int f1, int f2, int ms) {
            int count = ms * SAMPLES_PER_MS;
            for (int i = 0; i < count; i++) {
                double t = (double) i / org.pippin.codec.Wav.SAMPLE_RATE;
                pcm[n++] = (short) (AMPLITUDE * (Math.sin(2 * Math.PI * f1 * t) + Math.sin(2 * Math.PI * f2 * t)));
            }
            return this;
        }

        Tones silence(int ms) {
            n += ms * SAMPLES_PER_MS;
            return this;
        }

        Tones beep() {
            return pair(1400, 1400, 400).silence(100);
        }

        short[] done() {
            int frames = n / 160;
            short[] out = new short[frames * 160];
            System.arraycopy(pcm, 0, out, 0, out.length);
            return out;
        }
    }
}
