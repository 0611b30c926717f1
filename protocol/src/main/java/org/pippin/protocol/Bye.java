package org.pippin.protocol;

/**
 * BYE (0x07, both ways, reliable): the call is over; reason is a {@code Wire.BYE_*}.
 *
 * <pre>
 * +--------+--------+--------+--------+--------+
 * |            call id (u32)          | reason |
 * +--------+--------+--------+--------+--------+
 * </pre>
 */
public final class Bye extends Frame {
    public final int callId;
    public final int reason;

    public Bye(int callId, int reason) {
        super(Wire.BYE);
        this.callId = callId;
        this.reason = checkU8(reason, "reason");
    }

    static Frame read(Reader r) throws ProtocolException {
        return new Bye(r.u32("call id"), r.u8("reason"));
    }

    int bodyLength() {
        return 5;
    }

    void writeBody(Writer w) {
        w.u32(callId);
        w.u8(reason);
    }

    void describe(StringBuffer sb) {
        sb.append(" call=").append(Wire.callIdHex(callId)).append(" reason=").append(Wire.byeName(reason));
    }
}
