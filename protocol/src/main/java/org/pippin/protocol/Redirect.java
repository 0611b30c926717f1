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
    /** The longest relay address: a DNS name of 253 characters plus ":65535" does not fit a u8 text; names do. */
    public static final int MAX_ADDRESS = Wire.MAX_TEXT;

    public final int callId;
    public final int reason;
    /** Where to attach instead, "host:port". */
    public final String relay;

    public Redirect(int callId, int reason, String relay) {
        super(Wire.REDIRECT);
        this.callId = callId;
        this.reason = checkU8(reason, "reason");
        if (relay == null || relay.length() == 0 || relay.length() > MAX_ADDRESS) {
            throw new IllegalArgumentException("relay address must be 1.." + MAX_ADDRESS + " characters");
        }
        for (int i = 0; i < relay.length(); i++) {
            char c = relay.charAt(i);
            if (c <= 0x20 || c > 0x7E) {
                throw new IllegalArgumentException("relay address must be printable ASCII without spaces");
            }
        }
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
