package org.pippin.protocol;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.code_intelligence.jazzer.junit.FuzzTest;
import java.util.Arrays;

/**
 * DTMF bodies from arbitrary bytes (the header is fixed, so every input reaches the body decoder): only
 * {@link ProtocolException} MALFORMED, and whatever decodes re-encodes to the same bytes.
 */
class DtmfFuzzTest {

    @FuzzTest(maxDuration = "10s")
    void decode(byte[] data) throws Exception {
        Allocation.bounded(data.length, 8, () -> {
            int len = Math.min(data.length, Wire.MAX_FRAME - Wire.HEADER);
            byte[] frame = new byte[Wire.HEADER + len];
            frame[0] = 0x10;
            frame[1] = (byte) Wire.DTMF;
            System.arraycopy(data, 0, frame, Wire.HEADER, len);
            Frame f;
            try {
                f = FrameCodec.decode(frame, 0, frame.length);
            } catch (ProtocolException e) {
                assertEquals(Wire.ERR_MALFORMED, e.code());
                return;
            }
            Dtmf d = (Dtmf) f;
            assertTrue(d.event >= 0 && d.event <= Dtmf.MAX_EVENT);
            byte[] again = FrameCodec.encode(f);
            assertArrayEquals(Arrays.copyOf(frame, again.length), again);
        });
    }
}
