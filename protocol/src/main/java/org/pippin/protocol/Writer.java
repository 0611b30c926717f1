package org.pippin.protocol;

/** Writes the fields of one frame; frames validate their fields when constructed, so writing cannot fail. */
final class Writer {
    private final byte[] buf;
    private int pos;

    Writer(byte[] buf, int off) {
        this.buf = buf;
        this.pos = off;
    }

    void u8(int v) {
        buf[pos++] = (byte) v;
    }

    void u16(int v) {
        buf[pos++] = (byte) (v >> 8);
        buf[pos++] = (byte) v;
    }

    void u32(int v) {
        u16(v >>> 16);
        u16(v);
    }

    void u64(long v) {
        u32((int) (v >>> 32));
        u32((int) v);
    }

    void number(String number) {
        pos += Numbers.encode(number, buf, pos);
    }

    void bytes(byte[] b) {
        u8(b.length);
        System.arraycopy(b, 0, buf, pos, b.length);
        pos += b.length;
    }

    void raw(byte[] b) {
        System.arraycopy(b, 0, buf, pos, b.length);
        pos += b.length;
    }

    void bytes16(byte[] b) {
        u16(b.length);
        raw(b);
    }

    /** ASCII text; {@link ErrorFrame} keeps only printable ASCII, so each char is one byte. */
    void text(String s) {
        u8(s.length());
        for (int i = 0; i < s.length(); i++) {
            buf[pos++] = (byte) s.charAt(i);
        }
    }
}
