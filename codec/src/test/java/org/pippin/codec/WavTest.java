package org.pippin.codec;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.util.HexFormat;
import org.junit.jupiter.api.Test;

class WavTest {
    private static final String HEADER_320 = "52494646" + "64010000" + "57415645" // RIFF, 36 + 320, WAVE
            + "666d7420" + "10000000" + "0100" + "0100" + "401f0000" + "803e0000" + "0200" + "1000" // fmt
            + "64617461" + "40010000"; // data, 320

    private static byte[] hex(String s) {
        return HexFormat.of().parseHex(s);
    }

    private static byte[] header(int dataBytes) throws IOException {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        Wav.writeHeader(out, dataBytes);
        return out.toByteArray();
    }

    /** Feeds one byte per read and refuses to skip, as the slowest streams a phone may hand over do. */
    private static final class Trickle extends InputStream {
        private final byte[] data;
        private int pos;

        Trickle(byte[] data) {
            this.data = data;
        }

        @Override
        public int read() {
            return pos < data.length ? data[pos++] & 0xFF : -1;
        }

        @Override
        public int read(byte[] b, int off, int len) {
            if (len == 0) {
                return 0;
            }
            int c = read();
            if (c < 0) {
                return -1;
            }
            b[off] = (byte) c;
            return 1;
        }

        @Override
        public long skip(long n) {
            return 0;
        }
    }

    @Test
    void writesTheGoldenHeader() throws IOException {
        assertArrayEquals(hex(HEADER_320), header(320));
        assertEquals(Wav.HEADER_BYTES, header(0).length);
        byte[] b = new byte[50];
        assertEquals(44, Wav.writeHeader(b, 6, 320));
        assertArrayEquals(hex(HEADER_320), java.util.Arrays.copyOfRange(b, 6, 50));
    }

    @Test
    void unknownLengthIsWrittenAsAllOnesAndReadBack() throws IOException {
        byte[] h = header(Wav.UNKNOWN_LENGTH);
        assertEquals("ffffffff", HexFormat.of().formatHex(h, 4, 8));
        assertEquals("ffffffff", HexFormat.of().formatHex(h, 40, 44));
        assertEquals(-1, Wav.readHeader(new ByteArrayInputStream(h)));
    }

    @Test
    void rejectsBadLengthsWhenWriting() {
        assertEquals("bad WAV data length 3",
                assertThrows(IllegalArgumentException.class, () -> header(3)).getMessage());
        assertThrows(IllegalArgumentException.class, () -> header(-2));
        // The longest even length a reader takes is written too (the RIFF size then passes Integer.MAX_VALUE as a u32).
        org.junit.jupiter.api.Assertions.assertDoesNotThrow(() -> header(Integer.MAX_VALUE - 1));
    }

    @Test
    void roundTripsSamples() throws IOException {
        short[] pcm = new short[300];
        for (int i = 0; i < pcm.length; i++) {
            pcm[i] = (short) (i * 7919 - 32768);
        }
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        byte[] scratch = new byte[320];
        Wav.writeHeader(out, 600);
        Wav.writeSamples(out, scratch, pcm, 0, 160);
        Wav.writeSamples(out, scratch, pcm, 160, 140);
        byte[] file = out.toByteArray();
        assertEquals(644, file.length);
        assertEquals((byte) 0x00, file[44]);
        assertEquals((byte) 0x80, file[45]);

        for (InputStream in : new InputStream[] {new ByteArrayInputStream(file), new Trickle(file)}) {
            assertEquals(600, Wav.readHeader(in));
            short[] back = new short[320];
            assertEquals(160, Wav.readSamples(in, scratch, back, 0, 160));
            assertEquals(140, Wav.readSamples(in, scratch, back, 160, 160));
            assertEquals(-1, Wav.readSamples(in, scratch, back, 0, 160));
            assertArrayEquals(pcm, java.util.Arrays.copyOf(back, 300));
        }
    }

    @Test
    void readSamplesReportsAHalfSample() throws IOException {
        InputStream in = new ByteArrayInputStream(new byte[] {1, 2, 3});
        IOException e = assertThrows(IOException.class,
                () -> Wav.readSamples(in, new byte[8], new short[4], 0, 4));
        assertEquals("WAV data ends in the middle of a sample", e.getMessage());
    }

    @Test
    void skipsUnknownChunksIncludingPadding() throws IOException {
        String list = "4c495354" + "03000000" + "616263" + "00"; // LIST, 3 bytes, pad byte
        String fmt18 = "666d7420" + "12000000" + "0100" + "0100" + "401f0000" + "803e0000" + "0200" + "1000" + "0000";
        String fact = "66616374" + "04000000" + "a0000000";
        String file = "52494646" + "00000000" + "57415645" + list + fmt18 + fact + "64617461" + "04000000"
                + "01000200";
        for (InputStream in : new InputStream[] {new ByteArrayInputStream(hex(file)), new Trickle(hex(file))}) {
            assertEquals(4, Wav.readHeader(in));
            short[] pcm = new short[2];
            assertEquals(2, Wav.readSamples(in, new byte[4], pcm, 0, 2));
            assertArrayEquals(new short[] {1, 2}, pcm);
        }
    }

    private static String readError(String hexFile) {
        return assertThrows(IOException.class, () -> Wav.readHeader(new ByteArrayInputStream(hex(hexFile))))
                .getMessage();
    }

    private static String withFmt(String format, String channels, String rate, String byteRate, String align,
            String bits) {
        return "52494646" + "24000000" + "57415645" + "666d7420" + "10000000" + format + channels + rate + byteRate
                + align + bits + "64617461" + "00000000";
    }

    @Test
    void everyTruncationIsReported() {
        byte[] whole = hex(HEADER_320);
        for (int n = 0; n < whole.length; n++) {
            byte[] cut = java.util.Arrays.copyOf(whole, n);
            String message = assertThrows(IOException.class, () -> Wav.readHeader(new ByteArrayInputStream(cut)),
                    "cut at " + n).getMessage();
            assertEquals(true, message.startsWith("truncated WAV header: stream ended in the "), message);
        }
        assertEquals("truncated WAV header: stream ended in the RIFF header after 6 of 12 bytes",
                readError("524946460000"));
        assertEquals("truncated WAV header: stream ended in the fmt chunk after 3 of 16 bytes",
                readError(HEADER_320.substring(0, 46)));
    }

    @Test
    void rejectsWhatIsNotRiffWave() {
        assertEquals("not a WAV file: starts with \"RIFX\" instead of RIFF",
                readError("52494658" + HEADER_320.substring(8)));
        assertEquals("not a WAV file: RIFF form type is \"AVI \" instead of WAVE",
                readError("52494646" + "00000000" + "41564920"));
        assertEquals("not a WAV file: starts with \"?PNG\" instead of RIFF", readError("89504e470d0a1a0a00000000"));
    }

    @Test
    void rejectsOtherFormats() {
        String pcm = "0100";
        String mono = "0100";
        String rate = "401f0000";
        String byteRate = "803e0000";
        String align = "0200";
        String bits = "1000";
        assertEquals(0, readHeaderOf(withFmt(pcm, mono, rate, byteRate, align, bits)));
        assertEquals("unsupported WAV format tag 3, need 1 (PCM)",
                readError(withFmt("0300", mono, rate, byteRate, align, bits)));
        assertEquals("unsupported WAV format tag 65534, need 1 (PCM)",
                readError(withFmt("feff", mono, rate, byteRate, align, bits)));
        assertEquals("unsupported WAV channel count 2, need 1 (mono)",
                readError(withFmt(pcm, "0200", rate, "007d0000", "0400", bits)));
        assertEquals("unsupported WAV sample rate 44100 Hz, need 8000",
                readError(withFmt(pcm, mono, "44ac0000", "88580100", align, bits)));
        assertEquals("unsupported WAV sample rate 4294967295 Hz, need 8000",
                readError(withFmt(pcm, mono, "ffffffff", byteRate, align, bits)));
        assertEquals("unsupported WAV sample size 8 bits, need 16",
                readError(withFmt(pcm, mono, rate, "401f0000", "0100", "0800")));
        assertEquals("inconsistent WAV fmt chunk: block align 4, byte rate 16000, expected 2 and 16000",
                readError(withFmt(pcm, mono, rate, byteRate, "0400", bits)));
    }

    private static int readHeaderOf(String hexFile) {
        try {
            return Wav.readHeader(new ByteArrayInputStream(hex(hexFile)));
        } catch (IOException e) {
            throw new AssertionError(e);
        }
    }

    @Test
    void rejectsMisplacedAndMalformedChunks() {
        assertEquals("data chunk comes before the fmt chunk",
                readError("52494646" + "00000000" + "57415645" + "64617461" + "00000000"));
        assertEquals("fmt chunk is 14 bytes, need at least 16",
                readError("52494646" + "00000000" + "57415645" + "666d7420" + "0e000000" + "0100010040"));
        assertEquals("data chunk of 3 bytes is not a whole number of 16-bit samples",
                readError(HEADER_320.substring(0, 80) + "03000000"));
    }

    @Test
    void hugeSizesCostNoMemoryAndFailClearly() {
        assertEquals("truncated WAV header: stream ended in the \"LIST\" chunk with 4294967280 of 4294967280 bytes left",
                readError("52494646" + "ffffffff" + "57415645" + "4c495354" + "f0ffffff"));
        assertEquals("truncated WAV header: stream ended in the \"JUNK\" chunk with 2147483642 of 2147483648 bytes left",
                readError("52494646" + "ffffffff" + "57415645" + "4a554e4b" + "00000080" + "000000000000"));
        assertEquals("truncated WAV header: stream ended in the fmt chunk with 4294967264 of 4294967264 bytes left",
                readError("52494646" + "ffffffff" + "57415645" + "666d7420" + "efffffff"
                        + HEADER_320.substring(40, 72)));
        assertEquals("data chunk of 2147483648 bytes is too large",
                readError(HEADER_320.substring(0, 80) + "00000080"));
        assertEquals(Integer.MAX_VALUE - 1, readHeaderOf(HEADER_320.substring(0, 80) + "feffff7f"));
    }
}
