package org.pippin.registrar;

import java.io.ByteArrayOutputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;

/**
 * Requests to the registrar and the log entries the leader makes of them.
 *
 * <pre>
 *  request:   type:u8 body                          (body: a phone-signed record, or a number for queries)
 *  log entry: version:u8=1 time:i64 seed:i64 settingsLen:u16 settings type:u8 body
 *  reply:     outcome:u8 recordLen:u16 record detailLen:u8 detail
 *             (record: a registrar-signed record or a block list, may be empty; detail: ASCII, why a request was
 *             refused, may be empty)
 * </pre>
 *
 * The leader's time and seed and the leader's network settings are fixed in the entry, so applying it needs nothing
 * from the applying member's clock, random source or configuration.
 */
final class Commands {

    static final int CLAIM = 1;
    static final int RELEASE = 2;
    static final int LOGIN = 3;
    static final int BLOCK_LIST = 4;
    /** The owner's LINKED_NUMBERS record. */
    static final int LINKS = 5;
    /** A LINK_CHECK whose code a relay matched: the external number is verified for that owner. */
    static final int LINK_VERIFIED = 6;
    /** Stands in for a request over {@link #MAX_COMMAND}: it is refused without filling the log. */
    static final int TOO_LARGE = 0x7F;

    static final int LOOKUP = 0x10;
    static final int GET_BLOCK_LIST = 0x11;
    /** The owner's linked numbers and which external ones are verified ({@link Links}). */
    static final int GET_LINKS = 0x12;

    static final int ENTRY_VERSION = 1;
    /** Longest request accepted: the largest record (a full block list) and the type byte, with room to spare. */
    static final int MAX_COMMAND = 1024;
    static final int MAX_DETAIL = 255;
    static final int MAX_REPLY_RECORD = 0xFFFF;
    /** Longest number a lookup may name. */
    static final int MAX_NUMBER = 20;

    static final byte[] TOO_LARGE_MARKER = {(byte) TOO_LARGE};

    private Commands() {
    }

    static byte[] request(int type, byte[] body) {
        byte[] out = new byte[1 + body.length];
        out[0] = (byte) type;
        System.arraycopy(body, 0, out, 1, body.length);
        return out;
    }

    static byte[] stamp(long time, long seed, NetworkSettings settings, byte[] command) {
        try {
            ByteArrayOutputStream bytes = new ByteArrayOutputStream(command.length + 64);
            DataOutputStream out = new DataOutputStream(bytes);
            out.writeByte(ENTRY_VERSION);
            out.writeLong(time);
            out.writeLong(seed);
            ByteArrayOutputStream s = new ByteArrayOutputStream();
            settings.write(new DataOutputStream(s));
            out.writeShort(s.size());
            s.writeTo(out);
            out.write(command);
            return bytes.toByteArray();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    static byte[] reply(Outcome outcome, byte[] record, String detail) {
        if (record.length > MAX_REPLY_RECORD) {
            throw new IllegalArgumentException("reply record of " + record.length + " bytes");
        }
        byte[] d = detail.getBytes(StandardCharsets.US_ASCII);
        int dl = Math.min(d.length, MAX_DETAIL);
        byte[] out = new byte[4 + record.length + dl];
        out[0] = (byte) outcome.code;
        out[1] = (byte) (record.length >> 8);
        out[2] = (byte) record.length;
        System.arraycopy(record, 0, out, 3, record.length);
        out[3 + record.length] = (byte) dl;
        System.arraycopy(d, 0, out, 4 + record.length, dl);
        return out;
    }
}
