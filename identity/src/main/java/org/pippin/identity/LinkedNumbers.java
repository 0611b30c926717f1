package org.pippin.identity;

/**
 * LINKED_NUMBERS: the numbers that ring when a number is called, and how, signed by the number's owner and kept by
 * the registrar. Linked numbers are external ones ({@code +} and country code, reached through a relay's SIP trunk,
 * rung only once the registrar holds them verified) or other Pippin numbers. A higher {@code sequence} replaces a
 * lower one; an empty list unlinks everything.
 *
 * <pre>
 * +------+---------+-------------+-----------+----------+------+------+-------+----------------+-----------+
 * | type | version | owner (BCD) | owner key | sequence | rule | step | count | count x number | signature |
 * +------+---------+-------------+-----------+----------+------+------+-------+----------------+-----------+
 *   0x40   0x01      1 + (n+1)/2   32 bytes    u32        u8     u8 s   u8      BCD each         64 bytes
 * </pre>
 *
 * rule: 0 every linked number rings at once with the owner's phone, 1 one after another (the owner's phone first),
 * each for {@code step} seconds ({@link #MIN_STEP}..{@link #MAX_STEP}). At most {@link #MAX_LINKS} numbers, none twice.
 */
public final class LinkedNumbers extends SignedRecord {
    public static final int RING_ALL = 0;
    public static final int SEQUENTIAL = 1;
    public static final int MAX_LINKS = 8;
    public static final int MIN_STEP = 5;
    public static final int MAX_STEP = 120;
    public static final int MAX_LENGTH = 2 + 11 + IdentityKey.PUBLIC_KEY_SIZE + 4 + 3 + MAX_LINKS * 11
        + IdentityKey.SIGNATURE_SIZE;

    public final String owner;
    private final byte[] ownerKey;
    public final long sequence;
    public final int rule;
    public final int stepSeconds;
    private final String[] numbers;

    private LinkedNumbers(byte[] bytes, String owner, byte[] ownerKey, long sequence, int rule, int stepSeconds,
            String[] numbers) {
        super(bytes, bytes.length - IdentityKey.SIGNATURE_SIZE);
        this.owner = owner;
        this.ownerKey = ownerKey;
        this.sequence = sequence;
        this.rule = rule;
        this.stepSeconds = stepSeconds;
        this.numbers = numbers;
    }

    /** @throws IllegalArgumentException for a field out of range, a number twice or the owner linked to itself */
    public static LinkedNumbers sign(IdentityKey key, String owner, long sequence, int rule, int stepSeconds,
            String[] numbers) {
        if (rule != RING_ALL && rule != SEQUENTIAL) {
            throw new IllegalArgumentException("rule " + rule + ", expected 0 (ring all) or 1 (sequential)");
        }
        if (stepSeconds < MIN_STEP || stepSeconds > MAX_STEP) {
            throw new IllegalArgumentException("step " + stepSeconds + " s, expected " + MIN_STEP + ".." + MAX_STEP);
        }
        if (numbers.length > MAX_LINKS) {
            throw new IllegalArgumentException(numbers.length + " linked numbers, at most " + MAX_LINKS);
        }
        String[] n = new String[numbers.length];
        for (int i = 0; i < n.length; i++) {
            n[i] = Records.checkNumber(numbers[i], "linked number", false);
        }
        String problem = duplicate(owner, n);
        if (problem != null) {
            throw new IllegalArgumentException(problem);
        }
        byte[] ownerKey = key.publicKey();
        RecordWriter w = new RecordWriter(MAX_LENGTH).u8(Records.LINKED_NUMBERS).u8(Records.VERSION)
            .number(Records.checkNumber(owner, "owner", false)).raw(ownerKey)
            .u32(Records.checkTime(sequence, "sequence")).u8(rule).u8(stepSeconds).u8(n.length);
        for (int i = 0; i < n.length; i++) {
            w.number(n[i]);
        }
        return new LinkedNumbers(sign(key, Records.LINKED_NUMBERS, w), owner, ownerKey, sequence, rule, stepSeconds,
            n);
    }

    /** @throws IdentityException naming the field that is wrong */
    public static LinkedNumbers decode(byte[] buf, int off, int len) throws IdentityException {
        RecordReader r = new RecordReader(buf, off, len, Records.LINKED_NUMBERS);
        String owner = r.number("owner");
        if (owner.length() == 0) {
            throw r.error("owner: empty");
        }
        byte[] ownerKey = r.raw(IdentityKey.PUBLIC_KEY_SIZE, "owner key");
        long sequence = r.u32("sequence");
        int rule = r.u8("rule");
        if (rule != RING_ALL && rule != SEQUENTIAL) {
            throw r.error("rule: " + rule + ", expected 0 (ring all) or 1 (sequential)");
        }
        int step = r.u8("step");
        if (step < MIN_STEP || step > MAX_STEP) {
            throw r.error("step: " + step + " s, expected " + MIN_STEP + ".." + MAX_STEP);
        }
        int count = r.u8("count");
        if (count > MAX_LINKS) {
            throw r.error("count: " + count + ", at most " + MAX_LINKS);
        }
        String[] numbers = new String[count];
        for (int i = 0; i < count; i++) {
            numbers[i] = r.number("linked number");
            if (numbers[i].length() == 0) {
                throw r.error("linked number " + i + ": empty");
            }
        }
        String problem = duplicate(owner, numbers);
        if (problem != null) {
            throw r.error(problem);
        }
        r.expectRemaining(IdentityKey.SIGNATURE_SIZE, "signature");
        return new LinkedNumbers(slice(buf, off, len), owner, ownerKey, sequence, rule, step, numbers);
    }

    /** Whether {@code number} is external (reached through a SIP trunk): it starts with '+'. */
    public static boolean isExternal(String number) {
        return number.length() > 0 && number.charAt(0) == '+';
    }

    public byte[] ownerKey() {
        return Records.copy(ownerKey);
    }

    /** The linked numbers in the owner's order, a copy. */
    public String[] numbers() {
        String[] c = new String[numbers.length];
        System.arraycopy(numbers, 0, c, 0, c.length);
        return c;
    }

    /** Whether the list is signed by {@code ownerKey}, the key the registrar has for {@link #owner}. */
    public boolean verify(byte[] ownerKey) {
        return Records.equal(this.ownerKey, ownerKey) && verifySignature(ownerKey);
    }

    public String toString() {
        return "LINKED_NUMBERS owner=" + owner + " sequence=" + sequence + " rule="
            + (rule == RING_ALL ? "ring-all" : "sequential") + " step=" + stepSeconds + "s numbers=" + numbers.length;
    }

    private static String duplicate(String owner, String[] numbers) {
        for (int i = 0; i < numbers.length; i++) {
            if (numbers[i].equals(owner)) {
                return "linked number " + i + ": the owner itself";
            }
            for (int j = 0; j < i; j++) {
                if (numbers[i].equals(numbers[j])) {
                    return "linked number " + i + ": twice";
                }
            }
        }
        return null;
    }
}
