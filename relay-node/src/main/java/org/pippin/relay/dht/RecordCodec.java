package org.pippin.relay.dht;

import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import org.pippin.identity.IdentityKey;

/**
 * Writing and bounds-checked reading of the signed DHT records: big-endian fields, u8-length ASCII texts, and a
 * 64-byte Ed25519 signature at the end over everything before it (with the record's domain).
 */
final class RecordCodec {

    static final int SIGNATURE = IdentityKey.SIGNATURE_SIZE;

    /** Appends fields; {@link #sign} finishes the record. */
    static final class Out {
        private final ByteArrayOutputStream out = new ByteArrayOutputStream(256);

        Out u8(int v) {
            out.write(v);
            return this;
        }

        Out u16(int v) {
            return u8(v >>> 8).u8(v);
        }

        Out u32(long v) {
            return u16((int) (v >>> 16) & 0xFFFF).u16((int) v & 0xFFFF);
        }

        Out u64(long v) {
            return u32(v >>> 32).u32(v & 0xFFFF_FFFFL);
        }

        Out raw(byte[] b) {
            out.write(b, 0, b.length);
            return this;
        }

        /** Refuses what {@link In#text} refuses: a record its readers drop would be signed and published for nothing. */
        Out text(String s) {
            if (s.length() > 255) {
                throw new IllegalArgumentException("text of " + s.length() + " characters: at most 255");
            }
            for (int i = 0; i < s.length(); i++) {
                if (!printable(s.charAt(i))) {
                    throw new IllegalArgumentException("text '" + s + "' is not printable ASCII");
                }
            }
            return u8(s.length()).raw(s.getBytes(StandardCharsets.US_ASCII));
        }

        byte[] sign(IdentityKey key, String domain) {
            byte[] body = out.toByteArray();
            byte[] all = new byte[body.length + SIGNATURE];
            System.arraycopy(body, 0, all, 0, body.length);
            key.sign(domain, body, 0, body.length, all, body.length);
            return all;
        }
    }

    /** Reads fields, each checked against the bytes left; errors name the record and the field. */
    static final class In {
        private final byte[] buf;
        private final String what;
        private final int end;
        private int pos;

        In(byte[] buf, String what) throws RecordException {
            this.buf = buf;
            this.what = what;
            if (buf.length < SIGNATURE + 1) {
                throw new RecordException(what + " of " + buf.length + " bytes is too short");
            }
            this.end = buf.length - SIGNATURE;
        }

        int u8(String field) throws RecordException {
            need(1, field);
            return buf[pos++] & 0xFF;
        }

        int u16(String field) throws RecordException {
            return u8(field) << 8 | u8(field);
        }

        long u32(String field) throws RecordException {
            return (long) u16(field) << 16 | u16(field);
        }

        long u64(String field) throws RecordException {
            return u32(field) << 32 | u32(field);
        }

        byte[] raw(int n, String field) throws RecordException {
            need(n, field);
            byte[] b = new byte[n];
            System.arraycopy(buf, pos, b, 0, n);
            pos += n;
            return b;
        }

        String text(String field) throws RecordException {
            int n = u8(field);
            byte[] b = raw(n, field);
            for (byte c : b) {
                if (!printable(c)) {
                    throw new RecordException(what + " " + field + " is not printable ASCII");
                }
            }
            return new String(b, StandardCharsets.US_ASCII);
        }

        /** Checks that every body byte was read and the signature is {@code key}'s over them. */
        void verify(byte[] key, String domain) throws RecordException {
            if (pos != end) {
                throw new RecordException(what + " has " + (end - pos) + " bytes after its last field");
            }
            if (!IdentityKey.verify(key, domain, buf, 0, end, buf, end)) {
                throw new RecordException(what + " signature does not verify");
            }
        }

        private void need(int n, String field) throws RecordException {
            if (end - pos < n) {
                throw new RecordException(what + " truncated at " + field);
            }
        }
    }

    /** Texts are printable ASCII without spaces: numbers and host:port addresses. */
    static boolean printable(int c) {
        return c > 0x20 && c <= 0x7E;
    }

    private RecordCodec() {
    }
}
