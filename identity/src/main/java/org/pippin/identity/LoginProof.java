package org.pippin.identity;

/**
 * LOGIN_PROOF: a phone proves to a relay that it holds the key of a number, by signing the relay's fresh challenge.
 *
 * <pre>
 * +------+---------+----------------+----------------+----------------+------+-----------------+
 * | type | version | number (BCD)   | public key     | challenge      | time | signature       |
 * +------+---------+----------------+----------------+----------------+------+-----------------+
 *   0x04   0x01      1 + (n+1)/2      32 bytes         16 bytes         u32    64 bytes
 * </pre>
 *
 * Replay defence is the verifier's: it sends a random {@link #CHALLENGE_SIZE}-byte challenge, accepts a proof only
 * for a challenge it issued to that connection, unused and not expired, checks {@code time} against its own clock,
 * and that {@code public key} owns {@code number} (a {@link RegistrarRecord}). The key is in the proof so a phone
 * holding several numbers with different keys says which one it uses.
 */
public final class LoginProof extends SignedRecord {
    public static final int CHALLENGE_SIZE = 16;
    public static final int MAX_LENGTH = 2 + 11 + IdentityKey.PUBLIC_KEY_SIZE + CHALLENGE_SIZE + 4
        + IdentityKey.SIGNATURE_SIZE;

    public final String number;
    private final byte[] publicKey;
    private final byte[] challenge;
    public final long time;

    private LoginProof(byte[] bytes, String number, byte[] publicKey, byte[] challenge, long time) {
        super(bytes, bytes.length - IdentityKey.SIGNATURE_SIZE);
        this.number = number;
        this.publicKey = publicKey;
        this.challenge = challenge;
        this.time = time;
    }

    public static LoginProof sign(IdentityKey key, String number, byte[] challenge, long time) {
        if (challenge == null || challenge.length != CHALLENGE_SIZE) {
            throw new IllegalArgumentException("challenge must be " + CHALLENGE_SIZE + " bytes");
        }
        byte[] publicKey = key.publicKey();
        byte[] c = Records.copy(challenge);
        RecordWriter w = new RecordWriter(MAX_LENGTH).u8(Records.LOGIN_PROOF).u8(Records.VERSION)
            .number(Records.checkNumber(number, "number", false)).raw(publicKey).raw(c)
            .u32(Records.checkTime(time, "time"));
        return new LoginProof(sign(key, Records.LOGIN_PROOF, w), number, publicKey, c, time);
    }

    /** @throws IdentityException naming the field that is wrong */
    public static LoginProof decode(byte[] buf, int off, int len) throws IdentityException {
        RecordReader r = new RecordReader(buf, off, len, Records.LOGIN_PROOF);
        String number = r.number("number");
        if (number.length() == 0) {
            throw r.error("number: empty");
        }
        byte[] publicKey = r.raw(IdentityKey.PUBLIC_KEY_SIZE, "public key");
        byte[] challenge = r.raw(CHALLENGE_SIZE, "challenge");
        long time = r.u32("time");
        r.expectRemaining(IdentityKey.SIGNATURE_SIZE, "signature");
        return new LoginProof(slice(buf, off, len), number, publicKey, challenge, time);
    }

    public byte[] publicKey() {
        return Records.copy(publicKey);
    }

    public byte[] challenge() {
        return Records.copy(challenge);
    }

    /**
     * Whether the proof answers {@code expectedChallenge} and is signed by {@code ownerKey}, the key the registrar
     * has for {@link #number}. Time window and single use remain the caller's checks.
     */
    public boolean verify(byte[] expectedChallenge, byte[] ownerKey) {
        return Records.equal(challenge, expectedChallenge) && Records.equal(publicKey, ownerKey)
            && verifySignature(ownerKey);
    }

    public String toString() {
        return "LOGIN_PROOF number=" + number + " key=" + IdentityKey.fingerprint(publicKey) + " time=" + time;
    }
}
