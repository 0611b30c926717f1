package org.pippin.protocol;

/**
 * Splits a TCP byte stream into frames. Each frame is preceded by its length:
 *
 * <pre>
 * +--------+--------+--------------------------------+
 * | length (u16)    | frame (voice or signalling)    |
 * +--------+--------+--------------------------------+
 * </pre>
 *
 * Bytes can arrive in any split: the framer keeps a partial prefix or frame between calls to {@link #feed}. A length
 * of 0 or above the maximum is an error; the framer then stays failed (the connection is to be closed).
 */
public final class StreamFramer {
    public static final int PREFIX = 2;

    private final int maxFrame;
    private final byte[] frame;
    /** Prefix bytes read so far for the frame being assembled (0..PREFIX). */
    private int prefixRead;
    private int length;
    private int filled;
    private ProtocolException failure;

    /** @param maxFrame largest frame accepted, 1..65535 (usually {@link Wire#MAX_FRAME}) */
    public StreamFramer(int maxFrame) {
        if (maxFrame < 1 || maxFrame > 0xFFFF) {
            throw new IllegalArgumentException("max frame " + maxFrame + " not in 1..65535");
        }
        this.maxFrame = maxFrame;
        this.frame = new byte[maxFrame];
    }

    /**
     * Takes bytes from {@code src} until a frame is complete or the bytes run out, and returns how many it took. Takes
     * nothing while a frame is ready: call {@link #next()} first.
     *
     * @throws ProtocolException {@code ERR_MALFORMED} for length 0, {@code ERR_TOO_LARGE} above the maximum; every
     *         later call throws the same
     */
    public int feed(byte[] src, int off, int len) throws ProtocolException {
        if (failure != null) {
            throw failure;
        }
        int taken = 0;
        while (prefixRead < PREFIX && taken < len) {
            length = length << 8 | src[off + taken++] & 0xFF;
            if (++prefixRead == PREFIX) {
                checkLength();
            }
        }
        if (prefixRead == PREFIX && filled < length) {
            int n = length - filled < len - taken ? length - filled : len - taken;
            System.arraycopy(src, off + taken, frame, filled, n);
            filled += n;
            taken += n;
        }
        return taken;
    }

    public boolean frameReady() {
        return failure == null && prefixRead == PREFIX && filled == length;
    }

    /** The internal buffer; the ready frame is at {@code frame()[0..frameLength())}, valid until {@link #next()}. */
    public byte[] frame() {
        return frame;
    }

    public int frameLength() {
        return frameReady() ? length : 0;
    }

    /** Discards the ready frame (if any) and starts on the next one. */
    public void next() {
        if (frameReady()) {
            prefixRead = 0;
            length = 0;
            filled = 0;
        }
    }

    /**
     * Writes the length prefix for a frame of {@code frameLen} bytes and returns {@link #PREFIX}.
     *
     * @throws IllegalArgumentException if {@code frameLen} is not 1..65535
     */
    public static int writePrefix(byte[] out, int off, int frameLen) {
        if (frameLen < 1 || frameLen > 0xFFFF) {
            throw new IllegalArgumentException("frame length " + frameLen + " not in 1..65535");
        }
        out[off] = (byte) (frameLen >> 8);
        out[off + 1] = (byte) frameLen;
        return PREFIX;
    }

    private void checkLength() throws ProtocolException {
        if (length == 0) {
            failure = new ProtocolException(Wire.ERR_MALFORMED, "frame length 0");
        } else if (length > maxFrame) {
            failure = new ProtocolException(Wire.ERR_TOO_LARGE, "frame length " + length + " exceeds " + maxFrame);
        }
        if (failure != null) {
            throw failure;
        }
    }
}
