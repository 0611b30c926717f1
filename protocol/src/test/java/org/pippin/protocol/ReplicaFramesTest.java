package org.pippin.protocol;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

/**
 * The voicemail frames between relays (0x38-0x39): bytes written by hand from PROTOCOL.md, read back field by field,
 * every frame fed truncated at each length, one byte at a time through the stream framer, and hostile values with
 * the exact error.
 */
class ReplicaFramesTest {
    static final String VM_COPY = "10 38 00 09  01 02 03 04 05 06 07 08  00 02  00 03  00 04  50 56 4d 31";
    static final String VM_PULL = "10 39 00 00  ff ee dd cc bb aa 99 88  08 27 10 00 01";
    /** Both, for FrameGoldenTest's hostile-input tests and the fuzzers' seeds. */
    static final String[] GOLDEN = {VM_COPY, VM_PULL};

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
    void vmCopy() throws Exception {
        byte[] file = {9, 9, 0x50, 0x56, 0x4d, 0x31, 9};
        VmCopy c = new VmCopy(0x0102030405060708L, 2, 3, file, 2, 4);
        c.messageId = 9;
        VmCopy d = golden(c, VM_COPY, VmCopy.class);
        assertEquals(0x0102030405060708L, d.id);
        assertEquals(2, d.chunk);
        assertEquals(3, d.chunks);
        assertArrayEquals(new byte[] {0x50, 0x56, 0x4d, 0x31}, d.data());
        byte[] out = new byte[6];
        assertEquals(4, d.copyData(out, 2));
        assertArrayEquals(new byte[] {0, 0, 0x50, 0x56, 0x4d, 0x31}, out);
        assertEquals("VM_COPY #9 id=0102030405060708 chunk=2/3 data=4B", d.toString());
    }

    @Test
    void fullChunkFitsOneFrame() throws Exception {
        byte[] data = new byte[VmCopy.MAX_DATA];
        data[VmCopy.MAX_DATA - 1] = 7;
        byte[] b = FrameCodec.encode(new VmCopy(-1L, 0xFFFE, 0xFFFF, data, 0, data.length));
        assertTrue(b.length <= Wire.MAX_FRAME, b.length + " bytes");
        VmCopy d = (VmCopy) FrameCodec.decode(b, 0, b.length);
        assertArrayEquals(data, d.data());
        assertEquals(-1L, d.id);
        assertEquals(0xFFFE, d.chunk);
    }

    @Test
    void vmCopyHostile() {
        assertEquals("VM_COPY chunk 3 of 3", decodeError("10 38 00 00  00 00 00 00 00 00 00 01  00 03  00 03  00 01 aa"));
        assertEquals("VM_COPY chunk 0 of 0", decodeError("10 38 00 00  00 00 00 00 00 00 00 01  00 00  00 00  00 01 aa"));
        assertEquals("VM_COPY data: length 0, expected 1 to 1000",
            decodeError("10 38 00 00  00 00 00 00 00 00 00 01  00 00  00 01  00 00"));
        assertEquals("VM_COPY data: length 1001, expected 1 to 1000",
            decodeError("10 38 00 00  00 00 00 00 00 00 00 01  00 00  00 01  03 e9"));
        assertEquals("VM_COPY truncated at data", decodeError("10 38 00 00  00 00 00 00 00 00 00 01  00 00  00 01  00 02 aa"));
        byte[] one = {1};
        assertEquals("chunk 1 not in 0..0",
            assertThrows(IllegalArgumentException.class, () -> new VmCopy(1, 1, 1, one, 0, 1)).getMessage());
        assertEquals("data length 0 not in 1..1000",
            assertThrows(IllegalArgumentException.class, () -> new VmCopy(1, 0, 1, one, 0, 0)).getMessage());
        assertEquals("chunks 65536 not in 1..65535",
            assertThrows(IllegalArgumentException.class, () -> new VmCopy(1, 0, 65536, one, 0, 1)).getMessage());
    }

    @Test
    void chunksForFileSizes() {
        assertEquals(1, VmCopy.chunksFor(0));
        assertEquals(1, VmCopy.chunksFor(1000));
        assertEquals(2, VmCopy.chunksFor(1001));
        assertEquals(50, VmCopy.chunksFor(49_538)); // a 30 s GSM message with two 8-digit numbers
    }

    @Test
    void vmPull() throws Exception {
        VmPull d = golden(new VmPull(0xffeeddccbbaa9988L, "27100001"), VM_PULL, VmPull.class);
        assertEquals(0xffeeddccbbaa9988L, d.id);
        assertEquals("27100001", d.owner);
        assertEquals("VM_PULL id=ffeeddccbbaa9988 owner=27100001", d.toString());
        assertEquals("VM_PULL owner: 21 digits, at most 20",
            decodeError("10 39 00 00  00 00 00 00 00 00 00 01  15 11 11 11 11 11 11 11 11 11 11 1f"));
    }

    @Test
    void oneByteAtATime() throws Exception {
        for (String hex : GOLDEN) {
            byte[] frame = Hex.bytes(hex);
            byte[] stream = new byte[StreamFramer.PREFIX + frame.length];
            StreamFramer.writePrefix(stream, 0, frame.length);
            System.arraycopy(frame, 0, stream, StreamFramer.PREFIX, frame.length);
            StreamFramer framer = new StreamFramer(Wire.MAX_FRAME);
            int frames = 0;
            for (byte b : stream) {
                assertEquals(1, framer.feed(new byte[] {b}, 0, 1));
                if (framer.frameReady()) {
                    Frame f = FrameCodec.decode(framer.frame(), 0, framer.frameLength());
                    assertArrayEquals(frame, FrameCodec.encode(f));
                    framer.next();
                    frames++;
                }
            }
            assertEquals(1, frames, hex);
        }
    }

    @Test
    void namesAndResults() {
        assertEquals("VM_COPY", Wire.typeName(Wire.VM_COPY));
        assertEquals("VM_PULL", Wire.typeName(Wire.VM_PULL));
        assertEquals("MAILBOX_FULL", Wire.resultName(Wire.RESULT_MAILBOX_FULL));
        assertEquals("UNKNOWN(31)", Wire.resultName(31));
    }

    private static String decodeError(String hex) {
        byte[] b = Hex.bytes(hex);
        ProtocolException e = assertThrows(ProtocolException.class, () -> FrameCodec.decode(b, 0, b.length));
        assertEquals(Wire.ERR_MALFORMED, e.code());
        return e.getMessage();
    }
}
