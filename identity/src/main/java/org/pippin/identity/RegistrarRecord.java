package org.pippin.identity;

/**
 * REGISTRAR_RECORD: the registrar's signed statement about a number, which any relay can cache, pass on and verify
 * with the registrar's public key: "number N is owned by key K since T", or "number N was released by key K at T and
 * is in quarantine until U" (nobody may claim it before U, so callers of the old owner do not reach a stranger at
 * once).
 *
 * <pre>
 * +------+---------+-------+--------------+-----------+-------+-------+--------+---------------+-----------------+
 * | type | version | state | number (BCD) | owner key | since | until | issued | registrar key | signature       |
 * +------+---------+-------+--------------+-----------+-------+-------+--------+---------------+-----------------+
 *   0x06   0x01      u8      1 + (n+1)/2    32 bytes    u32     u32     u32      32 bytes        64 bytes
 *                    1 OWNED: until = 0
 *                    2 QUARANTINE: owner key = the releasing key, since = release time, until > since
 * </pre>
 *
 * Times are seconds since 1970. {@code issued} orders records about the same number: a cache keeps the newest. The
 * registrar key is in the record so a verifier can pick it among the keys it trusts; it must trust it by
 * configuration, never because the record names it.
 */
public final class RegistrarRecord extends SignedRecord {
    public static final int OWNED = 1;
    public static final int QUARANTINE = 2;
    public static final int MAX_LENGTH = 3 + 11 + IdentityKey.PUBLIC_KEY_SIZE + 12 + IdentityKey.PUBLIC_KEY_SIZE
        + IdentityKey.SIGNATURE_SIZE;

    public final int state;
    public final String number;
    private final byte[] ownerKey;
    public final long since;
    public final long until;
    public final long issued;
    private final byte[] registrarKey;

    private RegistrarRecord(byte[] bytes, int state, String number, byte[] ownerKey, long since, long until,
            long issued, byte[] registrarKey) {
        super(bytes, bytes.length - IdentityKey.SIGNATURE_SIZE);
        this.state = state;
        this.number = number;
        this.ownerKey = ownerKey;
        this.since = since;
        this.until = until;
        this.issued = issued;
        this.registrarKey = registrarKey;
    }

    /** "{@code number} is owned by {@code ownerKey} since {@code since}", signed by the registrar. */
    public static RegistrarRecord owned(IdentityKey registrar, String number, byte[] ownerKey, long since,
            long issued) {
        return sign(registrar, OWNED, number, ownerKey, since, 0, issued);
    }

    /** "{@code number}, released by {@code ownerKey} at {@code since}, is in quarantine until {@code until}". */
    public static RegistrarRecord quarantine(IdentityKey registrar, String number, byte[] ownerKey, long since,
            long until, long issued) {
        if (until <= since) {
            throw new IllegalArgumentException("quarantine until " + until + " is not after " + since);
        }
        return sign(registrar, QUARANTINE, number, ownerKey, since, until, issued);
    }

    /** @throws IdentityException naming the field that is wrong */
    public static RegistrarRecord decode(byte[] buf, int off, int len) throws IdentityException {
        RecordReader r = new RecordReader(buf, off, len, Records.REGISTRAR_RECORD);
        int state = r.u8("state");
        if (state != OWNED && state != QUARANTINE) {
            throw r.error("state: " + state + ", expected 1 (owned) or 2 (quarantine)");
        }
        String number = r.number("number");
        if (number.length() == 0) {
            throw r.error("number: empty");
        }
        byte[] ownerKey = r.raw(IdentityKey.PUBLIC_KEY_SIZE, "owner key");
        long since = r.u32("since");
        long until = r.u32("until");
        if (state == OWNED && until != 0) {
            throw r.error("until: " + until + " in an owned record, expected 0");
        }
        if (state == QUARANTINE && until <= since) {
            throw r.error("until: " + until + " is not after since " + since);
        }
        long issued = r.u32("issued");
        byte[] registrarKey = r.raw(IdentityKey.PUBLIC_KEY_SIZE, "registrar key");
        r.expectRemaining(IdentityKey.SIGNATURE_SIZE, "signature");
        return new RegistrarRecord(slice(buf, off, len), state, number, ownerKey, since, until, issued,
            registrarKey);
    }

    public byte[] ownerKey() {
        return Records.copy(ownerKey);
    }

    public byte[] registrarKey() {
        return Records.copy(registrarKey);
    }

    /** Whether the record names {@code trustedRegistrarKey} and is signed by it. */
    public boolean verify(byte[] trustedRegistrarKey) {
        return Records.equal(registrarKey, trustedRegistrarKey) && verifySignature(trustedRegistrarKey);
    }

    /** Whether at {@code nowSeconds} the record says {@code key} owns the number. */
    public boolean isOwnedBy(byte[] key, long nowSeconds) {
        return state == OWNED && nowSeconds >= since && Records.equal(ownerKey, key);
    }

    public String toString() {
        return "REGISTRAR_RECORD " + (state == OWNED ? "owned" : "quarantine until=" + until) + " number=" + number
            + " owner=" + IdentityKey.fingerprint(ownerKey) + " since=" + since + " issued=" + issued + " registrar="
            + IdentityKey.fingerprint(registrarKey);
    }

    private static RegistrarRecord sign(IdentityKey registrar, int state, String number, byte[] ownerKey, long since,
            long until, long issued) {
        byte[] owner = Records.checkKey(ownerKey, "owner key");
        byte[] registrarKey = registrar.publicKey();
        RecordWriter w = new RecordWriter(MAX_LENGTH).u8(Records.REGISTRAR_RECORD).u8(Records.VERSION).u8(state)
            .number(Records.checkNumber(number, "number", false)).raw(owner).u32(Records.checkTime(since, "since"))
            .u32(Records.checkTime(until, "until")).u32(Records.checkTime(issued, "issued")).raw(registrarKey);
        return new RegistrarRecord(sign(registrar, Records.REGISTRAR_RECORD, w), state, number, owner, since, until,
            issued, registrarKey);
    }
}
