package org.pippin.relay;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertNull;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufUtil;
import io.netty.buffer.Unpooled;
import io.netty.channel.embedded.EmbeddedChannel;
import org.junit.jupiter.api.Test;
import org.pippin.protocol.Wire;

class StreamFrameDecoderTest {

    /** Two frames back to back: a KEEPALIVE and a 5-byte voice packet. */
    static final byte[] TWO_FRAMES = {
        0x00, 0x04, 0x10, 0x08, 0x00, 0x00,
        0x00, 0x05, (byte) 0x80, 0x01, 0x00, 0x07, 0x55,
    };

    private static void assertFrames(EmbeddedChannel ch) {
        ByteBuf first = ch.readInbound();
        assertArrayEquals(new byte[] {0x10, 0x08, 0x00, 0x00}, ByteBufUtil.getBytes(first));
        first.release();
        ByteBuf second = ch.readInbound();
        assertArrayEquals(new byte[] {(byte) 0x80, 0x01, 0x00, 0x07, 0x55}, ByteBufUtil.getBytes(second));
        second.release();
        assertNull(ch.readInbound());
    }

    @Test
    void wholeBuffer() {
        EmbeddedChannel ch = new EmbeddedChannel(new StreamFrameDecoder(Wire.MAX_FRAME));
        ch.writeInbound(Unpooled.wrappedBuffer(TWO_FRAMES));
        assertFrames(ch);
        assertFalse(ch.finish());
    }

    @Test
    void oneByteAtATime() {
        EmbeddedChannel ch = new EmbeddedChannel(new StreamFrameDecoder(Wire.MAX_FRAME));
        for (byte b : TWO_FRAMES) {
            ch.writeInbound(Unpooled.wrappedBuffer(new byte[] {b}));
        }
        assertFrames(ch);
        assertFalse(ch.finish());
    }

    @Test
    void zeroLengthIsMalformedAndTheRestDiscarded() {
        EmbeddedChannel ch = new EmbeddedChannel(new StreamFrameDecoder(Wire.MAX_FRAME));
        ch.writeInbound(Unpooled.wrappedBuffer(new byte[] {0x00, 0x00, 0x00, 0x04, 0x10, 0x08, 0x00, 0x00}));
        StreamFrameDecoder.Failure f = assertInstanceOf(StreamFrameDecoder.Failure.class, ch.readInbound());
        assertEquals(Wire.ERR_MALFORMED, f.code);
        assertEquals("frame length 0", f.message);
        ch.writeInbound(Unpooled.wrappedBuffer(TWO_FRAMES));
        assertNull(ch.readInbound(), "nothing decoded after a failure");
        assertFalse(ch.finish());
    }

    @Test
    void lengthAboveTheLimitIsTooLarge() {
        EmbeddedChannel ch = new EmbeddedChannel(new StreamFrameDecoder(16));
        ch.writeInbound(Unpooled.wrappedBuffer(new byte[] {0x00, 0x11}));
        StreamFrameDecoder.Failure f = assertInstanceOf(StreamFrameDecoder.Failure.class, ch.readInbound());
        assertEquals(Wire.ERR_TOO_LARGE, f.code);
        assertEquals("frame length 17 exceeds 16", f.message);
    }

    @Test
    void lengthAtTheLimitIsAccepted() {
        EmbeddedChannel ch = new EmbeddedChannel(new StreamFrameDecoder(16));
        byte[] in = new byte[18];
        in[1] = 16;
        ch.writeInbound(Unpooled.wrappedBuffer(in));
        ByteBuf frame = ch.readInbound();
        assertEquals(16, frame.readableBytes());
        frame.release();
    }
}
