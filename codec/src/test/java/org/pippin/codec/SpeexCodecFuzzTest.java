package org.pippin.codec;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import com.code_intelligence.jazzer.junit.FuzzTest;
import java.util.Arrays;
import org.pippin.protocol.Allocation;

/**
 * A stream of arbitrary 15-byte frames through one {@link SpeexCodec} decoder (its state carries over): frames whose
 * first five bits are 0 0010 decode without error into the same samples as a second decoder that saw only those,
 * others are refused with IllegalArgumentException and leave the state alone; a short buffer gives
 * IndexOutOfBoundsException. Decoding allocates nothing per frame beyond the decoder's state, made once.
 */
class SpeexCodecFuzzTest {
    /** Two decoders' state, allocated on their first frame (16 KB each), plus an exception's room. */
    private static final long STATE = 96 * 1024;

    @FuzzTest(maxDuration = "10s")
    void decode(byte[] data) throws Exception {
        SpeexCodec decoder = new SpeexCodec();
        SpeexCodec clean = new SpeexCodec();
        short[] pcm = new short[SpeexCodec.FRAME_SAMPLES];
        short[] expected = new short[SpeexCodec.FRAME_SAMPLES];
        Allocation.bounded(data.length, 0, STATE, () -> {
            for (int off = 0; off + SpeexCodec.FRAME_BYTES <= data.length; off += SpeexCodec.FRAME_BYTES) {
                int at = off;
                if ((data[at] & 0xF8) == SpeexCodec.SUBMODE << 3) {
                    decoder.decode(data, at, pcm, 0);
                    clean.decode(data, at, expected, 0);
                    assertArrayEquals(expected, pcm, "frame at " + at);
                } else {
                    short[] before = pcm.clone();
                    assertThrows(IllegalArgumentException.class, () -> decoder.decode(data, at, pcm, 0));
                    assertArrayEquals(before, pcm);
                }
            }
        });
        int tail = data.length % SpeexCodec.FRAME_BYTES;
        if (tail > 0) {
            byte[] cut = Arrays.copyOfRange(data, data.length - tail, data.length);
            assertThrows(IndexOutOfBoundsException.class, () -> decoder.decode(cut, 0, pcm, 0));
        }
    }
}
