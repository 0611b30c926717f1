package org.pippin.codec;

import org.pippin.codec.speex.Bits;
import org.pippin.codec.speex.NbDecoder;
import org.pippin.codec.speex.NbEncoder;

/**
 * Speex narrowband at 5.95 kbit/s (sub-mode 2, "quality 2"): 160 samples of 8 kHz 16-bit PCM per 15-byte frame.
 *
 * <p>The coder is the JSpeex port of Speex 1.0 (BSD licence, see NOTICE) cut down to this one sub-mode and made
 * CLDC 1.1-safe ({@link org.pippin.codec.speex.SpeexMath} stands in for the missing {@code Math} functions). A frame
 * is one Speex narrowband frame as libspeex writes it, padded to whole bytes with a zero bit:
 * <pre>
 *  bits  field
 *   1    wideband flag, 0
 *   4    sub-mode, 2
 *  30    LSPs: 6 (10-dim) + 6 (low 5) + 6 (high 5) ... (LbrLspQuant)
 *   7    open-loop pitch - 17
 *   5    open-loop excitation gain
 *  4 x   subframe (40 samples):
 *   5      3-tap pitch gain index
 *  16      4 x 4-bit excitation shape with sign
 *   1    padding, 0
 *  ---
 *  120 bits = 15 bytes
 * </pre>
 * An instance encodes one stream and decodes another; the encoder state (28 KB of filter memories and search
 * scratch) and the decoder state (16 KB) are made on first use, so an instance used in one direction carries only
 * that one. After that neither direction allocates anything per frame.
 */
public final class SpeexCodec implements VoiceCodec {
    /** Bytes in one frame. */
    public static final int FRAME_BYTES = 15;
    /** Samples in one frame (20 ms). */
    public static final int FRAME_SAMPLES = 160;
    /** The Speex narrowband sub-mode this codec carries (5.95 kbit/s). */
    public static final int SUBMODE = 2;
    /**
     * Encoder search effort (1-10): candidates kept in the pitch-gain and excitation searches. 1 is the cheapest,
     * what a phone's CPU wants; on the tone sequences of the call tests it keeps every tone as well as 3 or 4 do
     * (emulator-tests CodecToneTest), and the gain of higher settings on speech is small at this bit rate.
     */
    static final int COMPLEXITY = 1;

    private NbEncoder encoder;
    private NbDecoder decoder;
    private final Bits bits = new Bits();
    private final float[] samples = new float[FRAME_SAMPLES];

    public int id() {
        return Codecs.SPEEX;
    }

    public int frameBytes() {
        return FRAME_BYTES;
    }

    public int frameSamples() {
        return FRAME_SAMPLES;
    }

    public void encode(short[] pcm, int pcmOff, byte[] out, int outOff) {
        Ranges.check(pcm.length, pcmOff, FRAME_SAMPLES, "pcm");
        Ranges.check(out.length, outOff, FRAME_BYTES, "out");
        if (encoder == null) {
            encoder = new NbEncoder();
            encoder.nbinit();
            encoder.setMode(SUBMODE);
            encoder.setComplexity(COMPLEXITY);
        }
        for (int i = 0; i < FRAME_SAMPLES; i++) {
            samples[i] = pcm[pcmOff + i];
        }
        bits.reset(out, outOff, FRAME_BYTES);
        bits.clear();
        encoder.encode(bits, samples);
    }

    public void decode(byte[] in, int inOff, short[] pcm, int pcmOff) {
        Ranges.check(in.length, inOff, FRAME_BYTES, "in");
        Ranges.check(pcm.length, pcmOff, FRAME_SAMPLES, "pcm");
        int head = (in[inOff] & 0xFF) >> 3;
        if (head != SUBMODE) {
            throw new IllegalArgumentException("not a Speex 5.95 kbit/s frame: wideband bit " + (head >> 4)
                    + ", sub-mode " + (head & 0xF) + ", expected 0 and " + SUBMODE);
        }
        if (decoder == null) {
            decoder = new NbDecoder();
            decoder.nbinit();
        }
        bits.reset(in, inOff, FRAME_BYTES);
        decoder.decode(bits, samples);
        for (int i = 0; i < FRAME_SAMPLES; i++) {
            pcm[pcmOff + i] = toSample(samples[i]);
        }
    }

    private static short toSample(float v) {
        if (v > 32767f) {
            return 32767;
        }
        if (v < -32768f) {
            return -32768;
        }
        // A damaged frame can drive the filters to NaN; it plays as silence and the filters recover.
        if (v != v) {
            return 0;
        }
        return (short) (v > 0 ? v + .5f : v - .5f);
    }
}
