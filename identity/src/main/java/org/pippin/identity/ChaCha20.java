package org.pippin.identity;

/**
 * The ChaCha20 stream cipher of RFC 8439 (32-byte key, 96-bit nonce, 32-bit block counter), written out so that
 * encrypting a voice packet allocates nothing.
 */
final class ChaCha20 {
    private final int[] state = new int[16];
    private final int[] x = new int[16];
    private final byte[] stream = new byte[64];

    ChaCha20(byte[] key) {
        if (key == null || key.length != 32) {
            throw new IllegalArgumentException("ChaCha20 key must be 32 bytes");
        }
        state[0] = 0x61707865;
        state[1] = 0x3320646e;
        state[2] = 0x79622d32;
        state[3] = 0x6b206574;
        for (int i = 0; i < 8; i++) {
            state[4 + i] = le(key, 4 * i);
        }
    }

    /** The nonce as three little-endian words, as RFC 8439 lays it out. */
    void nonce(int n0, int n1, int n2) {
        state[13] = n0;
        state[14] = n1;
        state[15] = n2;
    }

    /** XORs the keystream starting at block {@code counter} into {@code buf[off..off+len)}. */
    void xor(int counter, byte[] buf, int off, int len) {
        int done = 0;
        while (done < len) {
            block(counter++);
            int n = Math.min(64, len - done);
            for (int i = 0; i < n; i++) {
                buf[off + done + i] ^= stream[i];
            }
            done += n;
        }
    }

    private void block(int counter) {
        state[12] = counter;
        System.arraycopy(state, 0, x, 0, 16);
        for (int i = 0; i < 10; i++) {
            quarter(0, 4, 8, 12);
            quarter(1, 5, 9, 13);
            quarter(2, 6, 10, 14);
            quarter(3, 7, 11, 15);
            quarter(0, 5, 10, 15);
            quarter(1, 6, 11, 12);
            quarter(2, 7, 8, 13);
            quarter(3, 4, 9, 14);
        }
        for (int i = 0; i < 16; i++) {
            int v = x[i] + state[i];
            stream[4 * i] = (byte) v;
            stream[4 * i + 1] = (byte) (v >>> 8);
            stream[4 * i + 2] = (byte) (v >>> 16);
            stream[4 * i + 3] = (byte) (v >>> 24);
        }
    }

    private void quarter(int a, int b, int c, int d) {
        x[a] += x[b];
        x[d] = rotl(x[d] ^ x[a], 16);
        x[c] += x[d];
        x[b] = rotl(x[b] ^ x[c], 12);
        x[a] += x[b];
        x[d] = rotl(x[d] ^ x[a], 8);
        x[c] += x[d];
        x[b] = rotl(x[b] ^ x[c], 7);
    }

    private static int rotl(int v, int n) {
        return v << n | v >>> (32 - n);
    }

    static int le(byte[] b, int off) {
        return b[off] & 0xFF | (b[off + 1] & 0xFF) << 8 | (b[off + 2] & 0xFF) << 16 | (b[off + 3] & 0xFF) << 24;
    }
}
