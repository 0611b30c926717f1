package org.pippin.protocol;

/**
 * VM_AUDIO (0x35, relay to phone, reliable): one chunk of a message's audio, whole codec frames as they were
 * recorded ({@code codec}), chunk {@code chunk} of {@code chunks}.
 *
 * <pre>
 * +--------+ ... +--------+--------+--------+--------+--------+--------+--------+--------+-----------------+
 * |  message id (8 bytes)  | codec  |  chunk (u16)    |  chunks (u16)   | length (u16)    | codec frames    |
 * +--------+ ... +--------+--------+--------+--------+--------+--------+--------+--------+-----------------+
 * </pre>
 */
public final class VmAudio extends Frame {
    /** Most audio bytes in one chunk: 30 GSM frames (600 ms), or 6 µ-law frames. */
    public static final int MAX_AUDIO = 990;

    public final long id;
    public final int codec;
    public final int chunk;
    public final int chunks;
    private final byte[] audio;

    public VmAudio(long id, int codec, int chunk, int chunks, byte[] audio, int off, int len) {
        super(Wire.VM_AUDIO);
        this.id = id;
        this.codec = checkU8(codec, "codec");
        this.chunks = checkU16(chunks, "chunks");
        this.chunk = checkRange(chunk, 0, chunks - 1, "chunk");
        checkRange(len, 0, MAX_AUDIO, "audio length");
        this.audio = new byte[len];
        System.arraycopy(audio, off, this.audio, 0, len);
    }

    static Frame read(Reader r) throws ProtocolException {
        long id = r.u64("message id");
        int codec = r.u8("codec");
        int chunk = r.u16("chunk");
        int chunks = r.u16("chunks");
        if (chunk >= chunks) {
            throw new ProtocolException(Wire.ERR_MALFORMED, "VM_AUDIO chunk " + chunk + " of " + chunks);
        }
        byte[] audio = r.bytes16("audio", 0, MAX_AUDIO);
        return new VmAudio(id, codec, chunk, chunks, audio, 0, audio.length);
    }

    public byte[] audio() {
        return Hello.copy(audio);
    }

    public int audioLength() {
        return audio.length;
    }

    /** Copies the audio to {@code out[off..]}, returns its length. */
    public int copyAudio(byte[] out, int off) {
        System.arraycopy(audio, 0, out, off, audio.length);
        return audio.length;
    }

    int bodyLength() {
        return 8 + 1 + 2 + 2 + 2 + audio.length;
    }

    void writeBody(Writer w) {
        w.u64(id);
        w.u8(codec);
        w.u16(chunk);
        w.u16(chunks);
        w.bytes16(audio);
    }

    void describe(StringBuffer sb) {
        sb.append(" id=").append(Wire.messageIdHex(id)).append(" codec=").append(Wire.codecName(codec))
            .append(" chunk=").append(chunk).append('/').append(chunks).append(" audio=").append(audio.length)
            .append('B');
    }
}
