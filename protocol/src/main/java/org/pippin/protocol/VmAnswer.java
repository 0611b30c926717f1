package org.pippin.protocol;

/**
 * VM_ANSWER (0x30, relay to caller, reliable): the relay itself took the call for the callee's voicemail. Like ANSWER
 * it gives the codec, packetization and the caller leg's channel; unlike ANSWER the far end of the voice is the
 * relay, not the callee's phone, so the call is not end-to-end and a phone says so. {@code reason} is the
 * {@code Wire.REJECT_*} that sent the call to voicemail (NO_ANSWER, BUSY, UNAVAILABLE). The relay plays the greeting,
 * then records; the caller ends the message with BYE, or the relay does at the maximum length.
 *
 * <pre>
 * +--------+--------+--------+--------+--------+--------+--------+--------+--------+
 * |            call id (u32)          | codec  | ptime  |  channel (u16)  | reason |
 * +--------+--------+--------+--------+--------+--------+--------+--------+--------+
 * </pre>
 */
public final class VmAnswer extends Frame {
    public final int callId;
    public final int codec;
    public final int ptimeMs;
    public final int channel;
    public final int reason;

    public VmAnswer(int callId, int codec, int ptimeMs, int channel, int reason) {
        super(Wire.VM_ANSWER);
        this.callId = callId;
        this.codec = checkU8(codec, "codec");
        this.ptimeMs = checkU8(ptimeMs, "ptime");
        this.channel = checkChannel(channel);
        this.reason = checkU8(reason, "reason");
    }

    static Frame read(Reader r) throws ProtocolException {
        return new VmAnswer(r.u32("call id"), r.u8("codec"), r.u8("ptime"), r.channel("channel"), r.u8("reason"));
    }

    int bodyLength() {
        return 4 + 1 + 1 + 2 + 1;
    }

    void writeBody(Writer w) {
        w.u32(callId);
        w.u8(codec);
        w.u8(ptimeMs);
        w.u16(channel);
        w.u8(reason);
    }

    void describe(StringBuffer sb) {
        sb.append(" call=").append(Wire.callIdHex(callId)).append(" codec=").append(Wire.codecName(codec))
            .append(" ptime=").append(ptimeMs).append(" ch=").append(channel).append(" reason=")
            .append(Wire.rejectName(reason));
    }
}
