package org.pippin.codec;

import java.util.Random;

/** Test signals, 8 kHz 16-bit; a whole number of 160-sample frames. */
final class Signals {
    static final int RATE = 8000;

    private Signals() {
    }

    static short[] silence(int frames) {
        return new short[frames * 160];
    }

    static short[] tone(int frames, double hz, double amplitude) {
        short[] s = new short[frames * 160];
        for (int i = 0; i < s.length; i++) {
            s[i] = clip(amplitude * Math.sin(2 * Math.PI * hz * i / RATE));
        }
        return s;
    }

    /** Exponential sweep from {@code fromHz} to {@code toHz}. */
    static short[] sweep(int frames, double fromHz, double toHz, double amplitude) {
        short[] s = new short[frames * 160];
        double phase = 0;
        for (int i = 0; i < s.length; i++) {
            double hz = fromHz * Math.pow(toHz / fromHz, (double) i / s.length);
            phase += 2 * Math.PI * hz / RATE;
            s[i] = clip(amplitude * Math.sin(phase));
        }
        return s;
    }

    static short[] noise(int frames, long seed, int amplitude) {
        Random r = new Random(seed);
        short[] s = new short[frames * 160];
        for (int i = 0; i < s.length; i++) {
            s[i] = (short) (r.nextInt(2 * amplitude + 1) - amplitude);
        }
        return s;
    }

    /**
     * Voiced "syllables" (a 90..180 Hz glottal pulse train through two formant resonators, with an amplitude
     * envelope), fricative noise bursts and pauses: exercises the long-term predictor over its whole lag range.
     */
    static short[] speechLike(int frames, long seed) {
        Random r = new Random(seed);
        short[] s = new short[frames * 160];
        double y1 = 0, y2 = 0, z1 = 0, z2 = 0;
        double nextPulse = 0;
        for (int i = 0; i < s.length; i++) {
            double t = (double) i / RATE;
            int syllable = (int) (t / 0.25);
            double within = t / 0.25 - syllable;
            boolean fricative = syllable % 5 == 3;
            boolean pause = syllable % 7 == 6;
            double envelope = pause ? 0 : Math.sin(Math.PI * within);
            double pitch = 90 + 90 * (0.5 + 0.5 * Math.sin(2 * Math.PI * 0.7 * t));
            double excitation;
            if (fricative) {
                excitation = r.nextGaussian() * 0.3;
            } else {
                excitation = 0;
                if (i >= nextPulse) {
                    excitation = 1;
                    nextPulse += RATE / pitch;
                }
            }
            double f1 = 500 + 300 * Math.sin(2 * Math.PI * 1.3 * t);
            double f2 = 1500 + 600 * Math.sin(2 * Math.PI * 0.9 * t);
            double[] c1 = resonator(f1, 0.97);
            double[] c2 = resonator(f2, 0.95);
            double a = excitation + c1[0] * y1 + c1[1] * y2;
            y2 = y1;
            y1 = a;
            double b = a + c2[0] * z1 + c2[1] * z2;
            z2 = z1;
            z1 = b;
            s[i] = clip(b * envelope * 2500);
        }
        return s;
    }

    private static double[] resonator(double hz, double radius) {
        return new double[] {2 * radius * Math.cos(2 * Math.PI * hz / RATE), -radius * radius};
    }

    /** Full-scale extremes: square waves, alternating rails, DC at both rails, random rail values. */
    static short[] extremes(int frames, long seed) {
        Random r = new Random(seed);
        short[] s = new short[frames * 160];
        for (int i = 0; i < s.length; i++) {
            int part = (i / 800) % 6;
            switch (part) {
                case 0: s[i] = (short) ((i / 20) % 2 == 0 ? 32767 : -32768); break;
                case 1: s[i] = (short) (i % 2 == 0 ? 32767 : -32768); break;
                case 2: s[i] = 32767; break;
                case 3: s[i] = -32768; break;
                case 4: s[i] = (short) (r.nextBoolean() ? 32767 : -32768); break;
                default: s[i] = clip(1.0e6 * Math.sin(2 * Math.PI * 300 * i / RATE)); break;
            }
        }
        return s;
    }

    /**
     * Steps between the rails after a second of settling each: the high-pass output reaches the top of its range,
     * where the standard's 16-bit word arithmetic wraps when the autocorrelation scaling is undone.
     */
    static short[] railSteps(int frames) {
        short[] s = new short[frames * 160];
        for (int i = 0; i < s.length; i++) {
            s[i] = (short) ((i / 8000) % 2 == 0 ? -32768 : 32767);
        }
        return s;
    }

    static short[] concat(short[]... parts) {
        int n = 0;
        for (short[] p : parts) {
            n += p.length;
        }
        short[] s = new short[n];
        int o = 0;
        for (short[] p : parts) {
            System.arraycopy(p, 0, s, o, p.length);
            o += p.length;
        }
        return s;
    }

    static short clip(double v) {
        long x = Math.round(v);
        return (short) Math.max(-32768, Math.min(32767, x));
    }

    /** Power of {@code hz} in {@code s[from..to)} by the Goertzel algorithm. */
    static double goertzel(short[] s, int from, int to, double hz) {
        double coeff = 2 * Math.cos(2 * Math.PI * hz / RATE);
        double q1 = 0, q2 = 0;
        for (int i = from; i < to; i++) {
            double q0 = coeff * q1 - q2 + s[i];
            q2 = q1;
            q1 = q0;
        }
        return q1 * q1 + q2 * q2 - coeff * q1 * q2;
    }
}
