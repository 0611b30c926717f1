package org.pippin.protocol;

/**
 * KEEPALIVE (0x08, both ways, unreliable): keeps the NAT binding open; the relay echoes it. Empty body.
 *
 * <pre>
 * +--------+--------+--------+--------+
 * |  0x10  |  0x08  |  message id (0) |
 * +--------+--------+--------+--------+
 * </pre>
 */
public final class Keepalive extends Frame {
    public Keepalive() {
        super(Wire.KEEPALIVE);
    }

    int bodyLength() {
        return 0;
    }

    void writeBody(Writer w) {
        // empty body
    }

    void describe(StringBuffer sb) {
        // no fields
    }
}
