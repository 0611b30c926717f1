package org.pippin.identity;

import org.bouncycastle.crypto.digests.SHA256Digest;

/**
 * Hashcash-style proof of work: find a 64-bit nonce such that SHA-256("pippin pow v1" || 0x00 || challenge || nonce)
 * starts with at least {@code difficulty} zero bits (nonce big-endian, 8 bytes). Expected work is 2^difficulty
 * hashes; checking is one hash.
 *
 * <p>The search runs in slices ({@link #search(int)}) so a phone's UI thread or a worker can show progress and stop
 * (cancelling is simply not calling it again). Nothing is allocated per try.
 */
public final class ProofOfWork {
    /** Highest difficulty a record may state; 2^40 hashes is far beyond any phone. */
    public static final int MAX_DIFFICULTY = 40;
    private static final String DOMAIN = "pippin pow v1";

    private final SHA256Digest prefix;
    private final SHA256Digest work;
    private final int difficulty;
    private final byte[] nonceBytes = new byte[8];
    private final byte[] hash = new byte[32];
    private long next;
    private long tries;
    private boolean solved;

    /**
     * @param challenge the bytes the work is bound to (a claim's unsigned fields); copied into the hash state
     * @param difficulty 0..{@link #MAX_DIFFICULTY} leading zero bits
     */
    public ProofOfWork(byte[] challenge, int off, int len, int difficulty) {
        this.difficulty = checkDifficulty(difficulty);
        this.prefix = start(challenge, off, len);
        this.work = new SHA256Digest(prefix);
    }

    /**
     * Tries at most {@code maxTries} nonces and says whether a solution is found (then see {@link #nonce()}).
     * Once solved, further calls return true at once.
     */
    public boolean search(int maxTries) {
        for (int i = 0; i < maxTries && !solved; i++) {
            if (leadingZeroBits(hashOf(next)) >= difficulty) {
                solved = true;
            } else {
                next++;
            }
            tries++;
        }
        return solved;
    }

    public boolean isSolved() {
        return solved;
    }

    /**
     * The nonce found.
     *
     * @throws IllegalStateException if {@link #search} has not found one yet
     */
    public long nonce() {
        if (!solved) {
            throw new IllegalStateException("proof of work not solved after " + tries + " tries");
        }
        return next;
    }

    /** Hashes computed so far. */
    public long tries() {
        return tries;
    }

    public int difficulty() {
        return difficulty;
    }

    /** Whether {@code nonce} solves the work for {@code challenge} at {@code difficulty}. One hash. */
    public static boolean verify(byte[] challenge, int off, int len, int difficulty, long nonce) {
        if (difficulty < 0 || difficulty > MAX_DIFFICULTY) {
            return false;
        }
        ProofOfWork check = new ProofOfWork(challenge, off, len, difficulty);
        return leadingZeroBits(check.hashOf(nonce)) >= difficulty;
    }

    /** Zero bits at the start of a 32-byte hash. */
    static int leadingZeroBits(byte[] h) {
        int bits = 0;
        for (int i = 0; i < h.length; i++) {
            int b = h[i] & 0xFF;
            if (b != 0) {
                while ((b & 0x80) == 0) {
                    b <<= 1;
                    bits++;
                }
                return bits;
            }
            bits += 8;
        }
        return bits;
    }

    static int checkDifficulty(int difficulty) {
        if (difficulty < 0 || difficulty > MAX_DIFFICULTY) {
            throw new IllegalArgumentException("difficulty " + difficulty + " not in 0.." + MAX_DIFFICULTY);
        }
        return difficulty;
    }

    private byte[] hashOf(long nonce) {
        work.reset(prefix);
        for (int i = 0; i < 8; i++) {
            nonceBytes[i] = (byte) (nonce >>> (56 - 8 * i));
        }
        work.update(nonceBytes, 0, 8);
        work.doFinal(hash, 0);
        return hash;
    }

    private static SHA256Digest start(byte[] challenge, int off, int len) {
        SHA256Digest d = new SHA256Digest();
        for (int i = 0; i < DOMAIN.length(); i++) {
            d.update((byte) DOMAIN.charAt(i));
        }
        d.update((byte) 0);
        d.update(challenge, off, len);
        return d;
    }
}
