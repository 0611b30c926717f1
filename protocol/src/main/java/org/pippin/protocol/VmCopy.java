package org.pippin.protocol;

/**
 * VM_COPY (0x38, relay to relay over an authenticated link): chunk {@code chunk} of {@code chunks} of a voicemail
 * message as its relays store it (the whole message file, owner, caller, time, audio and CRC, PROTOCOL.md "Voicemail
 * on two relays"). Sent to make a replica (answered, once the last chunk is on disk, by RESULT(VM_COPY) with the
 * message id as its record) and in answer to VM_PULL. The receiver checks the whole file's CRC before it keeps it.
 *
 * <pre>
 * +--------+ ... +--------+--------+--------+--------+--------+--------+--------+-----------------+
 * |  message id (8 bytes)  |  chunk (u16)    |  chunks (u16)   | length (u16)    | file bytes      |
 * +--------+ ... +--------+--------+--------+--------+--------+--------+--------+-----------------+
 * </pre>
 */
public final class VmCopy extends Frame {
    /** Most file bytes in one chunk (the frame stays within {@link Wire#MAX_FRAME}). */
    public static final int MAX_DATA = 1000;

    public final long id;
    public final int chunk;
    public final int chunks;
    private final byte[] data;

    public VmCopy(long id, int chunk, int chunks, byte[] data, int off, int len) {
        super(Wire.VM_COPY);
        this.id = id;
        this.chunks = checkRange(chunks, 1, 0xFFFF, "chunks");
        this.chunk = checkRange(chunk, 0, chunks - 1, "chunk");
        checkRange(len, 1, MAX_DATA, "data length");
        this.data = new byte[len];
        System.arraycopy(data, off, this.data, 0, len);
    }

    static Frame read(Reader r) throws ProtocolException {
        long id = r.u64("message id");
        int chunk = r.u16("chunk");
        int chunks = r.u16("chunks");
        if (chunk >= chunks) {
            throw new ProtocolException(Wire.ERR_MALFORMED, "VM_COPY chunk " + chunk + " of " + chunks);
        }
        byte[] data = r.bytes16("data", 1, MAX_DATA);
        return new VmCopy(id, chunk, chunks, data, 0, data.length);
    }

    /** How many chunks a file of {@code bytes} bytes takes. */
    public static int chunksFor(int bytes) {
        return Math.max(1, (bytes + MAX_DATA - 1) / MAX_DATA);
    }

    public byte[] data() {
        return Hello.copy(data);
    }

    public int dataLength() {
        return data.length;
    }

    /** Copies the data to {@code out[off..]}, returns its length. */
    public int copyData(byte[] out, int off) {
        System.arraycopy(data, 0, out, off, data.length);
        return data.length;
    }

    int bodyLength() {
        return 8 + 2 + 2 + 2 + data.length;
    }

    void writeBody(Writer w) {
        w.u64(id);
        w.u16(chunk);
        w.u16(chunks);
        w.bytes16(data);
    }

    void describe(StringBuffer sb) {
        sb.append(" id=").append(Wire.messageIdHex(id)).append(" chunk=").append(chunk).append('/').append(chunks)
            .append(" data=").append(data.length).append('B');
    }
}
