package org.pippin.codec;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.code_intelligence.jazzer.junit.FuzzTest;

/**
 * G.711 µ-law both ways on arbitrary samples and codes: a decoded value encodes back to a code that decodes to the
 * same value, and encoding loses at most half a quantisation step of the sample's segment.
 */
class MuLawCodecFuzzTest {

    @FuzzTest(maxDuration = "10s")
    void roundTrip(byte[] data) {
        MuLawCodec codec = new MuLawCodec();
        int frames = data.length / codec.frameBytes();
        short[] pcm = new short[codec.frameSamples()];
        byte[] again = new byte[codec.frameBytes()];
        short[] pcm2 = new short[codec.frameSamples()];
        for (int f = 0; f < frames; f++) {
            codec.decode(data, f * codec.frameBytes(), pcm, 0);
            codec.encode(pcm, 0, again, 0);
            codec.decode(again, 0, pcm2, 0);
            for (int i = 0; i < pcm.length; i++) {
                assertEquals(pcm[i], pcm2[i], "code " + (data[f * codec.frameBytes() + i] & 0xFF));
            }
        }
        for (int i = 0; i + 1 < data.length; i += 2) {
            int sample = (short) ((data[i] & 0xFF) << 8 | data[i + 1] & 0xFF);
            int back = MuLawCodec.decode(MuLawCodec.encode(sample));
            // The widest µ-law segment has steps of 1024 (plus the bias and the clip at 32635).
            assertTrue(Math.abs(back - sample) <= 1024 + 132, sample + " came back as " + back);
        }
    }
}
