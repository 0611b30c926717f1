package org.pippin.identity;

/**
 * CLAIM: a phone asks the registrar for a number, signed with its identity key and stamped with proof of work.
 *
 * <pre>
 * +------+---------+------+----------------+----------------+------+------------+-------------+-----------------+
 * | type | version | mode | number (BCD)   | public key     | time | difficulty | nonce       | signature       |
 * +------+---------+------+----------------+----------------+------+------------+-------------+-----------------+
 *   0x01   0x01      u8     1 + (n+1)/2      32 bytes          u32    u8           u64           64 bytes
 *                           SPECIFIC: the number wanted (1..20 digits)
 *                           RANDOM: a prefix the random number starts with (0..20 digits)
 * </pre>
 *
 * {@code time} is seconds since 1970. The proof of work ({@link ProofOfWork}) covers every byte before the nonce; the
 * signature covers the domain tag {@code "pippin claim v1"} and every byte before it. The registrar checks the
 * signature, that {@code difficulty} is at least what the network asks and the work meets it, that {@code time} is
 * recent, and that the same claim is not seen twice (for RANDOM the claim names no number, so a replay would take a
 * second one: remember claims by nonce and key until they are too old).
 */
public final class Claim extends SignedRecord {
    public static final int SPECIFIC = 0;
    public static final int RANDOM = 1;
    /** Largest claim: a 20-digit number. */
    public static final int MAX_LENGTH = 3 + 11 + IdentityKey.PUBLIC_KEY_SIZE + 4 + 1 + 8 + IdentityKey.SIGNATURE_SIZE;

    public final int mode;
    /** The number wanted (SPECIFIC) or the prefix of the random number (RANDOM, may be empty). */
    public final String number;
    private final byte[] publicKey;
    public final long time;
    public final int difficulty;
    public final long nonce;
    private final int workLength;

    private Claim(byte[] bytes, int mode, String number, byte[] publicKey, long time, int difficulty, long nonce) {
        super(bytes, bytes.length - IdentityKey.SIGNATURE_SIZE);
        this.mode = mode;
        this.number = number;
        this.publicKey = publicKey;
        this.time = time;
        this.difficulty = difficulty;
        this.nonce = nonce;
        this.workLength = bytes.length - IdentityKey.SIGNATURE_SIZE - 8;
    }

    /**
     * The work to do before {@link #sign}: run {@link ProofOfWork#search} until solved, then pass its nonce.
     */
    public static ProofOfWork work(int mode, String number, byte[] publicKey, long time, int difficulty) {
        RecordWriter w = unsigned(mode, number, Records.checkKey(publicKey, "public key"), time, difficulty);
        byte[] challenge = w.toBytes(0);
        return new ProofOfWork(challenge, 0, challenge.length, difficulty);
    }

    /** The signed claim, with the {@code nonce} found by the {@link #work} for the same fields. */
    public static Claim sign(IdentityKey key, int mode, String number, long time, int difficulty, long nonce) {
        byte[] publicKey = key.publicKey();
        RecordWriter w = unsigned(mode, number, publicKey, time, difficulty).u64(nonce);
        return new Claim(sign(key, Records.CLAIM, w), mode, number, publicKey, time, difficulty, nonce);
    }

    /**
     * Reads a claim, checking its form (not its signature or work: see {@link #verify}).
     *
     * @throws IdentityException naming the field that is wrong
     */
    public static Claim decode(byte[] buf, int off, int len) throws IdentityException {
        RecordReader r = new RecordReader(buf, off, len, Records.CLAIM);
        int mode = r.u8("mode");
        if (mode != SPECIFIC && mode != RANDOM) {
            throw r.error("mode: " + mode + ", expected 0 (specific) or 1 (random)");
        }
        String number = r.number("number");
        if (mode == SPECIFIC && number.length() == 0) {
            throw r.error("number: empty in a specific claim");
        }
        byte[] publicKey = r.raw(IdentityKey.PUBLIC_KEY_SIZE, "public key");
        long time = r.u32("time");
        int difficulty = r.u8("difficulty");
        if (difficulty > ProofOfWork.MAX_DIFFICULTY) {
            throw r.error("difficulty: " + difficulty + ", at most " + ProofOfWork.MAX_DIFFICULTY);
        }
        long nonce = r.u64("nonce");
        r.expectRemaining(IdentityKey.SIGNATURE_SIZE, "signature");
        return new Claim(slice(buf, off, len), mode, number, publicKey, time, difficulty, nonce);
    }

    /** The claimant's public key, a copy. */
    public byte[] publicKey() {
        return Records.copy(publicKey);
    }

    /** Whether the nonce meets the claim's own {@link #difficulty}. */
    public boolean verifyWork() {
        return ProofOfWork.verify(encode(), 0, workLength, difficulty, nonce);
    }

    /**
     * Whether the claim is signed by its own key, states at least {@code minDifficulty} and its work meets it.
     * Freshness of {@link #time} and replays are the registrar's to check.
     */
    public boolean verify(int minDifficulty) {
        return difficulty >= minDifficulty && verifySignature(publicKey) && verifyWork();
    }

    public String toString() {
        return "CLAIM " + (mode == SPECIFIC ? "number=" + number : "random prefix=" + number) + " key="
            + IdentityKey.fingerprint(publicKey) + " time=" + time + " difficulty=" + difficulty;
    }

    private static RecordWriter unsigned(int mode, String number, byte[] publicKey, long time, int difficulty) {
        if (mode != SPECIFIC && mode != RANDOM) {
            throw new IllegalArgumentException("claim mode " + mode + ", expected SPECIFIC or RANDOM");
        }
        Records.checkNumber(number, "number", mode == RANDOM);
        return new RecordWriter(MAX_LENGTH).u8(Records.CLAIM).u8(Records.VERSION).u8(mode).number(number)
            .raw(publicKey).u32(Records.checkTime(time, "time")).u8(ProofOfWork.checkDifficulty(difficulty));
    }
}
