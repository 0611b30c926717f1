package org.pippin.identity;

import org.bouncycastle.math.ec.rfc7748.X25519;

/**
 * KEY_SHARE: one side's ephemeral X25519 public key for a call's voice encryption, signed with its identity key and
 * bound to the call (both numbers and the call nonce), carried in INVITE (caller) and ANSWER (callee). A relay that
 * swaps the key cannot sign for the number, so it cannot sit in the middle.
 *
 * <pre>
 * +------+---------+------+--------------+--------------+------------+------+------------------+-----------------+
 * | type | version | role | caller (BCD) | callee (BCD) | call nonce | time | ephemeral key    | signature       |
 * +------+---------+------+--------------+--------------+------------+------+------------------+-----------------+
 *   0x07   0x01      u8     1 + (n+1)/2    1 + (n+1)/2    8 bytes      u32    32 bytes X25519    64 bytes
 *                    0 caller, 1 callee
 * </pre>
 */
public final class KeyShare extends SignedRecord {
    public static final int CALLER = 0;
    public static final int CALLEE = 1;
    public static final int NONCE_SIZE = 8;
    public static final int MAX_LENGTH = 3 + 11 + 11 + NONCE_SIZE + 4 + X25519.POINT_SIZE
        + IdentityKey.SIGNATURE_SIZE;

    public final int role;
    public final String caller;
    public final String callee;
    private final byte[] callNonce;
    public final long time;
    private final byte[] ephemeralKey;

    private KeyShare(byte[] bytes, int role, String caller, String callee, byte[] callNonce, long time,
            byte[] ephemeralKey) {
        super(bytes, bytes.length - IdentityKey.SIGNATURE_SIZE);
        this.role = role;
        this.caller = caller;
        this.callee = callee;
        this.callNonce = callNonce;
        this.time = time;
        this.ephemeralKey = ephemeralKey;
    }

    /** Signs {@code ephemeral}'s public key with the identity {@code key} of this side's number. */
    public static KeyShare sign(IdentityKey key, int role, String caller, String callee, byte[] callNonce, long time,
            EphemeralKey ephemeral) {
        if (role != CALLER && role != CALLEE) {
            throw new IllegalArgumentException("role " + role + ", expected CALLER or CALLEE");
        }
        if (callNonce == null || callNonce.length != NONCE_SIZE) {
            throw new IllegalArgumentException("call nonce must be " + NONCE_SIZE + " bytes");
        }
        byte[] nonce = Records.copy(callNonce);
        byte[] pub = ephemeral.publicKey();
        RecordWriter w = new RecordWriter(MAX_LENGTH).u8(Records.KEY_SHARE).u8(Records.VERSION).u8(role)
            .number(Records.checkNumber(caller, "caller", false)).number(Records.checkNumber(callee, "callee", false))
            .raw(nonce).u32(Records.checkTime(time, "time")).raw(pub);
        return new KeyShare(sign(key, Records.KEY_SHARE, w), role, caller, callee, nonce, time, pub);
    }

    /** @throws IdentityException naming the field that is wrong */
    public static KeyShare decode(byte[] buf, int off, int len) throws IdentityException {
        RecordReader r = new RecordReader(buf, off, len, Records.KEY_SHARE);
        int role = r.u8("role");
        if (role != CALLER && role != CALLEE) {
            throw r.error("role: " + role + ", expected 0 (caller) or 1 (callee)");
        }
        String caller = r.number("caller");
        String callee = r.number("callee");
        if (caller.length() == 0 || callee.length() == 0) {
            throw r.error(caller.length() == 0 ? "caller: empty" : "callee: empty");
        }
        byte[] nonce = r.raw(NONCE_SIZE, "call nonce");
        long time = r.u32("time");
        byte[] pub = r.raw(X25519.POINT_SIZE, "ephemeral key");
        r.expectRemaining(IdentityKey.SIGNATURE_SIZE, "signature");
        return new KeyShare(slice(buf, off, len), role, caller, callee, nonce, time, pub);
    }

    public byte[] callNonce() {
        return Records.copy(callNonce);
    }

    public byte[] ephemeralKey() {
        return Records.copy(ephemeralKey);
    }

    /** Whether the share is signed by {@code identityKey}, the key that owns this side's number. */
    public boolean verify(byte[] identityKey) {
        return verifySignature(identityKey);
    }

    /** Whether {@code other} is the opposite side's share of the same call. */
    public boolean sameCall(KeyShare other) {
        return other.role != role && other.caller.equals(caller) && other.callee.equals(callee)
            && Records.equal(other.callNonce, callNonce);
    }

    public String toString() {
        return "KEY_SHARE " + (role == CALLER ? "caller" : "callee") + " caller=" + caller + " callee=" + callee
            + " time=" + time;
    }
}
