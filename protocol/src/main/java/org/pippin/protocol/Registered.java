package org.pippin.protocol;

/**
 * REGISTERED (0x02, relay to phone, reliable): the number is attached; send KEEPALIVE at this interval. The relay
 * appends its wall-clock time, so a phone whose own clock is wrong can still stamp CALLER_ID and KEY_SHARE records
 * with a time the relay accepts: it keeps {@code relayTime - its own time} and adds it to every stamp.
 *
 * <pre>
 * +--------+--------------------+--------+--------+--------+--------+--------+--------+
 * | digits | number (BCD) ...   | keepalive (s)   | relay time (u32, s since 1970)    |
 * +--------+--------------------+--------+--------+--------+--------+--------+--------+
 *   u8                            u16               absent from older relays (then 0)
 * </pre>
 */
public final class Registered extends Frame {
    public final String number;
    public final int keepaliveSeconds;
    /** The relay's clock in seconds since 1970 when it sent this frame; 0 when the relay did not say. */
    public final long relayTime;

    public Registered(String number, int keepaliveSeconds) {
        this(number, keepaliveSeconds, 0);
    }

    public Registered(String number, int keepaliveSeconds, long relayTime) {
        super(Wire.REGISTERED);
        this.number = checkNumber(number);
        this.keepaliveSeconds = checkU16(keepaliveSeconds, "keepalive seconds");
        if (relayTime < 0 || relayTime > 0xFFFFFFFFL) {
            throw new IllegalArgumentException("relay time " + relayTime + " not in 0..2^32-1 seconds");
        }
        this.relayTime = relayTime;
    }

    static Frame read(Reader r) throws ProtocolException {
        String number = r.number("number");
        int keepalive = r.u16("keepalive interval");
        long time = r.remaining() == 0 ? 0 : r.u32("relay time") & 0xFFFFFFFFL;
        return new Registered(number, keepalive, time);
    }

    int bodyLength() {
        return Numbers.encodedLength(number) + 2 + (relayTime != 0 ? 4 : 0);
    }

    void writeBody(Writer w) {
        w.number(number);
        w.u16(keepaliveSeconds);
        if (relayTime != 0) {
            w.u32((int) relayTime);
        }
    }

    void describe(StringBuffer sb) {
        sb.append(" number=").append(number).append(" keepalive=").append(keepaliveSeconds).append('s');
        if (relayTime != 0) {
            sb.append(" time=").append(relayTime);
        }
    }
}
