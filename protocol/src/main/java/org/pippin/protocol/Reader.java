package org.pippin.protocol;

/**
 * Reads the fields of one signalling frame body, checking every length; errors name the frame type and the field in
 * the words of PROTOCOL.md, e.g. {@code "INVITE truncated at callee"}.
 */
final class Reader {
    private final byte[] buf;
    private final int end;
    private final String frame;
    private int pos;

    Reader(byte[] buf, int off, int end, String frame) {
        this.buf = buf;
        this.pos = off;
        this.end = end;
        this.frame = frame;
    }

    int u8(String field) throws ProtocolException {
        need(1, field);
        return buf[pos++] & 0xFF;
    }

    int u16(String field) throws ProtocolException {
        need(2, field);
        int v = (buf[pos] & 0xFF) << 8 | buf[pos + 1] & 0xFF;
        pos += 2;
        return v;
    }

    int u32(String field) throws ProtocolException {
        need(4, field);
        int v = (buf[pos] & 0xFF) << 24 | (buf[pos + 1] & 0xFF) << 16 | (buf[pos + 2] & 0xFF) << 8
            | buf[pos + 3] & 0xFF;
        pos += 4;
        return v;
    }

    long u64(String field) throws ProtocolException {
        long hi = u32(field) & 0xFFFFFFFFL;
        return hi << 32 | u32(field) & 0xFFFFFFFFL;
    }

    /** A u16 channel; 0 is allowed here (phones send 0 in INVITE and ANSWER). */
    int channel(String field) throws ProtocolException {
        int channel = u16(field);
        if (channel > VoicePacket.MAX_CHANNEL) {
            throw malformed(field + ": " + channel + " exceeds " + VoicePacket.MAX_CHANNEL);
        }
        return channel;
    }

    /** A BCD number; see {@link Numbers}. Bad digits and padding are MALFORMED: no encoder makes them. */
    String number(String field) throws ProtocolException {
        int digits = u8(field);
        if (digits > Wire.MAX_NUMBER_DIGITS) {
            throw malformed(field + ": " + digits + " digits, at most " + Wire.MAX_NUMBER_DIGITS);
        }
        need((digits + 1) / 2, field);
        char[] chars = new char[digits];
        for (int i = 0; i < digits; i++) {
            int b = buf[pos + i / 2];
            int nibble = (i & 1) == 0 ? b >> 4 & 0xF : b & 0xF;
            chars[i] = Numbers.symbol(nibble);
            if (chars[i] == 0) {
                throw malformed(field + ": bad digit nibble 0x" + Integer.toHexString(nibble));
            }
        }
        if ((digits & 1) != 0 && (buf[pos + digits / 2] & 0xF) != 0xF) {
            throw malformed(field + ": padding nibble 0x" + Integer.toHexString(buf[pos + digits / 2] & 0xF)
                + ", expected 0xf");
        }
        pos += (digits + 1) / 2;
        return new String(chars);
    }

    /** A {@code bytes} field whose length must lie in {@code min..max}. */
    byte[] bytes(String field, int min, int max) throws ProtocolException {
        int len = u8(field);
        if (len < min || len > max) {
            throw malformed(field + ": length " + len + ", expected " + min + " to " + max);
        }
        need(len, field);
        byte[] b = new byte[len];
        System.arraycopy(buf, pos, b, 0, len);
        pos += len;
        return b;
    }

    /** Exactly {@code n} bytes, no length prefix. */
    byte[] raw(String field, int n) throws ProtocolException {
        need(n, field);
        byte[] b = new byte[n];
        System.arraycopy(buf, pos, b, 0, n);
        pos += n;
        return b;
    }

    /** A u16-length byte string whose length must lie in {@code min..max}. */
    byte[] bytes16(String field, int min, int max) throws ProtocolException {
        int len = u16(field);
        if (len < min || len > max) {
            throw malformed(field + ": length " + len + ", expected " + min + " to " + max);
        }
        return raw(field, len);
    }

    /** Bytes left in the body. */
    int remaining() {
        return end - pos;
    }

    String text(String field) throws ProtocolException {
        int len = u8(field);
        need(len, field);
        char[] chars = new char[len];
        for (int i = 0; i < len; i++) {
            chars[i] = (char) (buf[pos + i] & 0xFF);
        }
        pos += len;
        return new String(chars);
    }

    private void need(int n, String field) throws ProtocolException {
        if (end - pos < n) {
            throw malformed("truncated at " + field);
        }
    }

    ProtocolException malformed(String detail) {
        return new ProtocolException(Wire.ERR_MALFORMED, frame + " " + detail);
    }
}
