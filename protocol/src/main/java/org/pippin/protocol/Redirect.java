package org.pippin.protocol;

/**
 * REDIRECT (0x23, relay to phone, reliable): the call did not come about here, but another relay can carry it: the
 * phone attaches to {@code relay} (host:port) and calls again. Sent instead of REJECT RELAY_FULL when the network
 * knows a relay with spare capacity; reason is a {@code Wire.REJECT_*} (RELAY_FULL).
 *
 * <pre>
 * +--------+--------+--------+--------+--------+--------+------------------------+
 * |            call id (u32)          | reason |  len   | relay "host:port" (ASCII)|
 * +--------+--------+--------+--------+--------+--------+------------------------+
 * </pre>
 */
public final class Redirect extends Frame {
    public final int callId;
    public final int reason;
    /** Where to attach instead, "host:port". */
    public final String relay;

    public Redirect(int callId, int reason, String relay) {
        super(Wire.REDIRECT);
        this.callId = callId;
        this.reason = checkU8(reason, "reason");
        RelayList.checkAddress(relay);
        this.relay = relay;
    }

    static Frame read(Reader r) throws ProtocolException {
        int callId = r.u32("call id");
        int reason = r.u8("reason");
        String relay = r.text("relay");
        try {
            return new Redirect(callId, reason, relay);
        } catch (IllegalArgumentException e) {
            throw new ProtocolException(Wire.ERR_MALFORMED, "REDIRECT relay: " + e.getMessage());
        }
    }

    int bodyLength() {
        return 4 + 1 + 1 + relay.length();
    }

    void writeBody(Writer w) {
        w.u32(callId);
        w.u8(reason);
        w.text(relay);
    }

    void describe(StringBuffer sb) {
        sb.append(" call=").append(Wire.callIdHex(callId)).append(" reason=").append(Wire.rejectName(reason))
            .append(" relay=").append(relay);
    }
}
