package org.pippin.network;

import org.pippin.codec.GsmCodec;

/**
 * Real audio for the calls: a tone encoded with the phones' GSM 06.10 codec, five frames (100 ms) a packet, and the
 * check on the far side that decoding what arrived gives back a tone of that pitch and loudness.
 */
final class Tone {

    static final int RATE = 8000;
    static final int FRAMES = 5;

    private Tone() {
    }

    /** {@code packets} voice payloads of a {@code hz} tone, 100 ms each. */
    static byte[][] encode(int hz, int packets) {
        GsmCodec gsm = new GsmCodec();
        short[] pcm = new short[GsmCodec.FRAME_SAMPLES];
        byte[][] out = new byte[packets][FRAMES * GsmCodec.FRAME_BYTES];
        int n = 0;
        for (int p = 0; p < packets; p++) {
            for (int f = 0; f < FRAMES; f++) {
                for (int i = 0; i < pcm.length; i++, n++) {
                    pcm[i] = (short) (8000 * Math.sin(2 * Math.PI * hz * n / RATE));
                }
                gsm.encode(pcm, 0, out[p], f * GsmCodec.FRAME_BYTES);
            }
        }
        return out;
    }

    /** Decodes the payloads in order; returns {pitch in Hz from zero crossings, RMS} of all but the first packet. */
    static double[] measure(byte[][] payloads) {
        GsmCodec gsm = new GsmCodec();
        short[] pcm = new short[GsmCodec.FRAME_SAMPLES];
        long crossings = 0;
        double energy = 0;
        long samples = 0;
        short last = 0;
        for (int p = 0; p < payloads.length; p++) {
            for (int f = 0; f < FRAMES; f++) {
                gsm.decode(payloads[p], f * GsmCodec.FRAME_BYTES, pcm, 0);
                if (p == 0) {
                    continue; // the decoder settles during the first packet
                }
                for (short s : pcm) {
                    if ((s >= 0) != (last >= 0)) {
                        crossings++;
                    }
                    last = s;
                    energy += (double) s * s;
                    samples++;
                }
            }
        }
        double seconds = (double) samples / RATE;
        return new double[] {crossings / 2.0 / seconds, Math.sqrt(energy / samples)};
    }
}
