package org.pippin.codec;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.util.ServiceLoader;
import javax.sound.sampled.AudioFormat;
import javax.sound.sampled.AudioInputStream;
import javax.sound.sampled.spi.FormatConversionProvider;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * G.711 µ-law against known code words, the ITU-T G.191 reference rules, and Java Sound's converter.
 *
 * <p>Java Sound codes a negative sample by its magnitude, G.191 by its one's complement (so -1 is "negative zero",
 * 0x7F); for negative samples our code for x therefore equals Java Sound's for x + 1. Beyond ±32635 Java Sound's
 * biased magnitude overflows a short and it emits near-zero codes; G.711 gives the full-scale codes 0x80 / 0x00.
 */
class MuLawCodecTest {
    private static final AudioFormat LINEAR = new AudioFormat(AudioFormat.Encoding.PCM_SIGNED, 8000, 16, 1, 2, 8000,
            false);
    private static final AudioFormat ULAW = new AudioFormat(AudioFormat.Encoding.ULAW, 8000, 8, 1, 1, 8000, false);

    /** Java Sound's code for every 16-bit sample, indexed by sample + 32768. */
    private static byte[] javaSoundCodes;
    /** The JDK's own µ-law converter (AudioSystem could pick another provider found on the test class path). */
    private static FormatConversionProvider jdk;

    @BeforeAll
    static void encodeAllWithJavaSound() throws IOException {
        for (FormatConversionProvider p : ServiceLoader.load(FormatConversionProvider.class)) {
            if (p.getClass().getName().equals("com.sun.media.sound.UlawCodec")) {
                jdk = p;
            }
        }
        assertTrue(jdk != null, "the JDK's UlawCodec provider is missing");
        byte[] pcm = new byte[65536 * 2];
        for (int i = 0; i < 65536; i++) {
            int s = i - 32768;
            pcm[2 * i] = (byte) s;
            pcm[2 * i + 1] = (byte) (s >> 8);
        }
        AudioInputStream linear = new AudioInputStream(new ByteArrayInputStream(pcm), LINEAR, 65536);
        javaSoundCodes = jdk.getAudioInputStream(ULAW, linear).readAllBytes();
        assertEquals(65536, javaSoundCodes.length);
    }

    private static int javaSound(int sample) {
        return javaSoundCodes[sample + 32768] & 0xFF;
    }

    @Test
    void knownCodeWords() {
        assertEquals(0xFF, MuLawCodec.encode(0));
        assertEquals(0x7F, MuLawCodec.encode(-1));
        assertEquals(0x80, MuLawCodec.encode(32767));
        assertEquals(0x00, MuLawCodec.encode(-32768));
        assertEquals(0x80, MuLawCodec.encode(32124));
        assertEquals(0x00, MuLawCodec.encode(-32125));
        // Segment boundaries (14-bit decision value 31 is 124 in 16 bits; 95 is 380, ...).
        assertEquals(0xF0, MuLawCodec.encode(123));
        assertEquals(0xEF, MuLawCodec.encode(124));
        assertEquals(0xE0, MuLawCodec.encode(379));
        assertEquals(0xDF, MuLawCodec.encode(380));
        assertEquals(0x70, MuLawCodec.encode(-124));
        assertEquals(0x6F, MuLawCodec.encode(-125));
        assertEquals(0x90, MuLawCodec.encode(16251));
        assertEquals(0x8F, MuLawCodec.encode(16252));
    }

    @Test
    void knownDecodedValues() {
        assertEquals(0, MuLawCodec.decode(0xFF));
        assertEquals(0, MuLawCodec.decode(0x7F));
        assertEquals(32124, MuLawCodec.decode(0x80));
        assertEquals(-32124, MuLawCodec.decode(0x00));
        assertEquals(8, MuLawCodec.decode(0xFE));
        assertEquals(-8, MuLawCodec.decode(0x7E));
        assertEquals(132, MuLawCodec.decode(0xEF));
        // Only the low 8 bits count, so a signed byte works as is.
        assertEquals(MuLawCodec.decode(0x80), MuLawCodec.decode((byte) 0x80));
    }

    @Test
    void encoderAgreesWithJavaSoundOnAllSamples() {
        for (int s = 0; s <= 32635; s++) {
            assertEquals(javaSound(s), MuLawCodec.encode(s), "sample " + s);
        }
        for (int s = 32636; s <= 32767; s++) {
            assertEquals(0x80, MuLawCodec.encode(s), "sample " + s);
            assertTrue(javaSound(s) >= 0xF0, "Java Sound no longer wraps at " + s);
        }
        for (int s = -32635; s <= -2; s++) {
            assertEquals(javaSound(s + 1), MuLawCodec.encode(s), "sample " + s);
        }
        for (int s = -32768; s < -32635; s++) {
            assertEquals(0x00, MuLawCodec.encode(s), "sample " + s);
            assertTrue(javaSound(s) >= 0x70, "Java Sound no longer wraps at " + s);
        }
    }

    @Test
    void decoderAgreesWithJavaSoundOnAllCodes() throws IOException {
        byte[] codes = new byte[256];
        for (int i = 0; i < 256; i++) {
            codes[i] = (byte) i;
        }
        AudioInputStream ulaw = new AudioInputStream(new ByteArrayInputStream(codes), ULAW, 256);
        byte[] pcm = jdk.getAudioInputStream(LINEAR, ulaw).readAllBytes();
        for (int c = 0; c < 256; c++) {
            int expected = (short) ((pcm[2 * c] & 0xFF) | (pcm[2 * c + 1] << 8));
            assertEquals(expected, MuLawCodec.decode(c), "code " + c);
        }
    }

    @Test
    void everySampleLandsInItsQuantizationInterval() {
        int previous = Integer.MIN_VALUE;
        for (int s = -32768; s <= 32767; s++) {
            int code = MuLawCodec.encode(s);
            int back = MuLawCodec.decode(code);
            assertTrue(back >= previous, "not monotonic at " + s);
            previous = back;
            int exponent = (~code >> 4) & 7;
            int halfStep = 4 << exponent;
            if (Math.abs(s) <= 32124 + halfStep) {
                assertTrue(Math.abs(back - s) <= halfStep + 4, "sample " + s + " decoded as " + back);
            }
        }
    }

    @Test
    void codesSurviveDecodeAndEncode() {
        for (int c = 0; c < 256; c++) {
            int expected = c == 0x7F ? 0xFF : c;
            assertEquals(expected, MuLawCodec.encode(MuLawCodec.decode(c)), "code " + c);
        }
    }

    @Test
    void framesAtOffsets() {
        MuLawCodec codec = new MuLawCodec();
        short[] pcm = new short[170];
        for (int i = 0; i < 160; i++) {
            pcm[5 + i] = (short) (i * 409 - 32768);
        }
        byte[] frame = new byte[163];
        codec.encode(pcm, 5, frame, 3);
        short[] back = new short[162];
        codec.decode(frame, 3, back, 2);
        for (int i = 0; i < 160; i++) {
            assertEquals(MuLawCodec.encode(pcm[5 + i]), frame[3 + i] & 0xFF);
            assertEquals(MuLawCodec.decode(frame[3 + i]), back[2 + i]);
        }
        assertEquals(0, codec.id());
        assertEquals(160, codec.frameBytes());
        assertEquals(160, codec.frameSamples());
    }

    @Test
    void boundsAreChecked() {
        MuLawCodec codec = new MuLawCodec();
        IndexOutOfBoundsException e = assertThrows(IndexOutOfBoundsException.class,
                () -> codec.encode(new short[160], 1, new byte[160], 0));
        assertEquals("pcm: need 160 at offset 1, length is 160", e.getMessage());
        assertThrows(IndexOutOfBoundsException.class, () -> codec.encode(new short[160], 0, new byte[159], 0));
        assertThrows(IndexOutOfBoundsException.class, () -> codec.decode(new byte[160], -1, new short[160], 0));
        assertThrows(IndexOutOfBoundsException.class, () -> codec.decode(new byte[160], 0, new short[200], 41));
    }
}
