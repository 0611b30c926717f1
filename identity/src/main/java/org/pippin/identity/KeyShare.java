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
 *   0x07   0x01      u8     1 + (n+1)/2    1 + (n+1)/2    8 bytes      u32    32 bytes X25519    64 bytes,
 *                    0 caller, 1 callee                                                         absent if anonymous
 * </pre>
 *
 * <p>An anonymous caller ({@link #anonymous}) sends role 0, an empty caller and no signature: it has no number to
 * sign for. The callee's share of such a call names the empty caller and is signed as always, so the anonymous
 * caller still knows whom it talks to, and the voice keys still cover both shares exactly as sent ({@link VoiceKeys}).
 * A relay that swapped the anonymous caller's key would only read what the callee says while the caller, holding a
 * key the relay cannot compute, hears nothing: it cannot sit in the middle of a working call.
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

    private KeyShare(byte[] bytes, int signedLength, int role, String caller, String callee, byte[] callNonce,
            long time, byte[] ephemeralKey) {
        super(bytes, signedLength);
        this.role = role;
        this.caller = caller;
        this.callee = callee;
        this.callNonce = callNonce;
        this.time = time;
        this.ephemeralKey = ephemeralKey;
    }

    /**
     * Signs {@code ephemeral}'s public key with the identity {@code key} of this side's number. A callee answering an
     * anonymous call signs with an empty {@code caller}; a caller always names its number (else {@link #anonymous}).
     */
    public static KeyShare sign(IdentityKey key, int role, String caller, String callee, byte[] callNonce, long time,
            EphemeralKey ephemeral) {
        if (role != CALLER && role != CALLEE) {
            throw new IllegalArgumentException("role " + role + ", expected CALLER or CALLEE");
        }
        byte[] nonce = checkNonce(callNonce);
        byte[] pub = ephemeral.publicKey();
        RecordWriter w = unsigned(role, Records.checkNumber(caller, "caller", role == CALLEE), callee, nonce, time,
            pub);
        byte[] bytes = sign(key, Records.KEY_SHARE, w);
        return new KeyShare(bytes, bytes.length - IdentityKey.SIGNATURE_SIZE, role, caller, callee, nonce, time, pub);
    }

    /** An anonymous caller's unsigned share: no caller number, no signature. */
    public static KeyShare anonymous(String callee, byte[] callNonce, long time, EphemeralKey ephemeral) {
        byte[] nonce = checkNonce(callNonce);
        byte[] pub = ephemeral.publicKey();
        byte[] bytes = unsigned(CALLER, "", callee, nonce, time, pub).toBytes(0);
        return new KeyShare(bytes, bytes.length, CALLER, "", callee, nonce, time, pub);
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
        if (callee.length() == 0) {
            throw r.error("callee: empty");
        }
        byte[] nonce = r.raw(NONCE_SIZE, "call nonce");
        long time = r.u32("time");
        byte[] pub = r.raw(X25519.POINT_SIZE, "ephemeral key");
        int signedLength = r.position() - off;
        boolean anonymous = role == CALLER && caller.length() == 0;
        r.expectRemaining(anonymous ? 0 : IdentityKey.SIGNATURE_SIZE, "signature");
        return new KeyShare(slice(buf, off, len), signedLength, role, caller, callee, nonce, time, pub);
    }

    /** Whether this is an anonymous caller's unsigned share. */
    public boolean isAnonymous() {
        return role == CALLER && caller.length() == 0;
    }

    public byte[] callNonce() {
        return Records.copy(callNonce);
    }

    public byte[] ephemeralKey() {
        return Records.copy(ephemeralKey);
    }

    /** Whether the share is signed by {@code identityKey}, the key that owns this side's number; false if anonymous. */
    public boolean verify(byte[] identityKey) {
        return !isAnonymous() && verifySignature(identityKey);
    }

    /** Whether {@code other} is the opposite side's share of the same call. */
    public boolean sameCall(KeyShare other) {
        return other.role != role && other.caller.equals(caller) && other.callee.equals(callee)
            && Records.equal(other.callNonce, callNonce);
    }

    public String toString() {
        return "KEY_SHARE " + (role == CALLER ? "caller" : "callee") + " caller="
            + (caller.length() == 0 ? "anonymous" : caller) + " callee=" + callee + " time=" + time;
    }

    private static byte[] checkNonce(byte[] callNonce) {
        if (callNonce == null || callNonce.length != NONCE_SIZE) {
            throw new IllegalArgumentException("call nonce must be " + NONCE_SIZE + " bytes");
        }
        return Records.copy(callNonce);
    }

    private static RecordWriter unsigned(int role, String caller, String callee, byte[] nonce, long time,
            byte[] pub) {
        return new RecordWriter(MAX_LENGTH).u8(Records.KEY_SHARE).u8(Records.VERSION).u8(role).number(caller)
            .number(Records.checkNumber(callee, "callee", false)).raw(nonce).u32(Records.checkTime(time, "time"))
            .raw(pub);
    }
}
