package org.pippin.protocol;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Random;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** Bytes from a broken or hostile peer: only ProtocolException, with the exact code and words. */
class FrameCodecHostileTest {

    private static ProtocolException decodeFails(String hex) {
        byte[] b = Hex.bytes(hex);
        return decodeFails(b, b.length);
    }

    private static ProtocolException decodeFails(byte[] b, int len) {
        return assertThrows(ProtocolException.class, () -> FrameCodec.decode(b, 0, len));
    }

    private static void assertError(int code, String message, ProtocolException e) {
        assertEquals(Wire.errorName(code) + ": " + message, e.toString());
        assertEquals(code, e.code());
        assertEquals(message, e.getMessage());
    }

    @Test
    void shorterThanTheHeader() {
        for (int len = 0; len < 4; len++) {
            assertError(Wire.ERR_MALFORMED, "frame of " + len + " bytes is shorter than the header",
                decodeFails(Hex.bytes("10 08 00 00"), len));
        }
    }

    /** Every cut of an INVITE names the field the bytes ran out in. */
    @Test
    void inviteTruncatedAtEveryLength() {
        byte[] invite = Hex.bytes(FrameGoldenTest.INVITE);
        String[] fieldAt = new String[invite.length];
        fill(fieldAt, 4, 8, "call id");
        fill(fieldAt, 8, 13, "caller");
        fill(fieldAt, 13, 18, "callee");
        fill(fieldAt, 18, 19, "codec mask");
        fill(fieldAt, 19, 20, "ptime");
        fill(fieldAt, 20, 22, "channel");
        fill(fieldAt, 22, 23, "proof");
        fill(fieldAt, 23, 24, "key share");
        fill(fieldAt, 24, 25, "record");
        for (int len = 4; len < invite.length; len++) {
            assertError(Wire.ERR_MALFORMED, "INVITE truncated at " + fieldAt[len], decodeFails(invite, len));
        }
    }

    @Test
    void everyFrameTruncatedAtEveryLength() {
        for (String golden : FrameGoldenTest.GOLDEN) {
            byte[] b = Hex.bytes(golden);
            for (int len = 0; len < b.length; len++) {
                if (golden.equals(FrameGoldenTest.REGISTERED)
                        && len == Hex.bytes(FrameGoldenTest.REGISTERED_WITHOUT_TIME).length) {
                    continue; // the relay time is optional: without it, a REGISTERED from an older relay
                }
                ProtocolException e = decodeFails(b, len);
                assertEquals(Wire.ERR_MALFORMED, e.code(), golden + " cut at " + len);
                if (len >= Wire.HEADER) {
                    String type = Wire.typeName(b[1]);
                    assertTrue(e.getMessage().startsWith(type + " truncated at "), e.getMessage());
                }
            }
        }
    }

    @Test
    void tooLarge() {
        byte[] b = new byte[Wire.MAX_FRAME + 1];
        b[0] = 0x10;
        b[1] = Wire.KEEPALIVE;
        assertError(Wire.ERR_TOO_LARGE, "frame of 1025 bytes exceeds 1024", decodeFails(b, b.length));
    }

    @Test
    void largestFrameIsAccepted() throws ProtocolException {
        byte[] b = new byte[Wire.MAX_FRAME];
        b[0] = 0x10;
        b[1] = Wire.KEEPALIVE;
        assertInstanceOf(Keepalive.class, FrameCodec.decode(b, 0, b.length));
    }

    @Test
    void otherVersions() {
        for (int version = 0; version < 8; version++) {
            if (version != Wire.VERSION) {
                assertError(Wire.ERR_UNSUPPORTED_VERSION, "version " + version + ", expected 1",
                    decodeFails(Integer.toHexString(version) + "0 01 00 01"));
            }
        }
    }

    @Test
    void voicePacketIsNoSignallingFrame() {
        assertError(Wire.ERR_MALFORMED, "voice packet where a signalling frame was expected",
            decodeFails("80 05 00 01 aa bb"));
    }

    @Test
    void unknownTypeWithEmptyBodyAndZeroId() throws ProtocolException {
        byte[] b = Hex.bytes("10 ff 00 00");
        UnknownFrame f = assertInstanceOf(UnknownFrame.class, FrameCodec.decode(b, 0, 4));
        assertEquals(0xFF, f.type);
        assertEquals(0, f.messageId);
        assertEquals(0, f.skippedBytes);
    }

    @ParameterizedTest
    @CsvSource(delimiter = '|', value = {
        "10 03 00 01  00 00 00 01  00  08 96 51 23 d5  02 64 00 00 | INVITE callee: bad digit nibble 0xd",
        "10 03 00 01  00 00 00 01  01 e0  00  02 64 00 00           | INVITE caller: bad digit nibble 0xe",
        "10 03 00 01  00 00 00 01  01 1f  03 12 30  02 64 00 00     | INVITE callee: padding nibble 0x0, expected 0xf",
        "10 01 00 01  15 11 11 11 11 11 11 11 11 11 11 11  01 01  02 | REGISTER number: 21 digits, at most 20",
        "10 02 00 01  02 f1  00 19                                  | REGISTERED number: bad digit nibble 0xf",
        "10 01 00 01  01 1f  00  02                                 | REGISTER secret: length 0, expected 8 to 32",
        "10 01 00 01  01 1f  21  00 00 00 00 00 00 00 00 00 00 00 00 00 00 00 00 00 00 00 00 00 00 00 00 00 00 00 00 00 00 00 00 00  02 | REGISTER secret: length 33, expected 8 to 32",
        "10 05 00 01  00 00 00 01  01 64 80 00                      | ANSWER channel: 32768 exceeds 32767",
        "10 03 00 01  00 00 00 01  00  01 1f  02 64 ff ff           | INVITE channel: 65535 exceeds 32767",
        "10 09 00 00  01  05 61 62                                  | ERROR truncated at detail",
        "10 02 00 01  01 1f  00 19  69 25 d3                        | REGISTERED truncated at relay time",
    })
    void badFields(String hex, String message) {
        assertError(Wire.ERR_MALFORMED, message, decodeFails(hex));
    }

    @Test
    void twentyDigitNumberIsAccepted() throws ProtocolException {
        byte[] b = Hex.bytes("10 02 00 01  14 12 34 56 78 90 ab c1 23 45 67  00 19");
        assertEquals("1234567890+*#1234567", ((Registered) FrameCodec.decode(b, 0, b.length)).number);
    }

    /** Any single-bit error in any frame: a frame or a ProtocolException, and a log line either way. */
    @Test
    void everyBitOfEveryFrameFlipped() {
        for (String golden : FrameGoldenTest.GOLDEN) {
            byte[] b = Hex.bytes(golden);
            for (int i = 0; i < b.length; i++) {
                for (int bit = 0; bit < 8; bit++) {
                    b[i] ^= 1 << bit;
                    decodeOrProtocolException(b, b.length);
                    b[i] ^= 1 << bit;
                }
            }
        }
    }

    @Test
    void everyByteOfEveryFrameReplacedByEveryValue() {
        for (String golden : FrameGoldenTest.GOLDEN) {
            byte[] b = Hex.bytes(golden);
            for (int i = 0; i < b.length; i++) {
                byte original = b[i];
                for (int v = 0; v < 256; v++) {
                    b[i] = (byte) v;
                    decodeOrProtocolException(b, b.length);
                }
                b[i] = original;
            }
        }
    }

    @Test
    void randomGarbage() {
        Random random = new Random(20261125);
        byte[] b = new byte[64];
        for (int n = 0; n < 200_000; n++) {
            random.nextBytes(b);
            b[0] &= 0x1F;
            b[1] &= 0x0F;
            decodeOrProtocolException(b, random.nextInt(b.length + 1));
        }
    }

    /** Decoded frames re-encode to a prefix of the input (their known fields), apart from the reserved bits. */
    private static void decodeOrProtocolException(byte[] b, int len) {
        Frame f;
        try {
            f = FrameCodec.decode(b, 0, len);
        } catch (ProtocolException e) {
            assertTrue(e.code() == Wire.ERR_MALFORMED || e.code() == Wire.ERR_UNSUPPORTED_VERSION, e.toString());
            String log = Wire.frameLog(b, 0, len);
            assertTrue(log.startsWith(b[0] < 0 && len > 0 ? "voice " : "bad frame (" + len + " bytes) "), log);
            return;
        }
        assertEquals(f.toString(), Wire.frameLog(b, 0, len));
        if (!(f instanceof UnknownFrame)) {
            byte[] again = FrameCodec.encode(f);
            assertTrue(again.length <= len);
            assertEquals(b[0] & 0xF0, again[0]);
            // an ERROR or RESULT detail comes back with unprintable bytes as '?'
            // ... and HELLO and PROBE padding comes back as zeros
            int compared = f instanceof ErrorFrame ? Wire.HEADER + 2
                : f instanceof Hello ? Wire.HEADER + Wire.NONCE_SIZE
                : f instanceof Probe ? Wire.HEADER + Probe.NONCE_SIZE
                : f instanceof Result ? again.length - ((Result) f).detail.length() : again.length;
            for (int i = 1; i < compared; i++) {
                assertEquals(b[i], again[i], "byte " + i + " of " + f);
            }
        }
    }

    private static void fill(String[] a, int from, int to, String value) {
        for (int i = from; i < to; i++) {
            a[i] = value;
        }
    }
}
