package org.pippin.protocol;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.code_intelligence.jazzer.junit.FuzzTest;
import java.util.Arrays;

/**
 * {@link FrameCodec#decode} on arbitrary bytes: it throws only {@link ProtocolException} with one of its three codes,
 * allocates in proportion to the input, and whatever it decodes re-encodes to the input's own bytes (up to the last
 * known field; the reserved header bits and non-printable ERROR text are normalised, as PROTOCOL.md says).
 */
class FrameCodecFuzzTest {

    @FuzzTest(maxDuration = "10s")
    void decode(byte[] data) throws Exception {
        Allocation.bounded(data.length, 8, () -> check(data));
    }

    private static void check(byte[] data) {
        Frame f;
        try {
            f = FrameCodec.decode(data, 0, data.length);
        } catch (ProtocolException e) {
            assertTrue(e.code() == Wire.ERR_MALFORMED || e.code() == Wire.ERR_TOO_LARGE
                || e.code() == Wire.ERR_UNSUPPORTED_VERSION, "code " + e.code());
            return;
        }
        assertTrue(data.length >= Wire.HEADER && data.length <= Wire.MAX_FRAME);
        assertEquals(data[1] & 0xFF, f.type);
        assertEquals((data[2] & 0xFF) << 8 | data[3] & 0xFF, f.messageId);
        if (f instanceof UnknownFrame) {
            return;
        }
        byte[] again = FrameCodec.encode(f);
        assertTrue(again.length <= data.length, "re-encoded " + again.length + " of " + data.length + " bytes");
        assertArrayEquals(normalised(Arrays.copyOf(data, again.length), f), again);
        assertEquals(f.toString(), decodeAgain(again).toString());
    }

    /** The bytes an encoder would have sent for what {@code f} was decoded from. */
    private static byte[] normalised(byte[] prefix, Frame f) {
        prefix[0] &= 0xF0;
        if (f instanceof ErrorFrame) {
            printable(prefix, Wire.HEADER + 2);
        }
        if (f instanceof Result) {
            // request type, outcome, u8-length record, then the text's length byte
            printable(prefix, Wire.HEADER + 3 + ((Result) f).record().length + 1);
        }
        if (f instanceof Hello) {
            // HELLO's padding only makes it as large as the CHALLENGE it asks for; its contents are ignored.
            for (int i = Wire.HEADER + Wire.NONCE_SIZE; i < prefix.length; i++) {
                prefix[i] = 0;
            }
        }
        if (f instanceof Probe) {
            // PROBE's padding, likewise, only makes it as large as its PROBE_REPLY.
            for (int i = Wire.HEADER + Probe.NONCE_SIZE; i < prefix.length; i++) {
                prefix[i] = 0;
            }
        }
        return prefix;
    }

    private static void printable(byte[] prefix, int from) {
        for (int i = from; i < prefix.length; i++) {
            if (prefix[i] < 0x20 || prefix[i] > 0x7E) {
                prefix[i] = '?';
            }
        }
    }

    private static Frame decodeAgain(byte[] b) {
        try {
            return FrameCodec.decode(b, 0, b.length);
        } catch (ProtocolException e) {
            throw new AssertionError("re-encoded frame does not decode: " + e.getMessage(), e);
        }
    }
}
