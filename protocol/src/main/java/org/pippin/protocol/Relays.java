package org.pippin.protocol;

/**
 * RELAYS (0x24, phone to relay, reliable): asks an attached phone's relay for the network's relays, answered with
 * RELAY_LIST. A phone keeps the list to pick a fallback when its relay goes away. Empty body.
 *
 * <pre>
 * +--------+--------+--------+--------+
 * |  0x10  |  0x24  |   message id    |
 * +--------+--------+--------+--------+
 * </pre>
 */
public final class Relays extends Frame {
    public Relays() {
        super(Wire.RELAYS);
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
