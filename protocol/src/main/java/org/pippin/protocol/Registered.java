package org.pippin.protocol;

/**
 * REGISTERED (0x02, relay to phone, reliable): the number is attached; send KEEPALIVE at this interval.
 *
 * <pre>
 * +--------+--------------------+--------+--------+
 * | digits | number (BCD) ...   | keepalive (s)   |
 * +--------+--------------------+--------+--------+
 *   u8                            u16
 * </pre>
 */
public final class Registered extends Frame {
    public final String number;
    public final int keepaliveSeconds;

    public Registered(String number, int keepaliveSeconds) {
        super(Wire.REGISTERED);
        this.number = checkNumber(number);
        this.keepaliveSeconds = checkU16(keepaliveSeconds, "keepalive seconds");
    }

    static Frame read(Reader r) throws ProtocolException {
        return new Registered(r.number("number"), r.u16("keepalive interval"));
    }

    int bodyLength() {
        return Numbers.encodedLength(number) + 2;
    }

    void writeBody(Writer w) {
        w.number(number);
        w.u16(keepaliveSeconds);
    }

    void describe(StringBuffer sb) {
        sb.append(" number=").append(number).append(" keepalive=").append(keepaliveSeconds).append('s');
    }
}
