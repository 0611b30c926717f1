package org.pippin.identity;

/**
 * CALLER_ID: carried in every INVITE; the caller's number key signs (callee, time, nonce), so the callee's relay and
 * phone can trust the number shown. An anonymous caller sends the flag, no caller number and no signature.
 *
 * <pre>
 * +------+---------+-------+----------------+----------------+------+---------+-----------------+
 * | type | version | flags | caller (BCD)   | callee (BCD)   | time | nonce   | signature       |
 * +------+---------+-------+----------------+----------------+------+---------+-----------------+
 *   0x05   0x01      u8      1 + (n+1)/2      1 + (n+1)/2      u32    8 bytes   64 bytes, absent if anonymous
 *                    bit 0: anonymous (caller empty, no signature); other bits 0
 * </pre>
 *
 * The verifier looks up the caller's key ({@link RegistrarRecord}), checks {@code time} against its clock and refuses
 * a (caller, nonce) pair it has seen within the time window.
 */
public final class CallerIdProof extends SignedRecord {
    public static final int FLAG_ANONYMOUS = 0x01;
    public static final int NONCE_SIZE = 8;
    public static final int MAX_LENGTH = 3 + 11 + 11 + 4 + NONCE_SIZE + IdentityKey.SIGNATURE_SIZE;

    /** The caller's number; empty when anonymous. */
    public final String caller;
    public final String callee;
    public final long time;
    private final byte[] nonce;

    private CallerIdProof(byte[] bytes, int signedLength, String caller, String callee, long time, byte[] nonce) {
        super(bytes, signedLength);
        this.caller = caller;
        this.callee = callee;
        this.time = time;
        this.nonce = nonce;
    }

    /** The caller's proof, signed with the key that owns {@code caller}. */
    public static CallerIdProof sign(IdentityKey key, String caller, String callee, long time, byte[] nonce) {
        RecordWriter w = unsigned(0, Records.checkNumber(caller, "caller", false), callee, time, nonce);
        byte[] bytes = sign(key, Records.CALLER_ID, w);
        return new CallerIdProof(bytes, bytes.length - IdentityKey.SIGNATURE_SIZE, caller, callee, time,
            Records.copy(nonce));
    }

    /** An anonymous caller's unsigned statement. */
    public static CallerIdProof anonymous(String callee, long time, byte[] nonce) {
        byte[] bytes = unsigned(FLAG_ANONYMOUS, "", callee, time, nonce).toBytes(0);
        return new CallerIdProof(bytes, bytes.length, "", callee, time, Records.copy(nonce));
    }

    /** @throws IdentityException naming the field that is wrong */
    public static CallerIdProof decode(byte[] buf, int off, int len) throws IdentityException {
        RecordReader r = new RecordReader(buf, off, len, Records.CALLER_ID);
        int flags = r.u8("flags");
        if ((flags & ~FLAG_ANONYMOUS) != 0) {
            throw r.error("flags: reserved bits set in 0x" + Integer.toHexString(flags));
        }
        boolean anonymous = (flags & FLAG_ANONYMOUS) != 0;
        String caller = r.number("caller");
        if (anonymous != (caller.length() == 0)) {
            throw r.error(anonymous ? "caller: present in an anonymous caller id" : "caller: empty");
        }
        String callee = r.number("callee");
        if (callee.length() == 0) {
            throw r.error("callee: empty");
        }
        long time = r.u32("time");
        byte[] nonce = r.raw(NONCE_SIZE, "nonce");
        int signedLength = r.position() - off;
        r.expectRemaining(anonymous ? 0 : IdentityKey.SIGNATURE_SIZE, "signature");
        return new CallerIdProof(slice(buf, off, len), signedLength, caller, callee, time, nonce);
    }

    public boolean isAnonymous() {
        return caller.length() == 0;
    }

    public byte[] nonce() {
        return Records.copy(nonce);
    }

    /** Whether a named caller's proof is signed by {@code callerKey}; false for an anonymous one. */
    public boolean verify(byte[] callerKey) {
        return !isAnonymous() && verifySignature(callerKey);
    }

    public String toString() {
        return "CALLER_ID caller=" + (isAnonymous() ? "anonymous" : caller) + " callee=" + callee + " time=" + time;
    }

    private static RecordWriter unsigned(int flags, String caller, String callee, long time, byte[] nonce) {
        if (nonce == null || nonce.length != NONCE_SIZE) {
            throw new IllegalArgumentException("nonce must be " + NONCE_SIZE + " bytes");
        }
        return new RecordWriter(MAX_LENGTH).u8(Records.CALLER_ID).u8(Records.VERSION).u8(flags).number(caller)
            .number(Records.checkNumber(callee, "callee", false)).u32(Records.checkTime(time, "time")).raw(nonce);
    }
}
