package org.pippin.identity;

import org.pippin.protocol.Numbers;

/** Writes record fields big-endian into a buffer sized for the record's largest form. */
final class RecordWriter {
    private final byte[] buf;
    private int pos;

    RecordWriter(int capacity) {
        buf = new byte[capacity];
    }

    RecordWriter u8(int v) {
        buf[pos++] = (byte) v;
        return this;
    }

    RecordWriter u32(long v) {
        buf[pos++] = (byte) (v >>> 24);
        buf[pos++] = (byte) (v >>> 16);
        buf[pos++] = (byte) (v >>> 8);
        buf[pos++] = (byte) v;
        return this;
    }

    RecordWriter u64(long v) {
        u32(v >>> 32);
        return u32(v & 0xFFFFFFFFL);
    }

    RecordWriter number(String number) {
        pos += Numbers.encode(number, buf, pos);
        return this;
    }

    RecordWriter raw(byte[] b) {
        System.arraycopy(b, 0, buf, pos, b.length);
        pos += b.length;
        return this;
    }

    int position() {
        return pos;
    }

    /** The bytes written so far, with {@code extra} more bytes of room at the end (for a signature). */
    byte[] toBytes(int extra) {
        byte[] out = new byte[pos + extra];
        System.arraycopy(buf, 0, out, 0, pos);
        return out;
    }
}
