package org.pippin.emulator;

import java.util.Random;

/**
 * Test audio: one tone per 100 ms segment (one voice packet at the default packetization), drawn from a small set of
 * candidate frequencies so that which segments arrived, and in which order, can be read back from the far end's
 * recording. A segment differs from the two before it, so each segment shows up as its own run of tone even when the
 * one between two segments is lost.
 */
final class ToneSequence {
    /**
     * 200 Hz apart (8 bins of a 40 ms analysis window) and off the low harmonics of one another, inside the
     * 300–3400 Hz telephone band that GSM 06.10 carries.
     */
    static final double[] FREQUENCIES = {530, 730, 930, 1130, 1330, 1530, 1730, 1930};
    static final int SEGMENT_SAMPLES = WavFile.RATE / 10;
    /** Peak amplitude as a fraction of full scale: loud like speech, far from clipping. */
    static final double AMPLITUDE = 0.3;

    private ToneSequence() {
    }

    /** A reproducible sequence of tone indexes into {@link #FREQUENCIES}; no tone repeats within three segments. */
    static int[] random(long seed, int segments) {
        Random random = new Random(seed);
        int[] tones = new int[segments];
        for (int i = 0; i < segments; i++) {
            int tone;
            do {
                tone = random.nextInt(FREQUENCIES.length);
            } while (i > 0 && tone == tones[i - 1] || i > 1 && tone == tones[i - 2]);
            tones[i] = tone;
        }
        return tones;
    }

    /** Renders the tones with continuous phase (no clicks at segment boundaries). */
    static short[] render(int[] tones) {
        short[] pcm = new short[tones.length * SEGMENT_SAMPLES];
        double phase = 0;
        for (int i = 0; i < pcm.length; i++) {
            phase += 2 * Math.PI * FREQUENCIES[tones[i / SEGMENT_SAMPLES]] / WavFile.RATE;
            pcm[i] = (short) Math.round(AMPLITUDE * Short.MAX_VALUE * Math.sin(phase));
        }
        return pcm;
    }

    static String describe(int[] tones) {
        StringBuilder text = new StringBuilder();
        for (int tone : tones) {
            text.append(text.length() == 0 ? "" : " ").append((int) FREQUENCIES[tone]);
        }
        return text.toString();
    }
}
