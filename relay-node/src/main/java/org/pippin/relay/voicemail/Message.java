package org.pippin.relay.voicemail;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.zip.CRC32;
import org.pippin.protocol.Numbers;
import org.pippin.protocol.Wire;

/**
 * One voicemail message: who left it for whom and when, and its audio as the codec frames the caller sent (GSM 06.10:
 * 33 bytes per 20 ms, about 99 kB a minute). Immutable. Its id is chosen once, by the relay that recorded it, and
 * names it on every relay that keeps a copy.
 *
 * <p>On disk ({@code <id>.vm}), written once and renamed into place after fsync:
 * <pre>
 * +--------+--------+------------+-------+--------+-----+-------+-----+--------+-------------+---------+
 * | "PVM1" | id u64 | time u64ms | codec | reason | len | owner | len | caller | audio u32 + | CRC32   |
 * |        |        |            | u8    | u8     | u8  | ASCII | u8  | ASCII  | frames      | of all  |
 * +--------+--------+------------+-------+--------+-----+-------+-----+--------+-------------+---------+
 * </pre>
 */
public final class Message {

    static final int MAGIC = 0x50564d31; // "PVM1"
    /** Magic, id, time, codec, reason, two length bytes, audio length, CRC: the bytes besides numbers and audio. */
    static final int FIXED_BYTES = 4 + 8 + 8 + 1 + 1 + 1 + 1 + 4 + 4;

    public final long id;
    public final String owner;
    /** Empty for an anonymous caller. */
    public final String caller;
    /** Wall-clock time the message was left, ms since 1970. */
    public final long timeMillis;
    public final int codec;
    /** The REJECT_* that sent the call to voicemail. */
    public final int reason;
    private final byte[] audio;

    public Message(long id, String owner, String caller, long timeMillis, int codec, int reason, byte[] audio) {
        int frame = Wire.codecFrameBytes(codec);
        if (frame <= 0 || audio.length % frame != 0) {
            throw new IllegalArgumentException("audio of " + audio.length + " bytes is not whole "
                    + Wire.codecName(codec) + " frames");
        }
        this.id = id;
        this.owner = owner;
        this.caller = caller;
        this.timeMillis = timeMillis;
        this.codec = codec;
        this.reason = reason;
        this.audio = audio.clone();
    }

    public byte[] audio() {
        return audio.clone();
    }

    public int audioLength() {
        return audio.length;
    }

    /** Length in ms: 20 ms per codec frame. */
    public long durationMillis() {
        return (long) audio.length / Wire.codecFrameBytes(codec) * Wire.CODEC_FRAME_MS;
    }

    byte[] encode() {
        byte[] o = owner.getBytes(StandardCharsets.US_ASCII);
        byte[] c = caller.getBytes(StandardCharsets.US_ASCII);
        ByteBuffer b = ByteBuffer.allocate(FIXED_BYTES + o.length + c.length + audio.length);
        b.putInt(MAGIC).putLong(id).putLong(timeMillis).put((byte) codec).put((byte) reason);
        b.put((byte) o.length).put(o).put((byte) c.length).put(c).putInt(audio.length).put(audio);
        CRC32 crc = new CRC32();
        crc.update(b.array(), 0, b.position());
        b.putInt((int) crc.getValue());
        return b.array();
    }

    /** @throws StoreException naming what is wrong: a file that fails here is never served */
    static Message decode(byte[] b) throws StoreException {
        if (b.length < FIXED_BYTES) {
            throw new StoreException("message file of " + b.length + " bytes is shorter than its header");
        }
        CRC32 crc = new CRC32();
        crc.update(b, 0, b.length - 4);
        ByteBuffer in = ByteBuffer.wrap(b);
        if (in.getInt(b.length - 4) != (int) crc.getValue()) {
            throw new StoreException("message file fails its CRC");
        }
        if (in.getInt() != MAGIC) {
            throw new StoreException("message file has no PVM1 magic");
        }
        long id = in.getLong();
        long time = in.getLong();
        int codec = in.get() & 0xFF;
        int reason = in.get() & 0xFF;
        String owner = ascii(in, b.length - FIXED_BYTES);
        String caller = ascii(in, b.length - FIXED_BYTES - owner.length());
        if (owner.isEmpty() || !Numbers.isValid(owner) || !Numbers.isValid(caller)) {
            // A copy from another relay names the directory it goes to: only numbers, never a path.
            throw new StoreException("message numbers \"" + printable(owner) + "\" / \"" + printable(caller)
                    + "\" are not phone numbers");
        }
        int audioLength = in.getInt();
        if (audioLength != in.remaining() - 4) {
            throw new StoreException("message audio length " + audioLength + ", file holds " + (in.remaining() - 4));
        }
        byte[] audio = new byte[audioLength];
        in.get(audio);
        try {
            return new Message(id, owner, caller, time, codec, reason, audio);
        } catch (IllegalArgumentException e) {
            throw new StoreException("message: " + e.getMessage());
        }
    }

    private static String ascii(ByteBuffer in, int most) throws StoreException {
        int len = in.get() & 0xFF;
        if (len > most) {
            throw new StoreException("message number of " + len + " bytes overruns the file");
        }
        byte[] s = new byte[len];
        in.get(s);
        return new String(s, StandardCharsets.US_ASCII);
    }

    private static String printable(String s) {
        StringBuilder b = new StringBuilder(s.length());
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            b.append(c >= 0x20 && c < 0x7F ? c : '?');
        }
        return b.toString();
    }

    @Override
    public String toString() {
        return "message " + Wire.messageIdHex(id) + " " + (caller.isEmpty() ? "anonymous" : caller) + " -> " + owner
                + " " + durationMillis() / 1000.0 + " s";
    }
}
