package org.pippin.codec;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import com.code_intelligence.jazzer.junit.FuzzTest;
import java.util.Arrays;

/**
 * A stream of arbitrary 33-byte frames through one {@link GsmCodec} decoder (its state carries over): frames with the
 * signature nibble decode without error, others are refused with IllegalArgumentException (a short buffer with
 * IndexOutOfBoundsException) and leave the decoder's state alone: a second decoder that never saw them gives the
 * same samples.
 */
class GsmCodecFuzzTest {

    @FuzzTest(maxDuration = "10s")
    void decode(byte[] data) {
        GsmCodec decoder = new GsmCodec();
        GsmCodec clean = new GsmCodec();
        short[] pcm = new short[GsmCodec.FRAME_SAMPLES];
        short[] expected = new short[GsmCodec.FRAME_SAMPLES];
        for (int off = 0; off + GsmCodec.FRAME_BYTES <= data.length; off += GsmCodec.FRAME_BYTES) {
            int at = off;
            if (GsmCodec.hasSignature(data, at)) {
                decoder.decode(data, at, pcm, 0);
                clean.decode(data, at, expected, 0);
                assertArrayEquals(expected, pcm, "frame at " + at);
            } else {
                short[] before = pcm.clone();
                assertThrows(IllegalArgumentException.class, () -> decoder.decode(data, at, pcm, 0));
                assertArrayEquals(before, pcm);
            }
        }
        int tail = data.length % GsmCodec.FRAME_BYTES;
        if (tail > 0) {
            byte[] cut = Arrays.copyOfRange(data, data.length - tail, data.length);
            assertThrows(IndexOutOfBoundsException.class, () -> decoder.decode(cut, 0, pcm, 0));
        }
    }
}
