package org.pippin.protocol;

/**
 * ACK (0x0A, both ways, unreliable): acknowledges the frame whose message id is in the header. Empty body.
 *
 * <pre>
 * +--------+--------+--------+--------+
 * |  0x10  |  0x0A  | acked msg id    |
 * +--------+--------+--------+--------+
 * </pre>
 */
public final class Ack extends Frame {
    public final int ackedMessageId;

    public Ack(int ackedMessageId) {
        super(Wire.ACK);
        this.ackedMessageId = checkU16(ackedMessageId, "acked message id");
        this.messageId = ackedMessageId;
    }

    int bodyLength() {
        return 0;
    }

    void writeBody(Writer w) {
        // empty body: the header carries the id
    }

    void describe(StringBuffer sb) {
        // the header's id is the acknowledged one
    }
}
