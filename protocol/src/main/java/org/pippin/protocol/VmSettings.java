package org.pippin.protocol;

/**
 * VM_SETTINGS (0x37, phone to relay, reliable): the owner's voicemail settings, a VoicemailSettings record signed by
 * the number's owner key (identity/), carried as opaque bytes. Answered by one RESULT(VM_SETTINGS, ...). The record
 * holds the owner's email address: the relay keeps it to itself and never forwards it to other phones.
 *
 * <pre>
 * +--------+--------+-------------------------+
 * | length (u16)    | record (1..300 bytes)   |
 * +--------+--------+-------------------------+
 * </pre>
 */
public final class VmSettings extends Frame {
    public static final int MAX_RECORD = 300;

    private final byte[] record;

    public VmSettings(byte[] record) {
        super(Wire.VM_SETTINGS);
        checkRange(record.length, 1, MAX_RECORD, "record length");
        this.record = Hello.copy(record);
    }

    static Frame read(Reader r) throws ProtocolException {
        return new VmSettings(r.bytes16("record", 1, MAX_RECORD));
    }

    public byte[] record() {
        return Hello.copy(record);
    }

    int bodyLength() {
        return 2 + record.length;
    }

    void writeBody(Writer w) {
        w.bytes16(record);
    }

    void describe(StringBuffer sb) {
        sb.append(" record=").append(record.length).append('B');
    }
}
