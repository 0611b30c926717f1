package org.pippin.midlet;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;

import org.junit.jupiter.api.Test;
import org.pippin.codec.Wav;

class WavSourceTest {

    private static byte[] wav(int dataBytes, int samples) throws IOException {
        ByteArrayOutputStream b = new ByteArrayOutputStream();
        Wav.writeHeader(b, dataBytes);
        for (int i = 0; i < samples; i++) {
            b.write(i);
            b.write(i >> 8);
        }
        b.write(new byte[] {0x55, 0x55, 0x55, 0x55}); // trailing chunk bytes beyond the data length
        return b.toByteArray();
    }

    @Test
    void readsLittleEndianSamplesUpToTheDataLength() throws IOException {
        WavSource s = new WavSource(new ByteArrayInputStream(wav(600, 300)), null, 160);
        short[] pcm = new short[160];
        assertEquals(160, s.read(pcm, 0, 160));
        assertEquals(159, pcm[159]);
        assertEquals(140, s.read(pcm, 0, 160));
        assertEquals(299, pcm[139]);
        assertEquals(-1, s.read(pcm, 0, 160));
    }

    @Test
    void streamingHeaderReadsToEndOfStream() throws IOException {
        WavSource s = new WavSource(new ByteArrayInputStream(wav(Wav.UNKNOWN_LENGTH, 100)), null, 160);
        short[] pcm = new short[160];
        assertEquals(102, s.read(pcm, 0, 160), "100 samples plus the 4 trailing bytes");
        assertEquals(-1, s.read(pcm, 0, 160));
    }

    @Test
    void rejectsStereoInput() throws IOException {
        byte[] stereo = wav(400, 200);
        stereo[22] = 2;
        IOException e = assertThrows(IOException.class,
                () -> new WavSource(new ByteArrayInputStream(stereo), null, 160));
        assertEquals("unsupported WAV channel count 2, need 1 (mono)", e.getMessage());
    }
}
