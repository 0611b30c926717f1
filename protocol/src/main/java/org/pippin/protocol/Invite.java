package org.pippin.protocol;

/**
 * INVITE (0x03, both ways, reliable): starts a call. A phone sends channel 0; the relay fills in the callee leg's
 * channel, and the caller number for a phone that registered with a device secret ({@link #withRelayFields}).
 * A phone whose numbers are owned by keys names the number it calls from and proves it: {@code proof} is the
 * caller's CALLER_ID record and {@code keyShare} its KEY_SHARE record for the call's voice keys (both from the
 * identity module, opaque here; empty when absent). The relay passes both on unchanged. {@code record} is the caller
 * number's REGISTRAR_RECORD, which the caller's relay attaches ({@link #withRecord}) so the callee phone can check
 * the proof and key share itself against the owner key a registrar signed; phones send it empty.
 *
 * <pre>
 * +--------+--------+--------+--------+
 * |            call id (u32)          |
 * +--------+--------+--------+--------+--------+--------+
 * | digits | caller (BCD) ... | digits | callee (BCD) ... |
 * +--------+--------+--------+--------+--------+--------+
 * | codecs | ptime  |  channel (u16)  |
 * +--------+--------+--------+--------+--------+--------+--------+--------+
 *   u8 mask  u8 ms
 * | length | proof (0..255 bytes) ... | length | key share (0..255 bytes) ... |
 * +--------+--------+--------+--------+--------+--------+--------+--------+
 *   u8                                  u8
 * | length | caller's registrar record (0..255 bytes) ... |
 * +--------+--------+--------+--------+
 *   u8
 * </pre>
 */
public final class Invite extends Frame {
    public final int callId;
    public final String caller;
    public final String callee;
    public final int codecMask;
    public final int ptimeMs;
    public final int channel;
    private final byte[] proof;
    private final byte[] keyShare;
    private final byte[] record;

    /** An INVITE without caller proof or key share (a phone registered with a device secret). */
    public Invite(int callId, String caller, String callee, int codecMask, int ptimeMs, int channel) {
        this(callId, caller, callee, codecMask, ptimeMs, channel, Wire.EMPTY, Wire.EMPTY);
    }

    public Invite(int callId, String caller, String callee, int codecMask, int ptimeMs, int channel, byte[] proof,
            byte[] keyShare) {
        this(callId, caller, callee, codecMask, ptimeMs, channel, proof, keyShare, Wire.EMPTY);
    }

    public Invite(int callId, String caller, String callee, int codecMask, int ptimeMs, int channel, byte[] proof,
            byte[] keyShare, byte[] record) {
        super(Wire.INVITE);
        this.callId = callId;
        this.caller = checkNumber(caller);
        this.callee = checkNumber(callee);
        this.codecMask = checkU8(codecMask, "codec mask");
        this.ptimeMs = checkU8(ptimeMs, "ptime");
        this.channel = checkChannel(channel);
        this.proof = checkBlob(proof, "proof");
        this.keyShare = checkBlob(keyShare, "key share");
        this.record = checkBlob(record, "record");
    }

    /** A copy carrying the caller's registered number and the receiving leg's channel, as the relay forwards it. */
    public Invite withRelayFields(String caller, int channel) {
        Invite copy = new Invite(callId, caller, callee, codecMask, ptimeMs, channel, proof, keyShare, record);
        copy.messageId = messageId;
        return copy;
    }

    /** A copy carrying the caller number's registrar record, as the caller's relay attaches it. */
    public Invite withRecord(byte[] record) {
        Invite copy = new Invite(callId, caller, callee, codecMask, ptimeMs, channel, proof, keyShare, record);
        copy.messageId = messageId;
        return copy;
    }

    static Frame read(Reader r) throws ProtocolException {
        return new Invite(r.u32("call id"), r.number("caller"), r.number("callee"), r.u8("codec mask"),
            r.u8("ptime"), r.channel("channel"), r.bytes("proof", 0, Wire.MAX_TEXT),
            r.bytes("key share", 0, Wire.MAX_TEXT), r.bytes("record", 0, Wire.MAX_TEXT));
    }

    /** The caller's CALLER_ID record; empty when absent. */
    public byte[] proof() {
        return Hello.copy(proof);
    }

    /** The caller's KEY_SHARE record; empty when absent. */
    public byte[] keyShare() {
        return Hello.copy(keyShare);
    }

    public int keyShareLength() {
        return keyShare.length;
    }

    /** The caller number's REGISTRAR_RECORD; empty when absent. */
    public byte[] record() {
        return Hello.copy(record);
    }

    public int recordLength() {
        return record.length;
    }

    int bodyLength() {
        return 4 + Numbers.encodedLength(caller) + Numbers.encodedLength(callee) + 1 + 1 + 2 + 1 + proof.length + 1
            + keyShare.length + 1 + record.length;
    }

    void writeBody(Writer w) {
        w.u32(callId);
        w.number(caller);
        w.number(callee);
        w.u8(codecMask);
        w.u8(ptimeMs);
        w.u16(channel);
        w.bytes(proof);
        w.bytes(keyShare);
        w.bytes(record);
    }

    void describe(StringBuffer sb) {
        sb.append(" call=").append(Wire.callIdHex(callId)).append(" caller=").append(caller).append(" callee=")
            .append(callee).append(" codecs=").append(Wire.codecMaskName(codecMask)).append(" ptime=")
            .append(ptimeMs).append(" ch=").append(channel);
        if (proof.length > 0) {
            sb.append(" proof=").append(proof.length).append('B');
        }
        if (keyShare.length > 0) {
            sb.append(" keyshare=").append(keyShare.length).append('B');
        }
        if (record.length > 0) {
            sb.append(" record=").append(record.length).append('B');
        }
    }
}
