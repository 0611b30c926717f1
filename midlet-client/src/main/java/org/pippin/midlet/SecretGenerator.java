package org.pippin.midlet;

import org.pippin.protocol.Clock;

/**
 * Makes the device secret once, on first start. CLDC has no SecureRandom, so entropy comes from timing jitter:
 * how many loop turns fit between two clock ticks varies with interrupts, radio activity and the VM's state.
 * Each sample is folded, together with the time, free memory and a fresh object's identity hash, into a 128-bit
 * pool through a 32-bit avalanche mix. Good enough to tell devices apart; real key pairs replace it later.
 */
public final class SecretGenerator {

    public static final int SECRET_BYTES = 16;
    /** Clock ticks sampled; each costs one tick (about 1-16 ms depending on the platform's timer). */
    static final int SAMPLES = 48;
    /** Bound on one tick wait, so a stalled clock cannot hang the MIDlet. */
    static final int MAX_SPINS = 2000000;

    private final Clock clock;
    private final int[] pool = new int[4];
    private int mixed;

    public SecretGenerator(Clock clock) {
        this.clock = clock;
    }

    /** Gathers {@link #SAMPLES} timing samples and returns {@link #SECRET_BYTES} secret bytes. */
    public byte[] generate() {
        Runtime rt = Runtime.getRuntime();
        for (int i = 0; i < SAMPLES; i++) {
            long start = clock.nowMillis();
            int spins = 0;
            while (clock.nowMillis() == start && spins < MAX_SPINS) {
                spins++;
            }
            add(spins);
            add((int) start);
            add((int) (start >>> 32));
            add((int) rt.freeMemory());
            add(System.identityHashCode(new Object()));
        }
        byte[] out = new byte[SECRET_BYTES];
        for (int i = 0; i < out.length; i += 4) {
            add(i);
            int v = pool[(i >> 2) & 3] ^ pool[((i >> 2) + 1) & 3];
            for (int j = 0; j < 4 && i + j < out.length; j++) {
                out[i + j] = (byte) (v >>> (24 - 8 * j));
            }
        }
        return out;
    }

    /** Folds one sample into the pool; every word depends on every earlier sample. */
    void add(int sample) {
        int lane = mixed & 3;
        int prev = pool[(lane + 3) & 3];
        pool[lane] = avalanche(pool[lane] ^ sample ^ (prev << 7 | prev >>> 25) ^ mixed);
        mixed++;
    }

    /** MurmurHash3's 32-bit finalizer: every input bit flips each output bit with probability about 1/2. */
    static int avalanche(int h) {
        h ^= h >>> 16;
        h *= 0x85ebca6b;
        h ^= h >>> 13;
        h *= 0xc2b2ae35;
        h ^= h >>> 16;
        return h;
    }
}
