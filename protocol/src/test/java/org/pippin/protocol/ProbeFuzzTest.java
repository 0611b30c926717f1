package org.pippin.protocol;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

import com.code_intelligence.jazzer.junit.FuzzTest;
import java.util.Arrays;

/**
 * PROBE and PROBE_REPLY bodies from arbitrary bytes (the header is fixed, so every input reaches the body decoders):
 * only {@link ProtocolException} MALFORMED, and whatever decodes re-encodes to the same bytes (PROBE's padding as zeros).
 */
class ProbeFuzzTest {

    @FuzzTest(maxDuration = "10s")
    void decode(byte[] data) throws Exception {
        Allocation.bounded(data.length, 8, () -> {
            check(Wire.PROBE, data);
            check(Wire.PROBE_REPLY, data);
        });
    }

    private static void check(int type, byte[] body) {
        int len = Math.min(body.length, Wire.MAX_FRAME - Wire.HEADER);
        byte[] frame = new byte[Wire.HEADER + len];
        frame[0] = 0x10;
        frame[1] = (byte) type;
        System.arraycopy(body, 0, frame, Wire.HEADER, len);
        Frame f;
        try {
            f = FrameCodec.decode(frame, 0, frame.length);
        } catch (ProtocolException e) {
            assertEquals(Wire.ERR_MALFORMED, e.code());
            return;
        }
        byte[] again = FrameCodec.encode(f);
        byte[] expected = Arrays.copyOf(frame, again.length);
        if (f instanceof Probe) {
            Arrays.fill(expected, Wire.HEADER + Probe.NONCE_SIZE, expected.length, (byte) 0);
            assertEquals(frame.length - Wire.HEADER - Probe.NONCE_SIZE, ((Probe) f).padding);
        }
        assertArrayEquals(expected, again);
    }
}
