package org.pippin.protocol;

/**
 * CLAIM (0x0E), RELEASE (0x0F), BLOCKLIST (0x10), LINKS (0x40) and LINK_CHECK (0x41), phone to relay, reliable: a
 * phone-signed identity record (Claim, Release, BlockList, LinkedNumbers, LinkCheck) for the registrar, carried as
 * opaque bytes. The relay checks or forwards it and answers with one RESULT. Block lists can exceed 255 bytes, so
 * BLOCKLIST has a u16 length; the others a u8.
 *
 * <pre>
 * CLAIM, RELEASE,  +--------+-------------------------+
 * LINKS,           | length | record (1..255 bytes)   |
 * LINK_CHECK:      +--------+-------------------------+
 *                    u8
 * BLOCKLIST:       +--------+--------+-------------------------+
 *                  | length (u16)    | record (1..1018 bytes)  |
 *                  +--------+--------+-------------------------+
 * </pre>
 */
public final class RecordRequest extends Frame {
    /** Longest BLOCKLIST record: what fits in one frame. */
    public static final int MAX_BLOCKLIST = Wire.MAX_FRAME - Wire.HEADER - 2;

    private final byte[] record;

    public RecordRequest(int type, byte[] record) {
        super(checkType(type));
        if (record == null) {
            throw new IllegalArgumentException("record is null");
        }
        checkRange(record.length, 1, maxLength(type), "record length");
        this.record = Hello.copy(record);
    }

    static Frame read(int type, Reader r) throws ProtocolException {
        byte[] record = type == Wire.BLOCKLIST ? r.bytes16("record", 1, MAX_BLOCKLIST)
            : r.bytes("record", 1, Wire.MAX_TEXT);
        return new RecordRequest(type, record);
    }

    public byte[] record() {
        return Hello.copy(record);
    }

    public int recordLength() {
        return record.length;
    }

    int bodyLength() {
        return (type == Wire.BLOCKLIST ? 2 : 1) + record.length;
    }

    void writeBody(Writer w) {
        if (type == Wire.BLOCKLIST) {
            w.bytes16(record);
        } else {
            w.bytes(record);
        }
    }

    void describe(StringBuffer sb) {
        sb.append(" record=").append(record.length).append('B');
    }

    private static int maxLength(int type) {
        return type == Wire.BLOCKLIST ? MAX_BLOCKLIST : Wire.MAX_TEXT;
    }

    private static int checkType(int type) {
        if (type != Wire.CLAIM && type != Wire.RELEASE && type != Wire.BLOCKLIST && type != Wire.LINKS
            && type != Wire.LINK_CHECK) {
            throw new IllegalArgumentException("type " + type + " is not CLAIM, RELEASE, BLOCKLIST, LINKS or LINK_CHECK");
        }
        return type;
    }
}
