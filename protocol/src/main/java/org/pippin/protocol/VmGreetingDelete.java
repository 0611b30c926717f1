package org.pippin.protocol;

/**
 * VM_GREETING_DELETE (0x3B, phone to relay, reliable): delete the owner's own greeting of {@code kind}, so the
 * default one plays again. Answered RESULT(VM_GREETING_DELETE, OK), also when there was none.
 *
 * <pre>
 * +--------+--------------+--------+
 * | digits | owner (BCD)  |  kind  |
 * +--------+--------------+--------+
 * </pre>
 */
public final class VmGreetingDelete extends Frame {
    public final String owner;
    public final int kind;

    public VmGreetingDelete(String owner, int kind) {
        super(Wire.VM_GREETING_DELETE);
        this.owner = checkNumber(owner);
        this.kind = checkRange(kind, Wire.GREETING_UNAVAILABLE, Wire.GREETING_BUSY, "kind");
    }

    static Frame read(Reader r) throws ProtocolException {
        String owner = r.number("owner");
        int kind = r.u8("kind");
        if (kind > Wire.GREETING_BUSY) {
            throw r.malformed("kind " + kind);
        }
        return new VmGreetingDelete(owner, kind);
    }

    int bodyLength() {
        return Numbers.encodedLength(owner) + 1;
    }

    void writeBody(Writer w) {
        w.number(owner);
        w.u8(kind);
    }

    void describe(StringBuffer sb) {
        sb.append(" owner=").append(owner).append(" kind=").append(Wire.greetingName(kind));
    }
}
