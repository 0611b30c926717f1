package org.pippin.identity;

/**
 * RELEASE: the owner gives a number up ("dump"), signed with the key that owns it.
 *
 * <pre>
 * +------+---------+----------------+----------------+------+-----------------+
 * | type | version | number (BCD)   | public key     | time | signature       |
 * +------+---------+----------------+----------------+------+-----------------+
 *   0x02   0x01      1 + (n+1)/2      32 bytes         u32    64 bytes
 * </pre>
 *
 * The registrar checks that the key owns the number, that {@code time} is recent and later than the ownership began,
 * and remembers releases it has applied so a replay changes nothing.
 */
public final class Release extends SignedRecord {
    public static final int MAX_LENGTH = 2 + 11 + IdentityKey.PUBLIC_KEY_SIZE + 4 + IdentityKey.SIGNATURE_SIZE;

    public final String number;
    private final byte[] publicKey;
    public final long time;

    private Release(byte[] bytes, String number, byte[] publicKey, long time) {
        super(bytes, bytes.length - IdentityKey.SIGNATURE_SIZE);
        this.number = number;
        this.publicKey = publicKey;
        this.time = time;
    }

    public static Release sign(IdentityKey key, String number, long time) {
        byte[] publicKey = key.publicKey();
        RecordWriter w = new RecordWriter(MAX_LENGTH).u8(Records.RELEASE).u8(Records.VERSION)
            .number(Records.checkNumber(number, "number", false)).raw(publicKey).u32(Records.checkTime(time, "time"));
        return new Release(sign(key, Records.RELEASE, w), number, publicKey, time);
    }

    /** @throws IdentityException naming the field that is wrong */
    public static Release decode(byte[] buf, int off, int len) throws IdentityException {
        RecordReader r = new RecordReader(buf, off, len, Records.RELEASE);
        String number = r.number("number");
        if (number.length() == 0) {
            throw r.error("number: empty");
        }
        byte[] publicKey = r.raw(IdentityKey.PUBLIC_KEY_SIZE, "public key");
        long time = r.u32("time");
        r.expectRemaining(IdentityKey.SIGNATURE_SIZE, "signature");
        return new Release(slice(buf, off, len), number, publicKey, time);
    }

    public byte[] publicKey() {
        return Records.copy(publicKey);
    }

    /** Whether the release is signed by its own key (the registrar also checks that this key owns the number). */
    public boolean verify() {
        return verifySignature(publicKey);
    }

    public String toString() {
        return "RELEASE number=" + number + " key=" + IdentityKey.fingerprint(publicKey) + " time=" + time;
    }
}
