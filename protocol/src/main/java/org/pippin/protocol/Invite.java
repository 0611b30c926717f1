package org.pippin.protocol;

/**
 * INVITE (0x03, both ways, reliable): starts a call. A phone sends an empty caller and channel 0; the relay fills in
 * the registered caller number and the callee leg's channel ({@link #withRelayFields}).
 *
 * <pre>
 * +--------+--------+--------+--------+
 * |            call id (u32)          |
 * +--------+--------+--------+--------+--------+--------+
 * | digits | caller (BCD) ... | digits | callee (BCD) ... |
 * +--------+--------+--------+--------+--------+--------+
 * | codecs | ptime  |  channel (u16)  |
 * +--------+--------+--------+--------+
 *   u8 mask  u8 ms
 * </pre>
 */
public final class Invite extends Frame {
    public final int callId;
    public final String caller;
    public final String callee;
    public final int codecMask;
    public final int ptimeMs;
    public final int channel;

    public Invite(int callId, String caller, String callee, int codecMask, int ptimeMs, int channel) {
        super(Wire.INVITE);
        this.callId = callId;
        this.caller = checkNumber(caller);
        this.callee = checkNumber(callee);
        this.codecMask = checkU8(codecMask, "codec mask");
        this.ptimeMs = checkU8(ptimeMs, "ptime");
        this.channel = checkChannel(channel);
    }

    /** A copy carrying the caller's registered number and the receiving leg's channel, as the relay forwards it. */
    public Invite withRelayFields(String caller, int channel) {
        Invite copy = new Invite(callId, caller, callee, codecMask, ptimeMs, channel);
        copy.messageId = messageId;
        return copy;
    }

    static Frame read(Reader r) throws ProtocolException {
        return new Invite(r.u32("call id"), r.number("caller"), r.number("callee"), r.u8("codec mask"),
            r.u8("ptime"), r.channel("channel"));
    }

    int bodyLength() {
        return 4 + Numbers.encodedLength(caller) + Numbers.encodedLength(callee) + 1 + 1 + 2;
    }

    void writeBody(Writer w) {
        w.u32(callId);
        w.number(caller);
        w.number(callee);
        w.u8(codecMask);
        w.u8(ptimeMs);
        w.u16(channel);
    }

    void describe(StringBuffer sb) {
        sb.append(" call=").append(Wire.callIdHex(callId)).append(" caller=").append(caller).append(" callee=")
            .append(callee).append(" codecs=").append(Wire.codecMaskName(codecMask)).append(" ptime=")
            .append(ptimeMs).append(" ch=").append(channel);
    }
}
