package org.pippin.protocol;

/**
 * RESULT (0x11, relay to phone, reliable): what became of a CLAIM, RELEASE or BLOCKLIST. {@code outcome} is a
 * {@code Wire.RESULT_*}; the record is the registrar-signed RegistrarRecord when there is one (GRANTED: the number
 * is now the phone's; QUARANTINED; OK for a release: the quarantine record), else empty; the detail says why a
 * request was refused (for people and logs, never parsed).
 *
 * <pre>
 * +---------+---------+--------+------------------------+--------+------------------------+
 * | request | outcome | length | record (0..255 bytes)  | length | detail (ASCII, 0..255) |
 * +---------+---------+--------+------------------------+--------+------------------------+
 *   u8 type   u8        u8                                u8
 * </pre>
 */
public final class Result extends Frame {
    public final int request;
    public final int outcome;
    private final byte[] record;
    public final String detail;

    public Result(int request, int outcome, byte[] record, String detail) {
        super(Wire.RESULT);
        this.request = checkU8(request, "request type");
        this.outcome = checkU8(outcome, "outcome");
        if (record == null) {
            throw new IllegalArgumentException("record is null");
        }
        checkRange(record.length, 0, Wire.MAX_TEXT, "record length");
        this.record = Hello.copy(record);
        this.detail = ErrorFrame.printable(detail);
    }

    static Frame read(Reader r) throws ProtocolException {
        return new Result(r.u8("request type"), r.u8("outcome"), r.bytes("record", 0, Wire.MAX_TEXT),
            r.text("detail"));
    }

    public byte[] record() {
        return Hello.copy(record);
    }

    int bodyLength() {
        return 3 + record.length + 1 + detail.length();
    }

    void writeBody(Writer w) {
        w.u8(request);
        w.u8(outcome);
        w.bytes(record);
        w.text(detail);
    }

    void describe(StringBuffer sb) {
        sb.append(" request=").append(Wire.typeName(request)).append(' ').append(Wire.resultName(outcome));
        if (record.length > 0) {
            sb.append(" record=").append(record.length).append('B');
        }
        if (detail.length() > 0) {
            sb.append(" \"").append(detail).append('"');
        }
    }
}
