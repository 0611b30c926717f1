package org.pippin.protocol;

/**
 * KEEPALIVE (0x08, both ways, unreliable): keeps the NAT binding open; the relay echoes it (unpadded). A phone pads
 * it with {@link #PHONE_PADDING} zeros, so that a relay that no longer knows the phone may answer with ERROR
 * NOT_REGISTERED: a relay never answers an address that has not proved itself with more bytes than it got. Like any
 * frame's trailing bytes, the padding is ignored when read.
 *
 * <pre>
 * +--------+--------+--------+--------+--------------------------+
 * |  0x10  |  0x08  |  message id (0) | padding (zeros, ignored) |
 * +--------+--------+--------+--------+--------------------------+
 * </pre>
 */
public final class Keepalive extends Frame {
    /** What a phone adds: an ERROR without text (6 bytes) then fits in the answer to its KEEPALIVE. */
    public static final int PHONE_PADDING = 2;

    /** Zeros this side sends after the header. */
    public final int padding;

    public Keepalive() {
        this(0);
    }

    public Keepalive(int padding) {
        super(Wire.KEEPALIVE);
        this.padding = checkRange(padding, 0, Wire.MAX_FRAME - Wire.HEADER, "padding");
    }


    int bodyLength() {
        return padding;
    }

    void writeBody(Writer w) {
        w.raw(new byte[padding]);
    }

    void describe(StringBuffer sb) {
        if (padding > 0) {
            sb.append(" padding=").append(padding);
        }
    }
}
