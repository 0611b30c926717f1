package org.pippin.protocol;

/**
 * VM_FETCH (0x34, phone to relay, reliable): send chunks {@code first} .. {@code first + window - 1} of a message's
 * audio (window 1..{@link #MAX_WINDOW}); the relay answers each with a VM_AUDIO, fewer at the end of the message.
 * Fetching chunk 0 marks the message heard. A message the phone's numbers do not own, or that is gone, is answered
 * with RESULT(VM_FETCH, NO_SUCH_MESSAGE).
 *
 * <pre>
 * +--------+ ... +--------+--------+--------+--------+
 * |  message id (8 bytes)  |  first (u16)    | window |
 * +--------+ ... +--------+--------+--------+--------+
 * </pre>
 */
public final class VmFetch extends Frame {
    /** Most chunks asked for at once: within what a ReliableLink keeps unacknowledged. */
    public static final int MAX_WINDOW = 16;

    public final long id;
    public final int first;
    public final int window;

    public VmFetch(long id, int first, int window) {
        super(Wire.VM_FETCH);
        this.id = id;
        this.first = checkU16(first, "first");
        this.window = checkRange(window, 1, MAX_WINDOW, "window");
    }

    static Frame read(Reader r) throws ProtocolException {
        long id = r.u64("message id");
        int first = r.u16("first");
        int window = r.u8("window");
        if (window < 1 || window > MAX_WINDOW) {
            throw new ProtocolException(Wire.ERR_MALFORMED, "VM_FETCH window: " + window + ", expected 1 to "
                + MAX_WINDOW);
        }
        return new VmFetch(id, first, window);
    }

    int bodyLength() {
        return 8 + 2 + 1;
    }

    void writeBody(Writer w) {
        w.u64(id);
        w.u16(first);
        w.u8(window);
    }

    void describe(StringBuffer sb) {
        sb.append(" id=").append(Wire.messageIdHex(id)).append(" first=").append(first).append(" window=")
            .append(window);
    }
}
