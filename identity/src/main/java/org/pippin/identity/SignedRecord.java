package org.pippin.identity;

/**
 * A record as it travels: its exact bytes, of which the last {@link IdentityKey#SIGNATURE_SIZE} are an Ed25519
 * signature over the domain tag and everything before (see {@link Records}). Records are immutable.
 */
public abstract class SignedRecord {
    private final byte[] bytes;
    private final int signedLength;

    /** {@code bytes} is owned by the record; {@code signedLength} is where the signature starts. */
    SignedRecord(byte[] bytes, int signedLength) {
        this.bytes = bytes;
        this.signedLength = signedLength;
    }

    public final int type() {
        return bytes[0] & 0xFF;
    }

    /** The record's bytes, a copy. */
    public final byte[] encode() {
        return Records.copy(bytes);
    }

    /** The record's size in bytes. */
    public final int length() {
        return bytes.length;
    }

    /** Whether the record carries a signature (only an anonymous caller's CALLER_ID and KEY_SHARE do not). */
    public final boolean isSigned() {
        return signedLength < bytes.length;
    }

    /** Whether the signature is valid for {@code publicKey}; false for an unsigned record. */
    public final boolean verifySignature(byte[] publicKey) {
        return isSigned() && IdentityKey.verify(publicKey, Records.domain(type()), bytes, 0, signedLength, bytes,
            signedLength);
    }

    /** Appends {@code key}'s signature to the bytes in {@code w}. */
    static byte[] sign(IdentityKey key, int type, RecordWriter w) {
        int signedLength = w.position();
        byte[] out = w.toBytes(IdentityKey.SIGNATURE_SIZE);
        key.sign(Records.domain(type), out, 0, signedLength, out, signedLength);
        return out;
    }

    /** A copy of {@code len} bytes at {@code buf[off]}, which a decoder keeps as the record's bytes. */
    static byte[] slice(byte[] buf, int off, int len) {
        byte[] b = new byte[len];
        System.arraycopy(buf, off, b, 0, len);
        return b;
    }
}
