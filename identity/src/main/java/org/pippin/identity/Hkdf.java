package org.pippin.identity;

import org.bouncycastle.crypto.digests.SHA256Digest;
import org.bouncycastle.crypto.macs.HMac;
import org.bouncycastle.crypto.params.KeyParameter;

/** HKDF with HMAC-SHA256 (RFC 5869): extract, then expand. */
public final class Hkdf {
    public static final int HASH_SIZE = 32;
    /** Longest output RFC 5869 allows for SHA-256. */
    public static final int MAX_LENGTH = 255 * HASH_SIZE;

    private Hkdf() {
    }

    /**
     * {@code length} bytes of output keying material.
     *
     * @param salt may be null or empty (then HASH_SIZE zero bytes, as the RFC says)
     */
    public static byte[] derive(byte[] salt, byte[] ikm, byte[] info, int length) {
        if (length < 0 || length > MAX_LENGTH) {
            throw new IllegalArgumentException("HKDF length " + length + " not in 0.." + MAX_LENGTH);
        }
        HMac hmac = new HMac(new SHA256Digest());
        hmac.init(new KeyParameter(salt == null || salt.length == 0 ? new byte[HASH_SIZE] : salt));
        byte[] prk = new byte[HASH_SIZE];
        hmac.update(ikm, 0, ikm.length);
        hmac.doFinal(prk, 0);

        hmac.init(new KeyParameter(prk));
        byte[] out = new byte[length];
        byte[] t = new byte[HASH_SIZE];
        int done = 0;
        for (int i = 1; done < length; i++) {
            if (i > 1) {
                hmac.update(t, 0, HASH_SIZE);
            }
            if (info != null) {
                hmac.update(info, 0, info.length);
            }
            hmac.update((byte) i);
            hmac.doFinal(t, 0);
            int n = Math.min(HASH_SIZE, length - done);
            System.arraycopy(t, 0, out, done, n);
            done += n;
        }
        return out;
    }
}
