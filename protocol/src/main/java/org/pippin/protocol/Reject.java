package org.pippin.protocol;

/**
 * REJECT (0x06, both ways, reliable): the call did not come about; reason is a {@code Wire.REJECT_*}.
 *
 * <pre>
 * +--------+--------+--------+--------+--------+
 * |            call id (u32)          | reason |
 * +--------+--------+--------+--------+--------+
 * </pre>
 */
public final class Reject extends Frame {
    public final int callId;
    public final int reason;

    public Reject(int callId, int reason) {
        super(Wire.REJECT);
        this.callId = callId;
        this.reason = checkU8(reason, "reason");
    }

    static Frame read(Reader r) throws ProtocolException {
        return new Reject(r.u32("call id"), r.u8("reason"));
    }

    int bodyLength() {
        return 5;
    }

    void writeBody(Writer w) {
        w.u32(callId);
        w.u8(reason);
    }

    void describe(StringBuffer sb) {
        sb.append(" call=").append(Wire.callIdHex(callId)).append(" reason=").append(Wire.rejectName(reason));
    }
}
