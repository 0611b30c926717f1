package org.pippin.protocol;

/**
 * VM_LIST (0x32, phone to relay, reliable): list the voicemail of {@code owner} (a number this phone is attached
 * with), newest first, from index {@code first}. Answered by one VM_LISTING, or ERROR NOT_REGISTERED for a number the
 * phone does not hold.
 *
 * <pre>
 * +--------+--------------------+--------+--------+
 * | digits | owner (BCD) ...    |  first (u16)    |
 * +--------+--------------------+--------+--------+
 * </pre>
 */
public final class VmList extends Frame {
    public final String owner;
    public final int first;

    public VmList(String owner, int first) {
        super(Wire.VM_LIST);
        this.owner = checkNumber(owner);
        this.first = checkU16(first, "first");
    }

    static Frame read(Reader r) throws ProtocolException {
        return new VmList(r.number("owner"), r.u16("first"));
    }

    int bodyLength() {
        return Numbers.encodedLength(owner) + 2;
    }

    void writeBody(Writer w) {
        w.number(owner);
        w.u16(first);
    }

    void describe(StringBuffer sb) {
        sb.append(" owner=").append(owner).append(" first=").append(first);
    }
}
