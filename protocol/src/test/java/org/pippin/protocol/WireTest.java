package org.pippin.protocol;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Random;
import org.junit.jupiter.api.Test;

class WireTest {

    @Test
    void names() {
        assertEquals("REGISTER", Wire.typeName(Wire.REGISTER));
        assertEquals("ACK", Wire.typeName(Wire.ACK));
        assertEquals("UNKNOWN(0)", Wire.typeName(0));
        assertEquals("RESULT", Wire.typeName(Wire.RESULT));
        assertEquals("UNKNOWN(18)", Wire.typeName(18));
        assertEquals("UNAVAILABLE", Wire.rejectName(Wire.REJECT_UNAVAILABLE));
        assertEquals("RELAY_FULL", Wire.rejectName(Wire.REJECT_RELAY_FULL));
        assertEquals("NOT_ALLOWED", Wire.rejectName(Wire.REJECT_NOT_ALLOWED));
        assertEquals("CALLER_ID_INVALID", Wire.rejectName(Wire.REJECT_CALLER_ID_INVALID));
        assertEquals("ANONYMOUS_REFUSED", Wire.rejectName(Wire.REJECT_ANONYMOUS_REFUSED));
        assertEquals("KEY_SHARE_INVALID", Wire.rejectName(Wire.REJECT_KEY_SHARE_INVALID));
        assertEquals("UNKNOWN(12)", Wire.rejectName(12));
        assertEquals("RATE_LIMITED", Wire.rejectName(Wire.REJECT_RATE_LIMITED));
        assertEquals("UNKNOWN(0)", Wire.rejectName(0));
        assertEquals("NORMAL", Wire.byeName(Wire.BYE_NORMAL));
        assertEquals("RELAY_SHUTDOWN", Wire.byeName(Wire.BYE_RELAY_SHUTDOWN));
        assertEquals("UNKNOWN(5)", Wire.byeName(5));
        assertEquals("MALFORMED", Wire.errorName(Wire.ERR_MALFORMED));
        assertEquals("CALL_ID_IN_USE", Wire.errorName(Wire.ERR_CALL_ID_IN_USE));
        assertEquals("RATE_LIMITED", Wire.errorName(Wire.ERR_RATE_LIMITED));
        assertEquals("REGION_REFUSED", Wire.errorName(Wire.ERR_REGION_REFUSED));
        assertEquals("NOT_IN_SERVICE", Wire.errorName(Wire.ERR_NOT_IN_SERVICE));
        assertEquals("UNKNOWN(13)", Wire.errorName(13));
        assertEquals("TOO_LITTLE_WORK", Wire.resultName(Wire.RESULT_TOO_LITTLE_WORK));
        assertEquals("UNAVAILABLE", Wire.resultName(Wire.RESULT_UNAVAILABLE));
        assertEquals("RATE_LIMITED", Wire.resultName(Wire.RESULT_RATE_LIMITED));
        assertEquals("UNKNOWN(17)", Wire.resultName(17));
        assertEquals("UNKNOWN(-1)", Wire.errorName(-1));
        assertEquals("PCMU", Wire.codecName(Wire.CODEC_PCMU));
        assertEquals("GSM", Wire.codecName(Wire.CODEC_GSM));
        assertEquals("SPEEX", Wire.codecName(Wire.CODEC_SPEEX));
        assertEquals("UNKNOWN(3)", Wire.codecName(3));
        assertEquals("none", Wire.codecMaskName(0));
        assertEquals("PCMU+GSM+UNKNOWN(7)", Wire.codecMaskName(0x83));
        assertEquals("GSM+SPEEX", Wire.codecMaskName(0x06));
    }

    @Test
    void codecs() {
        assertEquals(160, Wire.codecFrameBytes(Wire.CODEC_PCMU));
        assertEquals(33, Wire.codecFrameBytes(Wire.CODEC_GSM));
        assertEquals(15, Wire.codecFrameBytes(Wire.CODEC_SPEEX));
        assertEquals(-1, Wire.codecFrameBytes(3));
        assertEquals(-1, Wire.codecFrameBytes(-1));
        assertEquals(Wire.CODEC_GSM, Wire.DEFAULT_CODEC);
        for (int ms = -20; ms <= 200; ms++) {
            boolean expected = ms == 20 || ms == 40 || ms == 60 || ms == 80 || ms == 100;
            assertEquals(expected, Wire.isValidPtime(ms), ms + " ms");
        }
        assertTrue(Wire.isValidPtime(Wire.DEFAULT_PTIME));
    }

    @Test
    void defaultVoicePacketSize() {
        int payload = Wire.DEFAULT_PTIME / Wire.CODEC_FRAME_MS * Wire.codecFrameBytes(Wire.DEFAULT_CODEC);
        assertEquals(169, VoicePacket.HEADER + payload);
        assertEquals(5, VoicePacket.frameCount(payload, Wire.DEFAULT_CODEC));
    }

    @Test
    void callIdHex() {
        assertEquals("0000002a", Wire.callIdHex(42));
        assertEquals("ffffffff", Wire.callIdHex(-1));
        assertEquals("00000000", Wire.callIdHex(0));
    }

    @Test
    void frameLogOfVoice() {
        byte[] b = new byte[2 + 169];
        VoicePacket.writeHeader(b, 2, 5, 4660);
        assertEquals("voice ch=5 seq=4660 payload=165", Wire.frameLog(b, 2, 169));
        assertEquals("voice truncated (3 bytes) 80 05 12", Wire.frameLog(b, 2, 3));
    }

    @Test
    void frameLogOfSignalling() {
        byte[] b = Hex.bytes(FrameGoldenTest.INVITE);
        assertEquals("INVITE #7 call=cafebabe caller=12345678 callee=96512345 codecs=GSM ptime=100 ch=4660",
            Wire.frameLog(b, 0, b.length));
    }

    @Test
    void frameLogOfGarbage() {
        assertEquals("bad frame (2 bytes) MALFORMED: frame of 2 bytes is shorter than the header [10 01]",
            Wire.frameLog(Hex.bytes("10 01"), 0, 2));
        assertEquals("bad frame (0 bytes) MALFORMED: frame of 0 bytes is shorter than the header []",
            Wire.frameLog(new byte[0], 0, 0));
        assertEquals("bad frame (20 bytes) UNSUPPORTED_VERSION: version 2, expected 1"
            + " [20 01 00 00 00 00 00 00 00 00 00 00 00 00 00 00 ...]",
            Wire.frameLog(Hex.bytes("20 01" + "00".repeat(18)), 0, 20));
        byte[] huge = new byte[2000];
        assertTrue(Wire.frameLog(huge, 0, 2000).startsWith("bad frame (2000 bytes) TOO_LARGE: "));
        assertEquals("no frame (bad buffer bounds)", Wire.frameLog(null, 0, 0));
        assertEquals("no frame (bad buffer bounds)", Wire.frameLog(new byte[4], 2, 3));
        assertEquals("no frame (bad buffer bounds)", Wire.frameLog(new byte[4], -1, 2));
        assertEquals("no frame (bad buffer bounds)", Wire.frameLog(new byte[4], 0, -1));
        assertEquals("no frame (bad buffer bounds)", Wire.frameLog(new byte[4], Integer.MAX_VALUE, 4));
    }

    @Test
    void frameLogNeverThrowsAndIsOneLine() {
        Random random = new Random(7);
        byte[] b = new byte[40];
        for (int n = 0; n < 100_000; n++) {
            random.nextBytes(b);
            if ((n & 1) == 0) {
                b[0] &= 0x1F;
                b[1] &= 0x0F;
            }
            String line = Wire.frameLog(b, random.nextInt(8), random.nextInt(33));
            assertFalse(line.contains("\n") || line.contains("\r"), line);
        }
    }
}
