package org.pippin.identity;

import org.bouncycastle.crypto.digests.SHA256Digest;
import org.bouncycastle.crypto.macs.HMac;
import org.bouncycastle.crypto.params.KeyParameter;

/**
 * HMAC_DRBG with SHA-256 (NIST SP 800-90A, section 10.1.2), without prediction resistance: a deterministic random
 * bit generator. Seeded from an {@link EntropyPool}, it makes key material; seeded with fixed bytes, it makes the
 * same output every run (tests). Not thread-safe.
 */
public final class Drbg {
    /** Bytes of seed needed: 256 bits, the generator's security strength. */
    public static final int MIN_SEED = 32;
    private static final int OUT = 32;

    private final HMac hmac = new HMac(new SHA256Digest());
    private final byte[] k = new byte[OUT];
    private final byte[] v = new byte[OUT];

    /**
     * @param seed at least {@link #MIN_SEED} bytes with full entropy (the DRBG's entropy input and nonce together)
     */
    public Drbg(byte[] seed) {
        if (seed == null || seed.length < MIN_SEED) {
            throw new IllegalArgumentException("DRBG seed needs at least " + MIN_SEED + " bytes");
        }
        for (int i = 0; i < OUT; i++) {
            v[i] = 1;
        }
        update(seed, 0, seed.length);
    }

    /** Mixes more input into the state (SP 800-90A reseed without a counter): never lowers the entropy. */
    public void reseed(byte[] input) {
        update(input, 0, input.length);
    }

    /** Fills {@code out[off..off+len)}. */
    public void nextBytes(byte[] out, int off, int len) {
        int done = 0;
        while (done < len) {
            refreshV();
            int n = Math.min(OUT, len - done);
            System.arraycopy(v, 0, out, off + done, n);
            done += n;
        }
        update(null, 0, 0);
    }

    private void update(byte[] data, int off, int len) {
        refreshK(0, data, off, len);
        refreshV();
        if (len > 0) {
            refreshK(1, data, off, len);
            refreshV();
        }
    }

    /** K = HMAC(K, V || separator || data). */
    private void refreshK(int separator, byte[] data, int off, int len) {
        hmac.init(new KeyParameter(k));
        hmac.update(v, 0, OUT);
        hmac.update((byte) separator);
        if (len > 0) {
            hmac.update(data, off, len);
        }
        hmac.doFinal(k, 0);
    }

    /** V = HMAC(K, V). */
    private void refreshV() {
        hmac.init(new KeyParameter(k));
        hmac.update(v, 0, OUT);
        hmac.doFinal(v, 0);
    }
}
