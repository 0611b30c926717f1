package org.pippin.codec;

/**
 * ITU-T G.711 µ-law, one byte per sample, computed without tables (the phone saves the 64 KB an encode table costs).
 *
 * <p>The encoder follows the ITU-T G.191 reference: the 16-bit sample is cut to the 14-bit linear range G.711 is
 * defined on, a negative sample is taken as its one's complement (so -1 codes as negative zero, 0x7F), biased by 33,
 * and split into a 3-bit segment and a 4-bit step; the code word is sent inverted. The decoder returns the middle of
 * each quantization interval scaled back to 16 bits (±32124 at the ends, 0 for both zeros).
 */
public final class MuLawCodec implements VoiceCodec {
    /** Samples, and bytes, in one 20 ms frame. */
    public static final int FRAME_SAMPLES = 160;

    public int id() {
        return Codecs.PCMU;
    }

    public int frameBytes() {
        return FRAME_SAMPLES;
    }

    public int frameSamples() {
        return FRAME_SAMPLES;
    }

    public void encode(short[] pcm, int pcmOff, byte[] out, int outOff) {
        Ranges.check(pcm.length, pcmOff, FRAME_SAMPLES, "pcm");
        Ranges.check(out.length, outOff, FRAME_SAMPLES, "out");
        for (int i = 0; i < FRAME_SAMPLES; i++) {
            out[outOff + i] = (byte) encode(pcm[pcmOff + i]);
        }
    }

    public void decode(byte[] in, int inOff, short[] pcm, int pcmOff) {
        Ranges.check(in.length, inOff, FRAME_SAMPLES, "in");
        Ranges.check(pcm.length, pcmOff, FRAME_SAMPLES, "pcm");
        for (int i = 0; i < FRAME_SAMPLES; i++) {
            pcm[pcmOff + i] = (short) decode(in[inOff + i]);
        }
    }

    /** Encodes one 16-bit sample; returns the code byte (0..255). */
    public static int encode(int sample) {
        int magnitude = (sample < 0 ? ~sample : sample) >> 2;
        magnitude += 33;
        if (magnitude > 0x1FFF) {
            magnitude = 0x1FFF;
        }
        int segment = 1;
        for (int i = magnitude >> 6; i != 0; i >>= 1) {
            segment++;
        }
        int code = ((8 - segment) << 4) | (0xF - ((magnitude >> segment) & 0xF));
        return sample >= 0 ? code | 0x80 : code;
    }

    /** Decodes one code byte (only its low 8 bits count) to a 16-bit sample. */
    public static int decode(int code) {
        int inverted = ~code & 0xFF;
        int exponent = (inverted >> 4) & 7;
        int mantissa = inverted & 0xF;
        int magnitude = (((mantissa << 3) + 0x84) << exponent) - 0x84;
        return (inverted & 0x80) != 0 ? -magnitude : magnitude;
    }
}
