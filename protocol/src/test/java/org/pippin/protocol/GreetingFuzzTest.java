package org.pippin.protocol;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.code_intelligence.jazzer.junit.FuzzTest;

/**
 * The greeting decoders (VM_GREETING, VM_GREETING_DELETE) on arbitrary bodies: the input's first byte picks the
 * type, the rest is the body behind a valid header. They throw only MALFORMED, keep every field in its documented
 * range, and what they decode re-encodes to the input's own bytes.
 */
class GreetingFuzzTest {

    @FuzzTest(maxDuration = "10s")
    void decode(byte[] data) throws Exception {
        if (data.length == 0 || data.length > Wire.MAX_FRAME - Wire.HEADER + 1) {
            return;
        }
        int type = (data[0] & 1) == 0 ? Wire.VM_GREETING : Wire.VM_GREETING_DELETE;
        byte[] frame = new byte[Wire.HEADER + data.length - 1];
        frame[0] = 0x10;
        frame[1] = (byte) type;
        System.arraycopy(data, 1, frame, Wire.HEADER, data.length - 1);
        Allocation.bounded(frame.length, 8, () -> check(frame, type));
    }

    private static void check(byte[] frame, int type) {
        Frame f;
        try {
            f = FrameCodec.decode(frame, 0, frame.length);
        } catch (ProtocolException e) {
            assertEquals(Wire.ERR_MALFORMED, e.code(), e.getMessage());
            assertTrue(e.getMessage().startsWith(Wire.typeName(type) + " "), e.getMessage());
            return;
        }
        assertEquals(type, f.type);
        if (f instanceof VmGreeting) {
            VmGreeting g = (VmGreeting) f;
            assertTrue(g.kind == Wire.GREETING_UNAVAILABLE || g.kind == Wire.GREETING_BUSY);
            assertTrue(g.chunks >= 1 && g.chunks <= VmGreeting.MAX_CHUNKS && g.chunk < g.chunks);
            assertTrue(g.audioLength() <= VmGreeting.MAX_AUDIO);
        } else {
            VmGreetingDelete d = (VmGreetingDelete) f;
            assertTrue(d.kind == Wire.GREETING_UNAVAILABLE || d.kind == Wire.GREETING_BUSY);
        }
        byte[] again;
        try {
            again = FrameCodec.encode(f);
        } catch (RuntimeException e) {
            throw new AssertionError("decoded " + f + " does not encode", e);
        }
        assertTrue(again.length <= frame.length);
        assertArrayEquals(java.util.Arrays.copyOf(frame, again.length), again);
    }
}
