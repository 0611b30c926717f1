package org.pippin.protocol;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

/**
 * The owner's greeting frames (0x3A-0x3B): bytes written by hand from PROTOCOL.md, read back field by field, every
 * frame truncated at each length, and hostile values with the exact error.
 */
class GreetingFramesTest {
    static final String VM_GREETING = "10 3a 00 00  03 77 7f  01  01  00 01  00 02  00 03  d1 02 03";
    static final String VM_GREETING_DELETE = "10 3b 00 00  03 77 7f  00";
    /** For the fuzzers' seeds. */
    static final String[] GOLDEN = {VM_GREETING, VM_GREETING_DELETE};

    private static <F extends Frame> F golden(Frame f, String hex, Class<F> type) throws ProtocolException {
        byte[] expected = Hex.bytes(hex);
        assertEquals(Hex.of(expected), Hex.of(FrameCodec.encode(f)));
        Frame d = FrameCodec.decode(expected, 0, expected.length);
        assertEquals(f.toString(), d.toString());
        assertTrue(d.isReliable());
        assertArrayEquals(expected, FrameCodec.encode(d));
        for (int len = Wire.HEADER; len < expected.length; len++) {
            int cut = len;
            ProtocolException e = assertThrows(ProtocolException.class, () -> FrameCodec.decode(expected, 0, cut),
                "truncated to " + cut);
            assertEquals(Wire.ERR_MALFORMED, e.code());
            assertTrue(e.getMessage().startsWith(Wire.typeName(f.type) + " truncated at "), e.getMessage());
        }
        return assertInstanceOf(type, d);
    }

    private static String decodeError(String hex) {
        byte[] b = Hex.bytes(hex);
        ProtocolException e = assertThrows(ProtocolException.class, () -> FrameCodec.decode(b, 0, b.length));
        assertEquals(Wire.ERR_MALFORMED, e.code());
        return e.getMessage();
    }

    @Test
    void vmGreeting() throws Exception {
        byte[] audio = {(byte) 0xd1, 2, 3};
        VmGreeting d = golden(new VmGreeting("777", Wire.GREETING_BUSY, Wire.CODEC_GSM, 1, 2, audio, 0, 3),
            VM_GREETING, VmGreeting.class);
        assertEquals("777", d.owner);
        assertEquals(Wire.GREETING_BUSY, d.kind);
        assertEquals(Wire.CODEC_GSM, d.codec);
        assertEquals(1, d.chunk);
        assertEquals(2, d.chunks);
        assertArrayEquals(audio, d.audio());
        assertEquals("VM_GREETING owner=777 kind=BUSY codec=GSM chunk=1/2 audio=3B", d.toString());
    }

    @Test
    void vmGreetingRefusesHostileValues() {
        assertEquals("VM_GREETING kind 2",
            decodeError("10 3a 00 00  03 77 7f  02  01  00 00  00 01  00 00"));
        assertEquals("VM_GREETING chunk 2 of 2, at most 250 chunks",
            decodeError("10 3a 00 00  03 77 7f  00  01  00 02  00 02  00 00"));
        assertEquals("VM_GREETING chunk 0 of 0, at most 250 chunks",
            decodeError("10 3a 00 00  03 77 7f  00  01  00 00  00 00  00 00"));
        assertEquals("VM_GREETING chunk 0 of 251, at most 250 chunks",
            decodeError("10 3a 00 00  03 77 7f  00  01  00 00  00 fb  00 00"));
        assertEquals("VM_GREETING audio: length 991, expected 0 to 990",
            decodeError("10 3a 00 00  03 77 7f  00  01  00 00  00 01  03 df"));
        assertThrows(IllegalArgumentException.class,
            () -> new VmGreeting("777", 2, Wire.CODEC_GSM, 0, 1, new byte[0], 0, 0));
        assertThrows(IllegalArgumentException.class,
            () -> new VmGreeting("777", 0, Wire.CODEC_GSM, 0, VmGreeting.MAX_CHUNKS + 1, new byte[0], 0, 0));
    }

    @Test
    void aFullChunkWithTheLongestNumberFitsAFrame() throws Exception {
        byte[] max = new byte[VmGreeting.MAX_AUDIO];
        String owner = "12345678901234567890";
        byte[] f = FrameCodec.encode(new VmGreeting(owner, 0, Wire.CODEC_PCMU, 249, 250, max, 0, max.length));
        assertTrue(f.length <= Wire.MAX_FRAME, f.length + " bytes");
        VmGreeting d = (VmGreeting) FrameCodec.decode(f, 0, f.length);
        assertEquals(owner, d.owner);
        assertEquals(VmGreeting.MAX_AUDIO, d.audioLength());
    }

    @Test
    void thirtySecondsOfEitherCodecFitTheChunkLimit() {
        for (int codec : new int[] {Wire.CODEC_PCMU, Wire.CODEC_GSM}) {
            int perChunk = VmGreeting.MAX_AUDIO / Wire.codecFrameBytes(codec);
            int chunks = (Wire.GREETING_MAX_FRAMES + perChunk - 1) / perChunk;
            assertTrue(chunks <= VmGreeting.MAX_CHUNKS, Wire.codecName(codec) + ": " + chunks);
        }
    }

    @Test
    void vmGreetingDelete() throws Exception {
        VmGreetingDelete d = golden(new VmGreetingDelete("777", Wire.GREETING_UNAVAILABLE), VM_GREETING_DELETE,
            VmGreetingDelete.class);
        assertEquals("777", d.owner);
        assertEquals(Wire.GREETING_UNAVAILABLE, d.kind);
        assertEquals("VM_GREETING_DELETE owner=777 kind=UNAVAILABLE", d.toString());
        assertEquals("VM_GREETING_DELETE kind 9", decodeError("10 3b 00 00  03 77 7f  09"));
        assertEquals("VM_GREETING_DELETE owner: 21 digits, at most 20",
            decodeError("10 3b 00 00  15 11 11 11 11 11 11 11 11 11 11 1f  00"));
    }
}
