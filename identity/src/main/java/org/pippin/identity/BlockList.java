package org.pippin.identity;

/**
 * BLOCK_LIST: the numbers and prefixes a number's owner refuses calls from, and whether anonymous callers are refused,
 * signed by the owner and kept by the registrar. A higher {@code sequence} replaces a lower one.
 *
 * <pre>
 * +------+---------+--------------+-----------+----------+-------+-------+-------------------+-----------------+
 * | type | version | owner (BCD)  | owner key | sequence | flags | count | count x entry     | signature       |
 * +------+---------+--------------+-----------+----------+-------+-------+-------------------+-----------------+
 *   0x03   0x01      1 + (n+1)/2    32 bytes    u32        u8      u8      kind u8 + BCD       64 bytes
 *                                                          bit 0: block anonymous callers
 *                                                                          kind 0: number, 1: prefix (1..20 digits)
 * </pre>
 *
 * At most {@link #MAX_ENTRIES} entries, numbers before prefixes, so the largest list is {@link #MAX_LENGTH} bytes.
 */
public final class BlockList extends SignedRecord {
    public static final int MAX_ENTRIES = 32;
    public static final int FLAG_BLOCK_ANONYMOUS = 0x01;
    public static final int KIND_NUMBER = 0;
    public static final int KIND_PREFIX = 1;
    public static final int MAX_LENGTH = 2 + 11 + IdentityKey.PUBLIC_KEY_SIZE + 4 + 1 + 1 + MAX_ENTRIES * (1 + 11)
        + IdentityKey.SIGNATURE_SIZE;

    public final String owner;
    private final byte[] ownerKey;
    public final long sequence;
    public final boolean blockAnonymous;
    private final String[] numbers;
    private final String[] prefixes;

    private BlockList(byte[] bytes, String owner, byte[] ownerKey, long sequence, boolean blockAnonymous,
            String[] numbers, String[] prefixes) {
        super(bytes, bytes.length - IdentityKey.SIGNATURE_SIZE);
        this.owner = owner;
        this.ownerKey = ownerKey;
        this.sequence = sequence;
        this.blockAnonymous = blockAnonymous;
        this.numbers = numbers;
        this.prefixes = prefixes;
    }

    /** The owner's list; {@code sequence} must exceed that of the list it replaces. */
    public static BlockList sign(IdentityKey key, String owner, long sequence, boolean blockAnonymous,
            String[] numbers, String[] prefixes) {
        if (numbers.length + prefixes.length > MAX_ENTRIES) {
            throw new IllegalArgumentException((numbers.length + prefixes.length) + " entries, at most "
                + MAX_ENTRIES);
        }
        byte[] ownerKey = key.publicKey();
        RecordWriter w = new RecordWriter(MAX_LENGTH).u8(Records.BLOCK_LIST).u8(Records.VERSION)
            .number(Records.checkNumber(owner, "owner", false)).raw(ownerKey)
            .u32(Records.checkTime(sequence, "sequence")).u8(blockAnonymous ? FLAG_BLOCK_ANONYMOUS : 0)
            .u8(numbers.length + prefixes.length);
        String[] n = copyEntries(numbers, "blocked number");
        String[] p = copyEntries(prefixes, "blocked prefix");
        for (int i = 0; i < n.length; i++) {
            w.u8(KIND_NUMBER).number(n[i]);
        }
        for (int i = 0; i < p.length; i++) {
            w.u8(KIND_PREFIX).number(p[i]);
        }
        return new BlockList(sign(key, Records.BLOCK_LIST, w), owner, ownerKey, sequence, blockAnonymous, n, p);
    }

    /** @throws IdentityException naming the field that is wrong */
    public static BlockList decode(byte[] buf, int off, int len) throws IdentityException {
        RecordReader r = new RecordReader(buf, off, len, Records.BLOCK_LIST);
        String owner = r.number("owner");
        if (owner.length() == 0) {
            throw r.error("owner: empty");
        }
        byte[] ownerKey = r.raw(IdentityKey.PUBLIC_KEY_SIZE, "owner key");
        long sequence = r.u32("sequence");
        int flags = r.u8("flags");
        if ((flags & ~FLAG_BLOCK_ANONYMOUS) != 0) {
            throw r.error("flags: reserved bits set in 0x" + Integer.toHexString(flags));
        }
        int count = r.u8("count");
        if (count > MAX_ENTRIES) {
            throw r.error("count: " + count + ", at most " + MAX_ENTRIES);
        }
        String[] all = new String[count];
        int numberCount = 0;
        for (int i = 0; i < count; i++) {
            int kind = r.u8("entry kind");
            if (kind == KIND_NUMBER) {
                if (numberCount != i) {
                    throw r.error("entry " + i + ": number after a prefix");
                }
                numberCount++;
            } else if (kind != KIND_PREFIX) {
                throw r.error("entry " + i + ": kind " + kind + ", expected 0 (number) or 1 (prefix)");
            }
            all[i] = r.number("entry");
            if (all[i].length() == 0) {
                throw r.error("entry " + i + ": empty");
            }
        }
        r.expectRemaining(IdentityKey.SIGNATURE_SIZE, "signature");
        String[] numbers = new String[numberCount];
        String[] prefixes = new String[count - numberCount];
        System.arraycopy(all, 0, numbers, 0, numberCount);
        System.arraycopy(all, numberCount, prefixes, 0, prefixes.length);
        return new BlockList(slice(buf, off, len), owner, ownerKey, sequence,
            (flags & FLAG_BLOCK_ANONYMOUS) != 0, numbers, prefixes);
    }

    public byte[] ownerKey() {
        return Records.copy(ownerKey);
    }

    /** Blocked numbers, a copy. */
    public String[] numbers() {
        return copy(numbers);
    }

    /** Blocked prefixes, a copy. */
    public String[] prefixes() {
        return copy(prefixes);
    }

    /** Whether the list is signed by {@code ownerKey}, the key the registrar has for {@link #owner}. */
    public boolean verify(byte[] ownerKey) {
        return Records.equal(this.ownerKey, ownerKey) && verifySignature(ownerKey);
    }

    /** Whether a call from {@code caller} is refused; null or empty means an anonymous caller. */
    public boolean blocks(String caller) {
        if (caller == null || caller.length() == 0) {
            return blockAnonymous;
        }
        for (int i = 0; i < numbers.length; i++) {
            if (numbers[i].equals(caller)) {
                return true;
            }
        }
        for (int i = 0; i < prefixes.length; i++) {
            if (caller.startsWith(prefixes[i])) {
                return true;
            }
        }
        return false;
    }

    public String toString() {
        return "BLOCK_LIST owner=" + owner + " sequence=" + sequence + " numbers=" + numbers.length + " prefixes="
            + prefixes.length + (blockAnonymous ? " anonymous" : "");
    }

    private static String[] copyEntries(String[] entries, String field) {
        String[] c = copy(entries);
        for (int i = 0; i < c.length; i++) {
            Records.checkNumber(c[i], field, false);
        }
        return c;
    }

    private static String[] copy(String[] a) {
        String[] c = new String[a.length];
        System.arraycopy(a, 0, c, 0, a.length);
        return c;
    }
}
