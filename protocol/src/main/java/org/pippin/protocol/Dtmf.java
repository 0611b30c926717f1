package org.pippin.protocol;

/**
 * DTMF (0x50, both ways, reliable, in a call): a key pressed on one leg of the call, for the other leg. {@code event}
 * is the RFC 4733 event code (0-9, 10 for *, 11 for #, 12-15 for A-D); {@code duration} is how long the key was held,
 * in ms. A relay forwards it like the other call frames, only from a party of the call.
 *
 * <pre>
 * +--------+--------+--------+--------+--------+--------+--------+
 * |            call id (u32)          | event  | duration ms (u16)|
 * +--------+--------+--------+--------+--------+--------+--------+
 * </pre>
 */
public final class Dtmf extends Frame {
    /** Highest event code: D. */
    public static final int MAX_EVENT = 15;
    private static final String KEYS = "0123456789*#ABCD";

    public final int callId;
    public final int event;
    public final int duration;

    public Dtmf(int callId, int event, int duration) {
        super(Wire.DTMF);
        this.callId = callId;
        this.event = checkRange(event, 0, MAX_EVENT, "event");
        this.duration = checkU16(duration, "duration");
    }

    static Frame read(Reader r) throws ProtocolException {
        int callId = r.u32("call id");
        int event = r.u8("event");
        if (event > MAX_EVENT) {
            throw r.malformed("event: " + event + " exceeds " + MAX_EVENT);
        }
        return new Dtmf(callId, event, r.u16("duration"));
    }

    /** The key of an event code, e.g. {@code '#'} for 11. */
    public static char key(int event) {
        return KEYS.charAt(checkRange(event, 0, MAX_EVENT, "event"));
    }

    /** The event code of a key (0-9, *, #, A-D, a-d), or -1 if the key has none. */
    public static int event(char key) {
        char k = key >= 'a' && key <= 'd' ? (char) (key - 'a' + 'A') : key;
        return KEYS.indexOf(k);
    }

    int bodyLength() {
        return 7;
    }

    void writeBody(Writer w) {
        w.u32(callId);
        w.u8(event);
        w.u16(duration);
    }

    void describe(StringBuffer sb) {
        sb.append(" call=").append(Wire.callIdHex(callId)).append(" key=").append(key(event)).append(" duration=")
            .append(duration).append("ms");
    }
}
