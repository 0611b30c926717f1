package org.pippin.protocol;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;

class StreamFramerTest {
    /** Several frames back to back: signalling, a voice packet, a 1-byte and a largest frame. */
    private static final byte[][] FRAMES = {
        Hex.bytes(FrameGoldenTest.INVITE),
        Hex.bytes(FrameGoldenTest.KEEPALIVE),
        voice(),
        Hex.bytes("42"),
        largest(),
        Hex.bytes(FrameGoldenTest.ACK),
    };

    private static byte[] voice() {
        byte[] b = new byte[169];
        VoicePacket.writeHeader(b, 0, 9, 300);
        for (int i = 4; i < b.length; i++) {
            b[i] = (byte) i;
        }
        return b;
    }

    private static byte[] largest() {
        byte[] b = new byte[Wire.MAX_FRAME];
        new Random(1).nextBytes(b);
        return b;
    }

    private static byte[] stream() {
        byte[][] parts = new byte[FRAMES.length * 2][];
        for (int i = 0; i < FRAMES.length; i++) {
            parts[2 * i] = new byte[StreamFramer.PREFIX];
            assertEquals(2, StreamFramer.writePrefix(parts[2 * i], 0, FRAMES[i].length));
            parts[2 * i + 1] = FRAMES[i];
        }
        return Hex.concat(parts);
    }

    /** Feeds {@code stream} in chunks whose sizes {@code chunk} picks, collecting the frames. */
    private static List<String> feed(byte[] stream, java.util.function.IntUnaryOperator chunk) throws ProtocolException {
        StreamFramer framer = new StreamFramer(Wire.MAX_FRAME);
        List<String> frames = new ArrayList<>();
        int pos = 0;
        while (pos < stream.length) {
            int end = Math.min(stream.length, pos + chunk.applyAsInt(stream.length - pos));
            while (pos < end) {
                int taken = framer.feed(stream, pos, end - pos);
                pos += taken;
                if (framer.frameReady()) {
                    frames.add(Hex.of(java.util.Arrays.copyOf(framer.frame(), framer.frameLength())));
                    framer.next();
                } else {
                    assertEquals(end, pos, "took everything offered while incomplete");
                }
            }
        }
        assertFalse(framer.frameReady());
        return frames;
    }

    private static List<String> expected() {
        List<String> frames = new ArrayList<>();
        for (byte[] f : FRAMES) {
            frames.add(Hex.of(f));
        }
        return frames;
    }

    @Test
    void prefixGoldenBytes() {
        byte[] b = new byte[3];
        assertEquals(2, StreamFramer.writePrefix(b, 1, 0x0123));
        assertEquals("00 01 23", Hex.of(b));
        StreamFramer.writePrefix(b, 0, 65535);
        assertEquals("ff ff 23", Hex.of(b));
        assertEquals("frame length 0 not in 1..65535",
            assertThrows(IllegalArgumentException.class, () -> StreamFramer.writePrefix(b, 0, 0)).getMessage());
        assertThrows(IllegalArgumentException.class, () -> StreamFramer.writePrefix(b, 0, 65536));
    }

    @Test
    void whole() throws ProtocolException {
        assertEquals(expected(), feed(stream(), remaining -> remaining));
    }

    @Test
    void oneByteAtATime() throws ProtocolException {
        assertEquals(expected(), feed(stream(), remaining -> 1));
    }

    @Test
    void randomChunks() throws ProtocolException {
        for (long seed = 0; seed < 50; seed++) {
            Random random = new Random(seed);
            assertEquals(expected(), feed(stream(), remaining -> 1 + random.nextInt(Math.min(remaining, 300))));
        }
    }

    @Test
    void stopsRightAfterAFrameAndTakesNothingUntilNext() throws ProtocolException {
        byte[] s = stream();
        StreamFramer framer = new StreamFramer(Wire.MAX_FRAME);
        assertEquals(2 + 25, framer.feed(s, 0, s.length));
        assertTrue(framer.frameReady());
        assertEquals(25, framer.frameLength());
        assertEquals(0, framer.feed(s, 27, s.length - 27));
        byte[] buffer = framer.frame();
        framer.next();
        assertFalse(framer.frameReady());
        assertEquals(0, framer.frameLength());
        assertEquals(2 + 4, framer.feed(s, 27, s.length - 27));
        assertSame(buffer, framer.frame(), "one buffer for the connection's life");
        assertEquals(FrameGoldenTest.KEEPALIVE, Hex.of(java.util.Arrays.copyOf(framer.frame(), 4)));
    }

    @Test
    void incompleteInputKeepsState() throws ProtocolException {
        StreamFramer framer = new StreamFramer(Wire.MAX_FRAME);
        byte[] s = Hex.bytes("00 04 10 08 00 00");
        assertEquals(1, framer.feed(s, 0, 1));
        assertEquals(0, framer.feed(s, 1, 0));
        assertFalse(framer.frameReady());
        assertEquals(3, framer.feed(s, 1, 3));
        assertFalse(framer.frameReady());
        assertEquals(0, framer.frameLength());
        framer.next();
        assertEquals(2, framer.feed(s, 4, 2));
        assertTrue(framer.frameReady());
        assertEquals(4, framer.frameLength());
    }

    @Test
    void lengthZeroIsMalformedAndFinal() throws ProtocolException {
        StreamFramer framer = new StreamFramer(Wire.MAX_FRAME);
        byte[] s = Hex.bytes("00 00 00 04 10 08 00 00");
        assertEquals(1, framer.feed(s, 0, 1));
        ProtocolException e = assertThrows(ProtocolException.class, () -> framer.feed(s, 1, 7));
        assertEquals(Wire.ERR_MALFORMED, e.code());
        assertEquals("frame length 0", e.getMessage());
        assertSame(e, assertThrows(ProtocolException.class, () -> framer.feed(s, 2, 6)));
        assertFalse(framer.frameReady());
    }

    @Test
    void lengthAboveMaxIsTooLarge() {
        StreamFramer framer = new StreamFramer(Wire.MAX_FRAME);
        byte[] s = Hex.bytes("04 01 00");
        ProtocolException e = assertThrows(ProtocolException.class, () -> framer.feed(s, 0, 3));
        assertEquals(Wire.ERR_TOO_LARGE, e.code());
        assertEquals("frame length 1025 exceeds 1024", e.getMessage());
        assertSame(e, assertThrows(ProtocolException.class, () -> framer.feed(s, 2, 1)));
    }

    @Test
    void tinyLimit() throws ProtocolException {
        StreamFramer framer = new StreamFramer(4);
        byte[] s = Hex.bytes("00 04 10 08 00 00 00 05");
        assertEquals(6, framer.feed(s, 0, 8));
        framer.next();
        assertEquals("frame length 5 exceeds 4",
            assertThrows(ProtocolException.class, () -> framer.feed(s, 6, 2)).getMessage());
    }

    @Test
    void maxFrameMustFitTheU16Prefix() {
        assertThrows(IllegalArgumentException.class, () -> new StreamFramer(0));
        assertEquals("max frame 65536 not in 1..65535",
            assertThrows(IllegalArgumentException.class, () -> new StreamFramer(65536)).getMessage());
    }
}
