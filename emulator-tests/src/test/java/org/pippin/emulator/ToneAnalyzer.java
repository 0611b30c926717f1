package org.pippin.emulator;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * Reads a {@link ToneSequence} back from a recording: slides a Hann-windowed 40 ms window in 10 ms steps, measures
 * each candidate frequency with the Goertzel algorithm, labels a window with a tone when that tone is at least
 * {@link #MIN_MARGIN_DB} above every other candidate and above a level floor, merges labelled windows into runs and
 * aligns the runs with the expected sequence (longest common subsequence). No assumption about where the recording
 * starts or whether lost packets were skipped or filled with silence.
 */
final class ToneAnalyzer {
    static final int WINDOW = 320;
    static final int HOP = 80;
    /** A lossy codec smears tones; a real tone stays far above the other candidates, noise and boundaries do not. */
    static final double MIN_MARGIN_DB = 10;
    static final double MIN_LEVEL_DBFS = -40;
    /** A segment yields about 7 clean windows; shorter runs are transients at boundaries, not segments. */
    static final int MIN_RUN_WINDOWS = 3;
    /** Windows (hops) in one segment. */
    static final int SEGMENT_WINDOWS = ToneSequence.SEGMENT_SAMPLES / HOP;
    /** One unclear window inside a segment does not split it. */
    static final int MAX_GAP_WINDOWS = 1;

    /** A stretch of windows labelled with one tone. */
    record Run(int tone, int firstWindow, int lastWindow, double[] marginsDb, double levelDbfs) {
        /** The segment's margin: windows at its edges overlap the neighbours and say little about the codec. */
        double medianMarginDb() {
            double[] sorted = marginsDb.clone();
            Arrays.sort(sorted);
            return sorted[sorted.length / 2];
        }

        @Override
        public String toString() {
            return (int) ToneSequence.FREQUENCIES[tone] + "Hz@" + (firstWindow * HOP / 8) + "ms";
        }
    }

    /** What arrived compared with what was sent. */
    record Result(int[] expected, List<Run> runs, int matched, double[] segmentMarginsDb, double meanLevelDbfs,
                  int recordedSamples) {

        double deliveredFraction() {
            return expected.length == 0 ? 1 : (double) matched / expected.length;
        }

        /** Runs that are not part of the in-order match: wrong tones, reordered or repeated segments. */
        int unexpected() {
            return runs.size() - matched;
        }

        /**
         * Margin (dB of the tone over the strongest other candidate, median over a segment's windows) at quantile q
         * (0..1) of the matched segments.
         */
        double marginDb(double q) {
            if (segmentMarginsDb.length == 0) {
                return Double.NaN;
            }
            double[] sorted = segmentMarginsDb.clone();
            Arrays.sort(sorted);
            return sorted[(int) Math.min(sorted.length - 1, Math.floor(q * sorted.length))];
        }

        /** Fails unless at least minFraction of the segments arrived, in order, with nothing foreign in between. */
        void check(String what, double minFraction) {
            if (deliveredFraction() < minFraction || unexpected() > 0) {
                throw new AssertionError(what + ": " + this);
            }
        }

        @Override
        public String toString() {
            List<String> received = new ArrayList<>();
            for (Run run : runs) {
                received.add(String.valueOf((int) ToneSequence.FREQUENCIES[run.tone()]));
            }
            return String.format("%d of %d segments in order (%.1f %%), %d unexpected runs, "
                            + "margin min %.1f dB / p5 %.1f dB / median %.1f dB, level %.1f dBFS, %.2f s recorded"
                            + "%n  expected: %s%n  received: %s",
                    matched, expected.length, 100 * deliveredFraction(), unexpected(), marginDb(0), marginDb(0.05),
                    marginDb(0.5), meanLevelDbfs, recordedSamples / (double) WavFile.RATE,
                    ToneSequence.describe(expected), String.join(" ", received));
        }
    }

    private static final double[] HANN = new double[WINDOW];
    private static final double HANN_SUM;

    static {
        double sum = 0;
        for (int i = 0; i < WINDOW; i++) {
            HANN[i] = 0.5 - 0.5 * Math.cos(2 * Math.PI * i / (WINDOW - 1));
            sum += HANN[i];
        }
        HANN_SUM = sum;
    }

    private ToneAnalyzer() {
    }

    static Result analyze(short[] pcm, int[] expected) {
        List<Run> runs = runs(pcm);
        int[] received = runs.stream().mapToInt(Run::tone).toArray();
        boolean[] matchedRun = new boolean[runs.size()];
        int matched = lcs(expected, received, matchedRun);
        List<Double> margins = new ArrayList<>();
        double levelSum = 0;
        for (int i = 0; i < runs.size(); i++) {
            if (matchedRun[i]) {
                margins.add(runs.get(i).medianMarginDb());
                levelSum += runs.get(i).levelDbfs();
            }
        }
        return new Result(expected.clone(), List.copyOf(runs), matched,
                margins.stream().mapToDouble(Double::doubleValue).toArray(),
                matched == 0 ? Double.NaN : levelSum / matched, pcm.length);
    }

    private static List<Run> runs(short[] pcm) {
        List<Run> runs = new ArrayList<>();
        int tone = -1;
        int first = 0;
        int last = 0;
        List<Double> margins = new ArrayList<>();
        double levelSum = 0;
        double[] power = new double[ToneSequence.FREQUENCIES.length];
        for (int w = 0, start = 0; start + WINDOW <= pcm.length; w++, start += HOP) {
            int best = 0;
            int second = -1;
            for (int f = 0; f < power.length; f++) {
                power[f] = goertzel(pcm, start, ToneSequence.FREQUENCIES[f]);
                if (power[f] > power[best]) {
                    second = best;
                    best = f;
                } else if (f != best && (second < 0 || power[f] > power[second])) {
                    second = f;
                }
            }
            double margin = 10 * Math.log10(power[best] / Math.max(power[second], 1e-12));
            double level = 20 * Math.log10(2 * Math.sqrt(power[best]) / HANN_SUM / Short.MAX_VALUE + 1e-12);
            boolean labelled = margin >= MIN_MARGIN_DB && level >= MIN_LEVEL_DBFS;
            if (!labelled) {
                continue;
            }
            if (best == tone && w - last - 1 <= MAX_GAP_WINDOWS) {
                last = w;
            } else {
                addRun(runs, tone, first, last, margins, levelSum);
                tone = best;
                first = w;
                last = w;
                margins.clear();
                levelSum = 0;
            }
            margins.add(margin);
            levelSum += level;
        }
        addRun(runs, tone, first, last, margins, levelSum);
        return runs;
    }

    private static void addRun(List<Run> runs, int tone, int first, int last, List<Double> margins, double levelSum) {
        if (tone < 0 || margins.size() < MIN_RUN_WINDOWS) {
            return;
        }
        double[] m = margins.stream().mapToDouble(Double::doubleValue).toArray();
        Run previous = runs.isEmpty() ? null : runs.get(runs.size() - 1);
        if (previous != null && previous.tone() == tone && last - previous.firstWindow() < SEGMENT_WINDOWS) {
            // No tone follows itself in a ToneSequence, so two runs of one tone within one segment's length are one
            // segment that the codec let dip for a few windows (Speex at 5.95 kbit/s does, 40-60 ms into a 1330 Hz
            // segment); a segment played twice spans two segments' length and stays two runs.
            double[] both = Arrays.copyOf(previous.marginsDb(), previous.marginsDb().length + m.length);
            System.arraycopy(m, 0, both, previous.marginsDb().length, m.length);
            double level = (previous.levelDbfs() * previous.marginsDb().length + levelSum) / both.length;
            runs.set(runs.size() - 1, new Run(tone, previous.firstWindow(), last, both, level));
            return;
        }
        runs.add(new Run(tone, first, last, m, levelSum / margins.size()));
    }

    /** Squared magnitude of the Hann-windowed DFT of one window at one frequency. */
    static double goertzel(short[] pcm, int start, double frequency) {
        double coeff = 2 * Math.cos(2 * Math.PI * frequency / WavFile.RATE);
        double s1 = 0;
        double s2 = 0;
        for (int i = 0; i < WINDOW; i++) {
            double s = pcm[start + i] * HANN[i] + coeff * s1 - s2;
            s2 = s1;
            s1 = s;
        }
        return s1 * s1 + s2 * s2 - coeff * s1 * s2;
    }

    /** Length of the longest common subsequence; marks which received runs belong to it. */
    private static int lcs(int[] expected, int[] received, boolean[] matchedReceived) {
        int[][] len = new int[expected.length + 1][received.length + 1];
        for (int i = expected.length - 1; i >= 0; i--) {
            for (int j = received.length - 1; j >= 0; j--) {
                len[i][j] = expected[i] == received[j]
                        ? len[i + 1][j + 1] + 1
                        : Math.max(len[i + 1][j], len[i][j + 1]);
            }
        }
        for (int i = 0, j = 0; i < expected.length && j < received.length; ) {
            if (expected[i] == received[j]) {
                matchedReceived[j] = true;
                i++;
                j++;
            } else if (len[i + 1][j] >= len[i][j + 1]) {
                i++;
            } else {
                j++;
            }
        }
        return len[0][0];
    }
}
