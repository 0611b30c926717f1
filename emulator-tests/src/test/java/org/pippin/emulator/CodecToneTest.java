package org.pippin.emulator;

import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;
import org.pippin.codec.Codecs;
import org.pippin.codec.VoiceCodec;

/**
 * The tone check's thresholds hold after the phones' codecs: a sequence encoded and decoded offline must still be
 * read back whole, with room to spare above {@link ToneAnalyzer#MIN_MARGIN_DB}. Prints the margins it measured.
 */
class CodecToneTest {
    private static final int[] TONES = ToneSequence.random(11, 50);

    @Test
    void gsmKeepsEveryTone_withMargin() {
        ToneAnalyzer.Result result = roundTrip(Codecs.GSM);

        result.check("GSM 06.10", 1.0);
        assertTrue(result.marginDb(0) > ToneAnalyzer.MIN_MARGIN_DB + 6, result::toString);
    }

    @Test
    void muLawKeepsEveryTone_withMargin() {
        ToneAnalyzer.Result result = roundTrip(Codecs.PCMU);

        result.check("PCMU", 1.0);
        assertTrue(result.marginDb(0) > ToneAnalyzer.MIN_MARGIN_DB + 6, result::toString);
    }

    @Test
    void speexKeepsEveryTone_withMargin() {
        ToneAnalyzer.Result result = roundTrip(Codecs.SPEEX);

        result.check("Speex 5.95 kbit/s", 1.0);
        // A low-rate CELP coder leaves less room than GSM: measured 15.9 dB at worst on this sequence.
        assertTrue(result.marginDb(0) > ToneAnalyzer.MIN_MARGIN_DB + 4, result::toString);
    }

    private static ToneAnalyzer.Result roundTrip(int codecId) {
        VoiceCodec encoder = Codecs.create(codecId);
        VoiceCodec decoder = Codecs.create(codecId);
        short[] sent = ToneSequence.render(TONES);
        short[] received = new short[sent.length];
        byte[] frame = new byte[encoder.frameBytes()];
        for (int off = 0; off + encoder.frameSamples() <= sent.length; off += encoder.frameSamples()) {
            encoder.encode(sent, off, frame, 0);
            decoder.decode(frame, 0, received, off);
        }
        ToneAnalyzer.Result result = ToneAnalyzer.analyze(received, TONES);
        System.out.println("codec " + codecId + " offline round trip: " + result);
        return result;
    }
}
