package org.pippin.protocol;

/**
 * VM_DELETE (0x36, phone to relay, reliable): delete a message. Answered by RESULT(VM_DELETE, OK) (then a VM_WAITING
 * with the new counts) or RESULT(VM_DELETE, NO_SUCH_MESSAGE).
 *
 * <pre>
 * +--------+ ... +--------+
 * |  message id (8 bytes)  |
 * +--------+ ... +--------+
 * </pre>
 */
public final class VmDelete extends Frame {
    public final long id;

    public VmDelete(long id) {
        super(Wire.VM_DELETE);
        this.id = id;
    }

    static Frame read(Reader r) throws ProtocolException {
        return new VmDelete(r.u64("message id"));
    }

    int bodyLength() {
        return 8;
    }

    void writeBody(Writer w) {
        w.u64(id);
    }

    void describe(StringBuffer sb) {
        sb.append(" id=").append(Wire.messageIdHex(id));
    }
}
