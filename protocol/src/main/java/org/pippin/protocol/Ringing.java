package org.pippin.protocol;

/**
 * RINGING (0x04, both ways, reliable): the callee is alerting its user.
 *
 * <pre>
 * +--------+--------+--------+--------+
 * |            call id (u32)          |
 * +--------+--------+--------+--------+
 * </pre>
 */
public final class Ringing extends Frame {
    public final int callId;

    public Ringing(int callId) {
        super(Wire.RINGING);
        this.callId = callId;
    }

    static Frame read(Reader r) throws ProtocolException {
        return new Ringing(r.u32("call id"));
    }

    int bodyLength() {
        return 4;
    }

    void writeBody(Writer w) {
        w.u32(callId);
    }

    void describe(StringBuffer sb) {
        sb.append(" call=").append(Wire.callIdHex(callId));
    }
}
