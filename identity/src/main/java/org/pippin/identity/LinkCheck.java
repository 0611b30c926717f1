package org.pippin.identity;

/**
 * LINK_CHECK: the owner of a number asks to verify an external number it wants to link, signed with the number's
 * owner key. Without a code it asks a relay to call that number through its SIP trunk, showing a fresh code; with the
 * code heard or shown there, it proves the owner reached that phone. The relay that placed the call checks the code
 * and hands the record to the registrar, which then holds the link verified for every relay.
 *
 * <pre>
 * +------+---------+-------------+-----------+------+---------------+------+--------------+-----------+
 * | type | version | owner (BCD) | owner key | time | linked (BCD)  | len  | code (ASCII) | signature |
 * +------+---------+-------------+-----------+------+---------------+------+--------------+-----------+
 *   0x41   0x01      1 + (n+1)/2   32 bytes    u32    1 + (n+1)/2     u8     0..8 digits    64 bytes
 * </pre>
 */
public final class LinkCheck extends SignedRecord {
    /** Longest code: a relay's codes have fewer digits. */
    public static final int MAX_CODE = 8;
    public static final int MAX_LENGTH = 2 + 11 + IdentityKey.PUBLIC_KEY_SIZE + 4 + 11 + 1 + MAX_CODE
        + IdentityKey.SIGNATURE_SIZE;

    public final String owner;
    private final byte[] ownerKey;
    /** Seconds since 1970 when the owner signed it (the relay's time as the phone knows it). */
    public final long time;
    /** The external number to verify. */
    public final String linked;
    /** The code the owner heard or saw, or "" when asking for the call. */
    public final String code;

    private LinkCheck(byte[] bytes, String owner, byte[] ownerKey, long time, String linked, String code) {
        super(bytes, bytes.length - IdentityKey.SIGNATURE_SIZE);
        this.owner = owner;
        this.ownerKey = ownerKey;
        this.time = time;
        this.linked = linked;
        this.code = code;
    }

    /** @throws IllegalArgumentException if {@code linked} is not external or the code is not 0..8 digits */
    public static LinkCheck sign(IdentityKey key, String owner, long time, String linked, String code) {
        if (!LinkedNumbers.isExternal(Records.checkNumber(linked, "linked number", false))) {
            throw new IllegalArgumentException("linked number is not external: " + linked);
        }
        if (!isCode(code)) {
            throw new IllegalArgumentException("code is not 0.." + MAX_CODE + " digits: " + code);
        }
        byte[] ownerKey = key.publicKey();
        byte[] c = new byte[code.length()];
        for (int i = 0; i < c.length; i++) {
            c[i] = (byte) code.charAt(i);
        }
        RecordWriter w = new RecordWriter(MAX_LENGTH).u8(Records.LINK_CHECK).u8(Records.VERSION)
            .number(Records.checkNumber(owner, "owner", false)).raw(ownerKey).u32(Records.checkTime(time, "time"))
            .number(linked).u8(c.length).raw(c);
        return new LinkCheck(sign(key, Records.LINK_CHECK, w), owner, ownerKey, time, linked, code);
    }

    /** @throws IdentityException naming the field that is wrong */
    public static LinkCheck decode(byte[] buf, int off, int len) throws IdentityException {
        RecordReader r = new RecordReader(buf, off, len, Records.LINK_CHECK);
        String owner = r.number("owner");
        if (owner.length() == 0) {
            throw r.error("owner: empty");
        }
        byte[] ownerKey = r.raw(IdentityKey.PUBLIC_KEY_SIZE, "owner key");
        long time = r.u32("time");
        String linked = r.number("linked number");
        if (!LinkedNumbers.isExternal(linked)) {
            throw r.error("linked number: not external (no '+')");
        }
        int codeLength = r.u8("code");
        if (codeLength > MAX_CODE) {
            throw r.error("code: length " + codeLength + ", at most " + MAX_CODE);
        }
        byte[] c = r.raw(codeLength, "code");
        char[] chars = new char[c.length];
        for (int i = 0; i < c.length; i++) {
            chars[i] = (char) (c[i] & 0xFF);
        }
        String code = new String(chars);
        if (!isCode(code)) {
            throw r.error("code: not digits");
        }
        r.expectRemaining(IdentityKey.SIGNATURE_SIZE, "signature");
        return new LinkCheck(slice(buf, off, len), owner, ownerKey, time, linked, code);
    }

    /** Whether {@code code} is 0 to {@link #MAX_CODE} ASCII digits. */
    public static boolean isCode(String code) {
        if (code == null || code.length() > MAX_CODE) {
            return false;
        }
        for (int i = 0; i < code.length(); i++) {
            if (code.charAt(i) < '0' || code.charAt(i) > '9') {
                return false;
            }
        }
        return true;
    }

    public byte[] ownerKey() {
        return Records.copy(ownerKey);
    }

    /** Whether the record is signed by {@code ownerKey}, the key the registrar has for {@link #owner}. */
    public boolean verify(byte[] ownerKey) {
        return Records.equal(this.ownerKey, ownerKey) && verifySignature(ownerKey);
    }

    /** For logs: the code is a secret until it is used, so it is never shown. */
    public String toString() {
        return "LINK_CHECK owner=" + owner + " linked=" + linked + " time=" + time + " code="
            + (code.length() == 0 ? "none" : "set");
    }
}
