package org.pippin.identity;

/**
 * Reads the fields of one record, checking every length. Errors name the record and the field, e.g.
 * {@code "CLAIM truncated at public key"}.
 */
final class RecordReader {
    private static final String SYMBOLS = "0123456789+*#";
    /** Longest number in digits, as in the wire protocol. */
    static final int MAX_DIGITS = 20;

    private final byte[] buf;
    private final int end;
    private final String record;
    private int pos;

    /**
     * Starts after the type and version bytes, which it checks.
     *
     * @throws IdentityException if the buffer is not a record of {@code type} and the current version
     */
    RecordReader(byte[] buf, int off, int len, int type) throws IdentityException {
        if (buf == null) {
            throw new IllegalArgumentException("buffer is null");
        }
        if (off < 0 || len < 0 || off > buf.length - len) {
            throw new IllegalArgumentException("range " + off + "+" + len + " outside buffer of " + buf.length);
        }
        this.buf = buf;
        this.pos = off;
        this.end = off + len;
        this.record = Records.name(type);
        int actual = u8("type");
        if (actual != type) {
            throw new IdentityException("expected " + record + ", got " + Records.name(actual));
        }
        int version = u8("version");
        if (version != Records.VERSION) {
            throw new IdentityException(record + " version " + version + " unsupported, expected " + Records.VERSION);
        }
    }

    int u8(String field) throws IdentityException {
        need(1, field);
        return buf[pos++] & 0xFF;
    }

    long u32(String field) throws IdentityException {
        need(4, field);
        long v = (long) (buf[pos] & 0xFF) << 24 | (buf[pos + 1] & 0xFF) << 16 | (buf[pos + 2] & 0xFF) << 8
            | buf[pos + 3] & 0xFF;
        pos += 4;
        return v;
    }

    long u64(String field) throws IdentityException {
        long high = u32(field);
        return high << 32 | u32(field);
    }

    byte[] raw(int len, String field) throws IdentityException {
        need(len, field);
        byte[] b = new byte[len];
        System.arraycopy(buf, pos, b, 0, len);
        pos += len;
        return b;
    }

    /** A BCD number as in the wire protocol: digit count, digits two per byte, odd count padded with 0xF. */
    String number(String field) throws IdentityException {
        int digits = u8(field);
        if (digits > MAX_DIGITS) {
            throw error(field + ": " + digits + " digits, at most " + MAX_DIGITS);
        }
        need((digits + 1) / 2, field);
        char[] chars = new char[digits];
        for (int i = 0; i < digits; i++) {
            int b = buf[pos + i / 2];
            int nibble = (i & 1) == 0 ? b >> 4 & 0xF : b & 0xF;
            if (nibble >= SYMBOLS.length()) {
                throw error(field + ": bad digit nibble 0x" + Integer.toHexString(nibble));
            }
            chars[i] = SYMBOLS.charAt(nibble);
        }
        if ((digits & 1) != 0 && (buf[pos + digits / 2] & 0xF) != 0xF) {
            throw error(field + ": padding nibble 0x" + Integer.toHexString(buf[pos + digits / 2] & 0xF)
                + ", expected 0xf");
        }
        pos += (digits + 1) / 2;
        return new String(chars);
    }

    /** Checks that exactly {@code len} bytes remain (the signature, or 0). */
    void expectRemaining(int len, String field) throws IdentityException {
        need(len, field);
        if (end - pos > len) {
            int extra = end - pos - len;
            throw error(extra + (extra == 1 ? " trailing byte" : " trailing bytes"));
        }
    }

    int position() {
        return pos;
    }

    IdentityException error(String what) {
        return new IdentityException(record + " " + what);
    }

    private void need(int n, String field) throws IdentityException {
        if (end - pos < n) {
            throw error("truncated at " + field);
        }
    }
}
