package org.pippin.relay;

import io.netty.buffer.ByteBuf;
import io.netty.channel.ChannelHandlerContext;
import io.netty.handler.codec.ByteToMessageDecoder;
import java.util.List;
import org.pippin.protocol.StreamFramer;
import org.pippin.protocol.Wire;

/**
 * Splits a TCP byte stream into frames, the same rules as the protocol's StreamFramer:
 *
 * <pre>
 * +--------+--------+--------------------------------+
 * | length (u16)    | frame (voice or signalling)    |
 * +--------+--------+--------------------------------+
 * </pre>
 *
 * Emits each frame as a retained slice of the cumulation buffer: no copy; for Netty's pooled buffers the slice object
 * itself is recycled. A length of 0 or above
 * {@link Wire#MAX_FRAME} emits one {@link Failure} and from then on the stream is discarded: after a framing error
 * nothing later in the stream can be trusted, and the handler closes the connection.
 */
final class StreamFrameDecoder extends ByteToMessageDecoder {

    /** A failed message: the stream broke the framing rules. */
    static final class Failure {
        final int code;
        final String message;

        Failure(int code, String message) {
            this.code = code;
            this.message = message;
        }
    }

    private final int maxFrame;
    private boolean failed;

    StreamFrameDecoder(int maxFrame) {
        this.maxFrame = maxFrame;
    }

    @Override
    protected void decode(ChannelHandlerContext ctx, ByteBuf in, List<Object> out) {
        if (failed) {
            in.skipBytes(in.readableBytes());
            return;
        }
        if (in.readableBytes() < StreamFramer.PREFIX) {
            return;
        }
        int length = in.getUnsignedShort(in.readerIndex());
        if (length == 0) {
            fail(in, out, Wire.ERR_MALFORMED, "frame length 0");
            return;
        }
        if (length > maxFrame) {
            fail(in, out, Wire.ERR_TOO_LARGE, "frame length " + length + " exceeds " + maxFrame);
            return;
        }
        if (in.readableBytes() < StreamFramer.PREFIX + length) {
            return; // incomplete: wait for more bytes, nothing consumed
        }
        in.skipBytes(StreamFramer.PREFIX);
        out.add(in.readRetainedSlice(length));
    }

    private void fail(ByteBuf in, List<Object> out, int code, String message) {
        failed = true;
        in.skipBytes(in.readableBytes());
        out.add(new Failure(code, message));
    }
}
