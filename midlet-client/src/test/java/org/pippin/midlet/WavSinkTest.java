package org.pippin.midlet;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.util.Arrays;

import org.junit.jupiter.api.Test;
import org.pippin.codec.Wav;

class WavSinkTest {

    /** Keeps the streamed bytes and, on finish, rewrites the header in place as a seekable file would. */
    static final class MemoryTarget implements WavSink.Target {
        final ByteArrayOutputStream streamed = new ByteArrayOutputStream();
        int flushes;
        byte[] finished;

        @Override
        public OutputStream stream() {
            return new OutputStream() {
                @Override
                public void write(int b) {
                    streamed.write(b);
                }

                @Override
                public void write(byte[] b, int off, int len) {
                    streamed.write(b, off, len);
                }

                @Override
                public void flush() {
                    flushes++;
                }
            };
        }

        @Override
        public void finish(int dataBytes) {
            byte[] all = streamed.toByteArray();
            Wav.writeHeader(all, 0, dataBytes);
            finished = all;
        }
    }

    @Test
    void streamedFileIsReadableBeforeTheEnd() throws IOException {
        MemoryTarget t = new MemoryTarget();
        WavSink sink = new WavSink(t, 800);
        sink.write(new short[] {1, -2, 3}, 0, 3);
        ByteArrayInputStream in = new ByteArrayInputStream(t.streamed.toByteArray());
        assertEquals(Wav.UNKNOWN_LENGTH, Wav.readHeader(in), "crash-safe prefix: read to end of file");
        assertArrayEquals(new byte[] {1, 0, (byte) 0xFE, (byte) 0xFF, 3, 0}, in.readAllBytes());
    }

    @Test
    void finishGivesRealSizes() throws IOException {
        MemoryTarget t = new MemoryTarget();
        WavSink sink = new WavSink(t, 800);
        short[] pcm = new short[800];
        Arrays.fill(pcm, (short) 0x1234);
        sink.write(pcm, 0, 800);
        sink.write(pcm, 100, 10);
        sink.close();
        ByteArrayInputStream in = new ByteArrayInputStream(t.finished);
        assertEquals(1620, Wav.readHeader(in));
        assertEquals(1620, in.readAllBytes().length);
        assertEquals(Wav.HEADER_BYTES + 1620, t.finished.length);
    }

    @Test
    void flushesAboutOnceASecondOfAudio() throws IOException {
        MemoryTarget t = new MemoryTarget();
        WavSink sink = new WavSink(t, 800);
        int after = t.flushes;
        short[] pcm = new short[800];
        for (int i = 0; i < 20; i++) {
            sink.write(pcm, 0, 800);
        }
        assertEquals(2, t.flushes - after, "16000 samples = 32000 bytes = two flushes");
    }

    @Test
    void closeIsIdempotentAndWriteAfterCloseFails() throws IOException {
        MemoryTarget t = new MemoryTarget();
        WavSink sink = new WavSink(t, 160);
        sink.close();
        byte[] first = t.finished;
        sink.close();
        assertEquals(first, t.finished);
        IOException e = assertThrows(IOException.class, () -> sink.write(new short[1], 0, 1));
        assertEquals("WAV output already closed", e.getMessage());
    }
}
