package org.pippin.protocol;

/**
 * VM_PULL (0x39, relay to relay over an authenticated link): send me your copy of message {@code id} of
 * {@code owner}. Answered by the VM_COPY chunks of the whole message file, or by RESULT(VM_PULL, NO_SUCH_MESSAGE)
 * with the message id as its record when the relay keeps no such message of that owner.
 *
 * <pre>
 * +--------+ ... +--------+--------+--------------------+
 * |  message id (8 bytes)  | digits | owner (BCD) ...    |
 * +--------+ ... +--------+--------+--------------------+
 * </pre>
 */
public final class VmPull extends Frame {
    public final long id;
    public final String owner;

    public VmPull(long id, String owner) {
        super(Wire.VM_PULL);
        this.id = id;
        this.owner = checkNumber(owner);
    }

    static Frame read(Reader r) throws ProtocolException {
        return new VmPull(r.u64("message id"), r.number("owner"));
    }

    int bodyLength() {
        return 8 + Numbers.encodedLength(owner);
    }

    void writeBody(Writer w) {
        w.u64(id);
        w.number(owner);
    }

    void describe(StringBuffer sb) {
        sb.append(" id=").append(Wire.messageIdHex(id)).append(" owner=").append(owner);
    }
}
