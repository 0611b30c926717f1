package org.pippin.emulator;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.Random;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The audio check must pass on what a call delivers and fail on what a broken call delivers. */
class ToneAnalyzerTest {
    private static final int SEGMENTS = 40;
    private static final int[] TONES = ToneSequence.random(7, SEGMENTS);
    private static final int SEG = ToneSequence.SEGMENT_SAMPLES;

    @Test
    void sequenceNeverRepeatsATone_withinThreeSegments() {
        int[] tones = ToneSequence.random(1, 1000);
        for (int i = 2; i < tones.length; i++) {
            assertTrue(tones[i] != tones[i - 1] && tones[i] != tones[i - 2], "at " + i);
        }
    }

    @Test
    void cleanSignal_allSegmentsInOrder_withLargeMargin() {
        ToneAnalyzer.Result result = ToneAnalyzer.analyze(ToneSequence.render(TONES), TONES);

        assertEquals(SEGMENTS, result.matched(), result::toString);
        assertEquals(0, result.unexpected(), result::toString);
        assertTrue(result.marginDb(0) > 30, result::toString);
        result.check("clean", 1.0);
    }

    @Test
    void unknownStartOffsetAndSilenceAround_doNotMatter() {
        short[] pcm = concat(new short[333], ToneSequence.render(TONES), new short[1234]);

        ToneAnalyzer.analyze(pcm, TONES).check("offset", 1.0);
    }

    @Test
    void lostPackets_skippedOrFilledWithSilence_areCounted() {
        short[] sent = ToneSequence.render(TONES);
        // Segment 10 is missing (skipped), segment 20 arrives as silence: 38 of 40 = 95 %.
        short[] received = concat(Arrays.copyOfRange(sent, 0, 10 * SEG), Arrays.copyOfRange(sent, 11 * SEG, 20 * SEG),
                new short[SEG], Arrays.copyOfRange(sent, 21 * SEG, sent.length));

        ToneAnalyzer.Result result = ToneAnalyzer.analyze(received, TONES);

        assertEquals(38, result.matched(), result::toString);
        result.check("two lost", 0.95);
        assertThrows(AssertionError.class, () -> result.check("two lost", 0.96));
    }

    @Test
    void missingSecondHalf_fails() {
        short[] sent = ToneSequence.render(TONES);
        short[] firstHalf = Arrays.copyOf(sent, sent.length / 2);

        ToneAnalyzer.Result result = ToneAnalyzer.analyze(firstHalf, TONES);

        assertEquals(SEGMENTS / 2, result.matched(), result::toString);
        assertThrows(AssertionError.class, () -> result.check("half", 0.95));
    }

    @Test
    void missingFirstHalf_fails() {
        short[] sent = ToneSequence.render(TONES);
        short[] secondHalf = Arrays.copyOfRange(sent, sent.length / 2, sent.length);

        assertThrows(AssertionError.class, () -> ToneAnalyzer.analyze(secondHalf, TONES).check("half", 0.95));
    }

    @Test
    void otherSequence_fails() {
        short[] other = ToneSequence.render(ToneSequence.random(8, SEGMENTS));

        ToneAnalyzer.Result result = ToneAnalyzer.analyze(other, TONES);

        assertTrue(result.deliveredFraction() < 0.6, result::toString);
        assertThrows(AssertionError.class, () -> result.check("other", 0.95));
    }

    @Test
    void tonesBetweenTheCandidates_areNotRecognised() {
        short[] pcm = new short[SEGMENTS * SEG];
        for (int i = 0; i < pcm.length; i++) {
            double f = ToneSequence.FREQUENCIES[TONES[i / SEG]] + 100;
            pcm[i] = (short) (0.3 * Short.MAX_VALUE * Math.sin(2 * Math.PI * f * i / WavFile.RATE));
        }

        ToneAnalyzer.Result result = ToneAnalyzer.analyze(pcm, TONES);

        assertEquals(0, result.runs().size(), result::toString);
        assertThrows(AssertionError.class, () -> result.check("off-frequency", 0.95));
    }

    @Test
    void swappedSegments_areOutOfOrder() {
        short[] sent = ToneSequence.render(TONES);
        short[] swapped = sent.clone();
        System.arraycopy(sent, 5 * SEG, swapped, 6 * SEG, SEG);
        System.arraycopy(sent, 6 * SEG, swapped, 5 * SEG, SEG);

        ToneAnalyzer.Result result = ToneAnalyzer.analyze(swapped, TONES);

        assertEquals(1, result.unexpected(), result::toString);
        assertThrows(AssertionError.class, () -> result.check("swapped", 0.95));
    }

    @Test
    void dipInsideASegment_doesNotSplitIt() {
        short[] pcm = ToneSequence.render(TONES);
        // 30 ms of silence 40 ms into segment 9, as a low-rate codec can leave.
        Arrays.fill(pcm, 9 * SEG + 320, 9 * SEG + 560, (short) 0);

        ToneAnalyzer.Result result = ToneAnalyzer.analyze(pcm, TONES);

        assertEquals(SEGMENTS, result.matched(), result::toString);
        assertEquals(0, result.unexpected(), result::toString);
    }

    @Test
    void segmentPlayedAgainAfterAGap_isUnexpected() {
        short[] sent = ToneSequence.render(TONES);
        // Segment 9, 100 ms of silence, segment 9 again: one tone twice, too far apart to be one dipping segment.
        short[] again = concat(Arrays.copyOf(sent, 10 * SEG), new short[SEG], Arrays.copyOfRange(sent, 9 * SEG,
                sent.length));

        ToneAnalyzer.Result result = ToneAnalyzer.analyze(again, TONES);

        assertEquals(1, result.unexpected(), result::toString);
        assertThrows(AssertionError.class, () -> result.check("again", 0.95));
    }

    @Test
    void repeatedSegment_isUnexpected() {
        short[] sent = ToneSequence.render(TONES);
        short[] repeated = concat(Arrays.copyOf(sent, 12 * SEG), Arrays.copyOfRange(sent, 8 * SEG, 9 * SEG),
                Arrays.copyOfRange(sent, 12 * SEG, sent.length));

        assertThrows(AssertionError.class, () -> ToneAnalyzer.analyze(repeated, TONES).check("repeat", 0.95));
    }

    @Test
    void noiseAt20dbBelowTheTones_isTolerated() {
        short[] pcm = ToneSequence.render(TONES);
        Random random = new Random(3);
        double noise = ToneSequence.AMPLITUDE * Short.MAX_VALUE / Math.sqrt(2) / 10;
        for (int i = 0; i < pcm.length; i++) {
            double noisy = pcm[i] + random.nextGaussian() * noise;
            pcm[i] = (short) Math.max(Short.MIN_VALUE, Math.min(Short.MAX_VALUE, noisy));
        }

        ToneAnalyzer.Result result = ToneAnalyzer.analyze(pcm, TONES);

        result.check("noisy", 1.0);
        assertTrue(result.marginDb(0.05) > ToneAnalyzer.MIN_MARGIN_DB, result::toString);
    }

    @Test
    void silence_fails() {
        assertThrows(AssertionError.class,
                () -> ToneAnalyzer.analyze(new short[SEGMENTS * SEG], TONES).check("silence", 0.95));
    }

    @Test
    void wavRoundTrip(@TempDir Path dir) throws IOException {
        short[] pcm = ToneSequence.render(Arrays.copyOf(TONES, 3));
        Path file = dir.resolve("t.wav");

        WavFile.write(file, pcm);

        assertEquals(WavFile.HEADER_BYTES + 2 * pcm.length, Files.size(file));
        assertTrue(Arrays.equals(pcm, WavFile.read(file)));
    }

    @Test
    void wavWithStreamingSize_isReadToTheEnd(@TempDir Path dir) throws IOException {
        Path file = dir.resolve("s.wav");
        WavFile.write(file, new short[] {1, 2, 3});
        byte[] bytes = Files.readAllBytes(file);
        ByteBuffer.wrap(bytes).order(ByteOrder.LITTLE_ENDIAN).putInt(40, -1);
        Files.write(file, bytes);

        assertTrue(Arrays.equals(new short[] {1, 2, 3}, WavFile.read(file)));
    }

    @Test
    void wavOfAnotherFormat_isRefusedWithTheReason(@TempDir Path dir) throws IOException {
        Path file = dir.resolve("stereo.wav");
        WavFile.write(file, new short[] {1, 2});
        byte[] bytes = Files.readAllBytes(file);
        bytes[22] = 2;
        Files.write(file, bytes);

        IOException e = assertThrows(IOException.class, () -> WavFile.read(file));
        assertTrue(e.getMessage().contains("2 channels"), e.getMessage());
    }

    @Test
    void truncatedWav_isRefused(@TempDir Path dir) throws IOException {
        Path file = dir.resolve("cut.wav");
        WavFile.write(file, new short[100]);
        byte[] bytes = Files.readAllBytes(file);
        Files.write(file, Arrays.copyOf(bytes, 100));

        IOException e = assertThrows(IOException.class, () -> WavFile.read(file));
        assertTrue(e.getMessage().contains("data chunk says 200 bytes, file holds 56"), e.getMessage());
    }

    private static short[] concat(short[]... parts) {
        int length = 0;
        for (short[] part : parts) {
            length += part.length;
        }
        short[] all = new short[length];
        int at = 0;
        for (short[] part : parts) {
            System.arraycopy(part, 0, all, at, part.length);
            at += part.length;
        }
        return all;
    }
}
