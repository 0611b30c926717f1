package org.pippin.protocol;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.code_intelligence.jazzer.api.FuzzedDataProvider;
import com.code_intelligence.jazzer.junit.FuzzTest;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * {@link StreamFramer} fed an arbitrary stream in arbitrary chunks gives the same frames, and the same failure at the
 * same point, as the stream read in one piece by a plain reference parser: the split never matters.
 */
class StreamFramerFuzzTest {

    @FuzzTest(maxDuration = "10s")
    void chunks(FuzzedDataProvider in) {
        int maxFrame = in.consumeInt(1, 0xFFFF);
        byte[] chunkSizes = in.consumeBytes(64);
        byte[] stream = in.consumeRemainingAsBytes();

        List<String> expected = new ArrayList<>();
        String expectedFailure = reference(stream, maxFrame, expected);

        StreamFramer framer = new StreamFramer(maxFrame);
        List<String> frames = new ArrayList<>();
        String failure = null;
        int pos = 0;
        int chunk = 0;
        int idle = 0;
        while (pos < stream.length && failure == null) {
            int size = chunkSizes.length == 0 ? stream.length : 1 + (chunkSizes[chunk++ % chunkSizes.length] & 0xFF);
            int len = Math.min(size, stream.length - pos);
            int off = 0;
            try {
                while (off < len) {
                    int taken = framer.feed(stream, pos + off, len - off);
                    off += taken;
                    if (framer.frameReady()) {
                        frames.add(Hex.of(Arrays.copyOf(framer.frame(), framer.frameLength())));
                        framer.next();
                        idle = 0;
                    } else {
                        assertTrue(taken > 0 || ++idle < 2, "feed took nothing and no frame is ready");
                    }
                }
            } catch (ProtocolException e) {
                failure = e.getMessage();
            }
            pos += len;
        }
        assertEquals(expected, frames);
        assertEquals(expectedFailure, failure);
    }

    /** Length-prefixed frames read from the whole stream at once; returns the failure, if any. */
    private static String reference(byte[] s, int maxFrame, List<String> out) {
        int pos = 0;
        while (s.length - pos >= StreamFramer.PREFIX) {
            int length = (s[pos] & 0xFF) << 8 | s[pos + 1] & 0xFF;
            if (length == 0) {
                return "frame length 0";
            }
            if (length > maxFrame) {
                return "frame length " + length + " exceeds " + maxFrame;
            }
            if (s.length - pos - StreamFramer.PREFIX < length) {
                return null;
            }
            out.add(Hex.of(Arrays.copyOfRange(s, pos + StreamFramer.PREFIX, pos + StreamFramer.PREFIX + length)));
            pos += StreamFramer.PREFIX + length;
        }
        return null;
    }
}
