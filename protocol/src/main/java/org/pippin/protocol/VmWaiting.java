package org.pippin.protocol;

/**
 * VM_WAITING (0x31, relay to phone, reliable): message waiting. Sent when a number logs in and whenever its voicemail
 * changes while it is attached (a message stored, one deleted, one heard).
 *
 * <pre>
 * +--------+--------------------+--------+--------+--------+--------+
 * | digits | owner (BCD) ...    |   new (u16)     |  total (u16)    |
 * +--------+--------------------+--------+--------+--------+--------+
 * </pre>
 */
public final class VmWaiting extends Frame {
    public final String owner;
    public final int newCount;
    public final int total;

    public VmWaiting(String owner, int newCount, int total) {
        super(Wire.VM_WAITING);
        this.owner = checkNumber(owner);
        this.total = checkU16(total, "total");
        this.newCount = checkRange(newCount, 0, total, "new");
    }

    static Frame read(Reader r) throws ProtocolException {
        String owner = r.number("owner");
        int fresh = r.u16("new");
        int total = r.u16("total");
        if (fresh > total) {
            throw new ProtocolException(Wire.ERR_MALFORMED, "VM_WAITING new " + fresh + " exceeds total " + total);
        }
        return new VmWaiting(owner, fresh, total);
    }

    int bodyLength() {
        return Numbers.encodedLength(owner) + 4;
    }

    void writeBody(Writer w) {
        w.number(owner);
        w.u16(newCount);
        w.u16(total);
    }

    void describe(StringBuffer sb) {
        sb.append(" owner=").append(owner).append(" new=").append(newCount).append(" total=").append(total);
    }
}
