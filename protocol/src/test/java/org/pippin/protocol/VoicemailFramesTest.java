package org.pippin.protocol;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

/**
 * The voicemail frames (0x30-0x37): bytes written by hand from PROTOCOL.md, read back field by field, every frame
 * fed truncated at each length, and hostile values with the exact error.
 */
class VoicemailFramesTest {
    static final String VM_ANSWER = "10 30 00 07  0b ad ca fe  01  64  12 34  04";
    static final String VM_WAITING = "10 31 00 00  08 96 51 23 45  00 02  00 05";
    static final String VM_LIST = "10 32 00 00  03 12 3f  00 20";
    static final String VM_LISTING = "10 33 00 00  03 55 5f  00 03  00 01  02"
        + "  01 02 03 04 05 06 07 08  03 77 7f  65 00 00 00  00 0c  01"
        + "  ff ff ff ff ff ff ff ff  00  ff ff ff ff  01 2c  00";
    static final String VM_FETCH = "10 34 00 00  fe dc ba 98 76 54 32 10  00 03  08";
    static final String VM_AUDIO = "10 35 00 00  00 00 00 00 00 00 00 05  01  00 01  00 04  00 03  d1 02 03";
    static final String VM_DELETE = "10 36 00 00  00 00 00 00 00 00 00 ff";
    static final String VM_SETTINGS = "10 37 00 00  00 03  30 01 09";
    /** Every voicemail frame, for FrameGoldenTest's hostile-input tests and the fuzzers' seeds. */
    static final String[] GOLDEN = {VM_ANSWER, VM_WAITING, VM_LIST, VM_LISTING, VM_FETCH, VM_AUDIO, VM_DELETE, VM_SETTINGS};

    private static <F extends Frame> F golden(Frame f, String hex, Class<F> type) throws ProtocolException {
        byte[] expected = Hex.bytes(hex);
        assertEquals(Hex.of(expected), Hex.of(FrameCodec.encode(f)));
        Frame d = FrameCodec.decode(expected, 0, expected.length);
        assertEquals(f.toString(), d.toString());
        assertTrue(d.isReliable());
        for (int len = Wire.HEADER; len < expected.length; len++) {
            int cut = len;
            ProtocolException e = assertThrows(ProtocolException.class, () -> FrameCodec.decode(expected, 0, cut),
                "truncated to " + cut);
            assertEquals(Wire.ERR_MALFORMED, e.code());
            assertTrue(e.getMessage().startsWith(Wire.typeName(f.type) + " truncated at "), e.getMessage());
        }
        return assertInstanceOf(type, d);
    }

    @Test
    void vmAnswer() throws Exception {
        VmAnswer a = new VmAnswer(0x0badcafe, Wire.CODEC_GSM, 100, 0x1234, Wire.REJECT_NO_ANSWER);
        a.messageId = 7;
        VmAnswer d = golden(a, VM_ANSWER, VmAnswer.class);
        assertEquals(0x0badcafe, d.callId);
        assertEquals(0x1234, d.channel);
        assertEquals(Wire.REJECT_NO_ANSWER, d.reason);
        assertEquals("VM_ANSWER #7 call=0badcafe codec=GSM ptime=100 ch=4660 reason=NO_ANSWER", d.toString());
    }

    @Test
    void vmWaiting() throws Exception {
        VmWaiting d = golden(new VmWaiting("96512345", 2, 5), VM_WAITING,
            VmWaiting.class);
        assertEquals("96512345", d.owner);
        assertEquals(2, d.newCount);
        assertEquals(5, d.total);
        byte[] bad = Hex.bytes("10 31 00 00  08 96 51 23 45  00 06  00 05");
        assertEquals("VM_WAITING new 6 exceeds total 5",
            assertThrows(ProtocolException.class, () -> FrameCodec.decode(bad, 0, bad.length)).getMessage());
    }

    @Test
    void vmList() throws Exception {
        VmList d = golden(new VmList("123", 32), VM_LIST, VmList.class);
        assertEquals("123", d.owner);
        assertEquals(32, d.first);
    }

    @Test
    void vmListing() throws Exception {
        VmListing l = new VmListing("555", 3, 1, new long[] {0x0102030405060708L, -1L}, new String[] {"777", ""},
            new long[] {0x65000000L, 0xFFFFFFFFL}, new int[] {12, 300}, new int[] {1, 0});
        VmListing d = golden(l, VM_LISTING, VmListing.class);
        assertEquals(2, d.count());
        assertEquals(0x0102030405060708L, d.id(0));
        assertEquals("777", d.caller(0));
        assertEquals(0x65000000L, d.time(0));
        assertEquals(12, d.duration(0));
        assertTrue(d.isNew(0));
        assertEquals(-1L, d.id(1));
        assertEquals("", d.caller(1));
        assertEquals(0xFFFFFFFFL, d.time(1));
        assertFalse(d.isNew(1));
        byte[] tooMany = Hex.bytes("10 33 00 00  03 55 5f  00 40  00 00  21");
        assertEquals("VM_LISTING count: 33 entries, at most 32",
            assertThrows(ProtocolException.class, () -> FrameCodec.decode(tooMany, 0, tooMany.length)).getMessage());
    }

    @Test
    void fullListingFitsOneFrame() {
        int n = VmListing.MAX_ENTRIES;
        long[] ids = new long[n];
        String[] callers = new String[n];
        long[] times = new long[n];
        int[] durations = new int[n];
        int[] flags = new int[n];
        for (int i = 0; i < n; i++) {
            callers[i] = "12345678901234567890";
        }
        String owner = "+1234567890123456789";
        byte[] b = FrameCodec.encode(new VmListing(owner, n, 0, ids, callers, times, durations, flags));
        assertTrue(b.length <= Wire.MAX_FRAME, b.length + " bytes");
    }

    @Test
    void vmFetch() throws Exception {
        VmFetch d = golden(new VmFetch(0xfedcba9876543210L, 3, 8), VM_FETCH,
            VmFetch.class);
        assertEquals(0xfedcba9876543210L, d.id);
        assertEquals("VM_FETCH id=fedcba9876543210 first=3 window=8", d.toString());
        byte[] zero = Hex.bytes("10 34 00 00  fe dc ba 98 76 54 32 10  00 03  00");
        assertEquals("VM_FETCH window: 0, expected 1 to 16",
            assertThrows(ProtocolException.class, () -> FrameCodec.decode(zero, 0, zero.length)).getMessage());
        assertThrows(IllegalArgumentException.class, () -> new VmFetch(1, 0, VmFetch.MAX_WINDOW + 1));
    }

    @Test
    void vmAudio() throws Exception {
        byte[] audio = {(byte) 0xd1, 2, 3};
        VmAudio d = golden(new VmAudio(5L, Wire.CODEC_GSM, 1, 4, audio, 0, 3),
            VM_AUDIO, VmAudio.class);
        assertArrayEquals(audio, d.audio());
        assertEquals(1, d.chunk);
        assertEquals(4, d.chunks);
        byte[] past = Hex.bytes("10 35 00 00  00 00 00 00 00 00 00 05  01  00 04  00 04  00 00");
        assertEquals("VM_AUDIO chunk 4 of 4",
            assertThrows(ProtocolException.class, () -> FrameCodec.decode(past, 0, past.length)).getMessage());
        byte[] big = Hex.bytes("10 35 00 00  00 00 00 00 00 00 00 05  01  00 00  00 04  03 df");
        assertEquals("VM_AUDIO audio: length 991, expected 0 to 990",
            assertThrows(ProtocolException.class, () -> FrameCodec.decode(big, 0, big.length)).getMessage());
        byte[] max = new byte[VmAudio.MAX_AUDIO];
        assertTrue(FrameCodec.encode(new VmAudio(1, 1, 0, 1, max, 0, max.length)).length <= Wire.MAX_FRAME);
    }

    @Test
    void vmDelete() throws Exception {
        VmDelete d = golden(new VmDelete(0x00000000000000ffL), VM_DELETE, VmDelete.class);
        assertEquals(255L, d.id);
    }

    @Test
    void vmSettings() throws Exception {
        VmSettings d = golden(new VmSettings(new byte[] {0x30, 1, 9}), VM_SETTINGS,
            VmSettings.class);
        assertArrayEquals(new byte[] {0x30, 1, 9}, d.record());
        byte[] empty = Hex.bytes("10 37 00 00  00 00");
        assertEquals("VM_SETTINGS record: length 0, expected 1 to 300",
            assertThrows(ProtocolException.class, () -> FrameCodec.decode(empty, 0, empty.length)).getMessage());
    }

    @Test
    void namesAndResults() {
        assertEquals("VM_ANSWER", Wire.typeName(0x30));
        assertEquals("VM_SETTINGS", Wire.typeName(0x37));
        assertEquals("VM_GREETING_DELETE", Wire.typeName(0x3B));
        assertEquals("UNKNOWN(60)", Wire.typeName(0x3C));
        assertEquals("NO_SUCH_MESSAGE", Wire.resultName(Wire.RESULT_NO_SUCH_MESSAGE));
        assertEquals("NO_VOICEMAIL", Wire.resultName(Wire.RESULT_NO_VOICEMAIL));
        assertEquals("0000000100000002", Wire.messageIdHex(0x100000002L));
    }
}
