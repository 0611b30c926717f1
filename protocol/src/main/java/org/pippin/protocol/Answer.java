package org.pippin.protocol;

/**
 * ANSWER (0x05, both ways, reliable): the callee took the call with this codec and packetization. A phone sends
 * channel 0; the relay puts in the caller leg's channel ({@link #withChannel}). {@code keyShare} is the callee's
 * KEY_SHARE record for the call's voice keys (identity module, opaque here; empty when absent), passed on unchanged.
 * {@code record} is the callee number's REGISTRAR_RECORD, which the callee's relay attaches ({@link #withRecord}) so
 * the caller phone can check the key share itself; phones send it empty.
 *
 * <pre>
 * +--------+--------+--------+--------+
 * |            call id (u32)          |
 * +--------+--------+--------+--------+
 * | codec  | ptime  |  channel (u16)  |
 * +--------+--------+--------+--------+--------+
 *   u8 id    u8 ms
 * | length | key share (0..255 bytes) ... | length | callee's registrar record (0..255 bytes) ... |
 * +--------+--------+--------+--------+--------+--------+--------+--------+
 *   u8                                  u8
 * </pre>
 */
public final class Answer extends Frame {
    public final int callId;
    public final int codec;
    public final int ptimeMs;
    public final int channel;
    private final byte[] keyShare;
    private final byte[] record;

    /** An ANSWER without key share (a phone registered with a device secret). */
    public Answer(int callId, int codec, int ptimeMs, int channel) {
        this(callId, codec, ptimeMs, channel, Wire.EMPTY);
    }

    public Answer(int callId, int codec, int ptimeMs, int channel, byte[] keyShare) {
        this(callId, codec, ptimeMs, channel, keyShare, Wire.EMPTY);
    }

    public Answer(int callId, int codec, int ptimeMs, int channel, byte[] keyShare, byte[] record) {
        super(Wire.ANSWER);
        this.callId = callId;
        this.codec = checkU8(codec, "codec");
        this.ptimeMs = checkU8(ptimeMs, "ptime");
        this.channel = checkChannel(channel);
        this.keyShare = checkBlob(keyShare, "key share");
        this.record = checkBlob(record, "record");
    }

    /** A copy carrying the receiving leg's channel, as the relay forwards it. */
    public Answer withChannel(int channel) {
        Answer copy = new Answer(callId, codec, ptimeMs, channel, keyShare, record);
        copy.messageId = messageId;
        return copy;
    }

    /** A copy carrying the callee number's registrar record, as the callee's relay attaches it. */
    public Answer withRecord(byte[] record) {
        Answer copy = new Answer(callId, codec, ptimeMs, channel, keyShare, record);
        copy.messageId = messageId;
        return copy;
    }

    static Frame read(Reader r) throws ProtocolException {
        return new Answer(r.u32("call id"), r.u8("codec"), r.u8("ptime"), r.channel("channel"),
            r.bytes("key share", 0, Wire.MAX_TEXT), r.bytes("record", 0, Wire.MAX_TEXT));
    }

    /** The callee's KEY_SHARE record; empty when absent. */
    public byte[] keyShare() {
        return Hello.copy(keyShare);
    }

    public int keyShareLength() {
        return keyShare.length;
    }

    /** The callee number's REGISTRAR_RECORD; empty when absent. */
    public byte[] record() {
        return Hello.copy(record);
    }

    public int recordLength() {
        return record.length;
    }

    int bodyLength() {
        return 4 + 1 + 1 + 2 + 1 + keyShare.length + 1 + record.length;
    }

    void writeBody(Writer w) {
        w.u32(callId);
        w.u8(codec);
        w.u8(ptimeMs);
        w.u16(channel);
        w.bytes(keyShare);
        w.bytes(record);
    }

    void describe(StringBuffer sb) {
        sb.append(" call=").append(Wire.callIdHex(callId)).append(" codec=").append(Wire.codecName(codec))
            .append(" ptime=").append(ptimeMs).append(" ch=").append(channel);
        if (keyShare.length > 0) {
            sb.append(" keyshare=").append(keyShare.length).append('B');
        }
        if (record.length > 0) {
            sb.append(" record=").append(record.length).append('B');
        }
    }
}
