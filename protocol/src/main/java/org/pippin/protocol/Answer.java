package org.pippin.protocol;

/**
 * ANSWER (0x05, both ways, reliable): the callee took the call with this codec and packetization. A phone sends
 * channel 0; the relay puts in the caller leg's channel ({@link #withChannel}).
 *
 * <pre>
 * +--------+--------+--------+--------+
 * |            call id (u32)          |
 * +--------+--------+--------+--------+
 * | codec  | ptime  |  channel (u16)  |
 * +--------+--------+--------+--------+
 *   u8 id    u8 ms
 * </pre>
 */
public final class Answer extends Frame {
    public final int callId;
    public final int codec;
    public final int ptimeMs;
    public final int channel;

    public Answer(int callId, int codec, int ptimeMs, int channel) {
        super(Wire.ANSWER);
        this.callId = callId;
        this.codec = checkU8(codec, "codec");
        this.ptimeMs = checkU8(ptimeMs, "ptime");
        this.channel = checkChannel(channel);
    }

    /** A copy carrying the receiving leg's channel, as the relay forwards it. */
    public Answer withChannel(int channel) {
        Answer copy = new Answer(callId, codec, ptimeMs, channel);
        copy.messageId = messageId;
        return copy;
    }

    static Frame read(Reader r) throws ProtocolException {
        return new Answer(r.u32("call id"), r.u8("codec"), r.u8("ptime"), r.channel("channel"));
    }

    int bodyLength() {
        return 4 + 1 + 1 + 2;
    }

    void writeBody(Writer w) {
        w.u32(callId);
        w.u8(codec);
        w.u8(ptimeMs);
        w.u16(channel);
    }

    void describe(StringBuffer sb) {
        sb.append(" call=").append(Wire.callIdHex(callId)).append(" codec=").append(Wire.codecName(codec))
            .append(" ptime=").append(ptimeMs).append(" ch=").append(channel);
    }
}
