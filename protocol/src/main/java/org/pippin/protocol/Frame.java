package org.pippin.protocol;

/**
 * A signalling frame. Subclasses check their fields when constructed (IllegalArgumentException), so every frame
 * object can be encoded.
 *
 * <pre>
 *  0                   1                   2                   3
 *  0 1 2 3 4 5 6 7 8 9 0 1 2 3 4 5 6 7 8 9 0 1 2 3 4 5 6 7 8 9 0 1
 * +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
 * |0| ver |reservd|     type      |          message id           |
 * +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
 * |                         body ...
 * </pre>
 */
public abstract class Frame {
    public final int type;
    /** 0 = unreliable, not acknowledged; otherwise 1 to 65535. {@link ReliableLink#send} assigns it. */
    public int messageId;

    Frame(int type) {
        this.type = type;
    }

    /**
     * Whether the frame is retransmitted until acknowledged: every type except KEEPALIVE, ACK, ERROR, HELLO and
     * CHALLENGE (a phone without a CHALLENGE sends a new HELLO; the relay keeps no state to retransmit from).
     */
    public boolean isReliable() {
        return type != Wire.KEEPALIVE && type != Wire.ACK && type != Wire.ERROR && type != Wire.HELLO
            && type != Wire.CHALLENGE && type != Wire.PROBE && type != Wire.PROBE_REPLY;
    }

    /** One line for logs, e.g. {@code INVITE #7 call=0000002a caller= callee=96512345 codecs=GSM ptime=100 ch=0}. */
    public String toString() {
        StringBuffer sb = new StringBuffer(64);
        sb.append(Wire.typeName(type));
        if (messageId != 0) {
            sb.append(" #").append(messageId);
        }
        describe(sb);
        return sb.toString();
    }

    /** Body length in bytes. */
    abstract int bodyLength();

    abstract void writeBody(Writer w);

    /** Appends " name=value" for each body field. */
    abstract void describe(StringBuffer sb);

    static int checkU8(int value, String field) {
        return checkRange(value, 0, 0xFF, field);
    }

    static int checkU16(int value, String field) {
        return checkRange(value, 0, 0xFFFF, field);
    }

    static int checkChannel(int channel) {
        return checkRange(channel, 0, VoicePacket.MAX_CHANNEL, "channel");
    }

    static String checkNumber(String number) {
        Numbers.check(number);
        return number;
    }

    /** A copy of an optional {@code bytes} field (0..255 bytes). */
    static byte[] checkBlob(byte[] blob, String field) {
        if (blob == null) {
            throw new IllegalArgumentException(field + " is null");
        }
        checkRange(blob.length, 0, Wire.MAX_TEXT, field + " length");
        return Hello.copy(blob);
    }

    static int checkRange(int value, int min, int max, String field) {
        if (value < min || value > max) {
            throw new IllegalArgumentException(field + " " + value + " not in " + min + ".." + max);
        }
        return value;
    }
}
