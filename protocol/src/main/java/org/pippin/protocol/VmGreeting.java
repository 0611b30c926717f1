package org.pippin.protocol;

/**
 * VM_GREETING (0x3A, phone to relay, reliable): chunk {@code chunk} of {@code chunks} of the owner's own greeting of
 * {@code kind} ({@link Wire#GREETING_UNAVAILABLE} or {@link Wire#GREETING_BUSY}) for {@code owner}, whole codec frames
 * of {@code codec}. The relay keeps nothing until the last chunk is in; then it answers RESULT(VM_GREETING).
 *
 * <pre>
 * +--------+--------------+--------+--------+--------+--------+--------+--------+--------+-----------------+
 * | digits | owner (BCD)  |  kind  | codec  |  chunk (u16)    |  chunks (u16)   | length (u16)    | codec frames    |
 * +--------+--------------+--------+--------+--------+--------+--------+--------+--------+-----------------+
 * </pre>
 */
public final class VmGreeting extends Frame {
    /** Most audio bytes in one chunk, as in VM_AUDIO. */
    public static final int MAX_AUDIO = VmAudio.MAX_AUDIO;
    /** Most chunks of one greeting: 30 s of PCMU in chunks of 6 frames. */
    public static final int MAX_CHUNKS = 250;

    public final String owner;
    public final int kind;
    public final int codec;
    public final int chunk;
    public final int chunks;
    private final byte[] audio;

    public VmGreeting(String owner, int kind, int codec, int chunk, int chunks, byte[] audio, int off, int len) {
        super(Wire.VM_GREETING);
        this.owner = checkNumber(owner);
        this.kind = checkRange(kind, Wire.GREETING_UNAVAILABLE, Wire.GREETING_BUSY, "kind");
        this.codec = checkU8(codec, "codec");
        this.chunks = checkRange(chunks, 1, MAX_CHUNKS, "chunks");
        this.chunk = checkRange(chunk, 0, chunks - 1, "chunk");
        checkRange(len, 0, MAX_AUDIO, "audio length");
        this.audio = new byte[len];
        System.arraycopy(audio, off, this.audio, 0, len);
    }

    static Frame read(Reader r) throws ProtocolException {
        String owner = r.number("owner");
        int kind = r.u8("kind");
        if (kind > Wire.GREETING_BUSY) {
            throw r.malformed("kind " + kind);
        }
        int codec = r.u8("codec");
        int chunk = r.u16("chunk");
        int chunks = r.u16("chunks");
        if (chunks == 0 || chunks > MAX_CHUNKS || chunk >= chunks) {
            throw r.malformed("chunk " + chunk + " of " + chunks + ", at most " + MAX_CHUNKS + " chunks");
        }
        byte[] audio = r.bytes16("audio", 0, MAX_AUDIO);
        return new VmGreeting(owner, kind, codec, chunk, chunks, audio, 0, audio.length);
    }

    public byte[] audio() {
        return Hello.copy(audio);
    }

    public int audioLength() {
        return audio.length;
    }

    int bodyLength() {
        return Numbers.encodedLength(owner) + 1 + 1 + 2 + 2 + 2 + audio.length;
    }

    void writeBody(Writer w) {
        w.number(owner);
        w.u8(kind);
        w.u8(codec);
        w.u16(chunk);
        w.u16(chunks);
        w.bytes16(audio);
    }

    void describe(StringBuffer sb) {
        sb.append(" owner=").append(owner).append(" kind=").append(Wire.greetingName(kind)).append(" codec=")
            .append(Wire.codecName(codec)).append(" chunk=").append(chunk).append('/').append(chunks)
            .append(" audio=").append(audio.length).append('B');
    }
}
