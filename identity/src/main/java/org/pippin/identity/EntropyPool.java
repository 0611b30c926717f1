package org.pippin.identity;

import org.bouncycastle.crypto.digests.SHA256Digest;
import org.pippin.protocol.Clock;

/**
 * The phone's own entropy source, since CLDC has no {@code SecureRandom}. Every sample is hashed into a SHA-256 pool;
 * only some samples are credited, and a {@link Drbg} is handed out only once {@link #REQUIRED_BITS} are credited.
 *
 * <p>Sources. (1) Timing jitter: count how many turns of a busy loop (or of {@code Thread.yield()}) fit before the
 * millisecond clock ticks. The count depends on the timer interrupt's phase, on radio-stack and garbage-collector
 * threads, cache and bus state, and on every other thread the VM and the phone's OS schedule: nothing an attacker who
 * knows the phone model and the time of day can reproduce to the last loop turn. (2) Key presses: the millisecond at
 * which the user presses each key. (3) Free memory, thread count and object hash codes, mixed in but never credited.
 *
 * <p>Credit, conservatively: for each source the estimator keeps the last value and its first and second differences
 * (as the classic Linux estimator did); a sample earns floor(log2(min(|d1|, |d2|, |d3|))) bits, capped at
 * {@link #JITTER_CAP} bit per jitter sample and {@link #KEY_CAP} bits per key press. A clock that ticks regularly
 * against a deterministic loop yields constant counts, zero differences, and so no credit at all.
 *
 * <p>Why it is enough: an Ed25519 key offers 128-bit security; we require {@value #REQUIRED_BITS} credited bits,
 * twice that, while each credited bit stands for at least 2 (jitter) or 4 (keys) equally likely values of the
 * underlying sample. Even if an attacker could predict the loop counts far better than that, the output stays out of
 * reach unless the credit is wrong by more than a factor of two. SHA-256 condenses whatever entropy there is, credited
 * or not, into the seed. On a phone with a 10 ms clock, 256 jitter samples take about 3 s, less with key presses.
 */
public final class EntropyPool {
    /** Credited bits needed before a {@link Drbg} is handed out. */
    public static final int REQUIRED_BITS = 256;
    /** Most bits one jitter sample is credited with. */
    public static final int JITTER_CAP = 1;
    /** Most bits one key press is credited with. */
    public static final int KEY_CAP = 2;
    /** A clock that has not ticked after this many loop turns is stuck: the sample is mixed but not credited. */
    static final int MAX_SPIN = 1000000;

    private static final int SOURCE_BUSY = 1;
    private static final int SOURCE_YIELD = 2;
    private static final int SOURCE_KEY = 3;
    private static final int SOURCE_BYTES = 4;
    private static final int SOURCE_SYSTEM = 5;

    private final SHA256Digest pool = new SHA256Digest();
    private final Clock clock;
    private final byte[] sampleBytes = new byte[9];
    private final Estimator jitter = new Estimator();
    private final Estimator keys = new Estimator();
    private int credited;
    private int extracted;

    /** @param clock the phone's millisecond clock ({@code System.currentTimeMillis} behind a {@link Clock}) */
    public EntropyPool(Clock clock) {
        this.clock = clock;
    }

    /**
     * Takes {@code samples} timing-jitter samples, alternating busy loops and {@code Thread.yield()} loops, and mixes
     * system state with each. Blocks for about one clock tick per sample: the caller runs it in slices and shows
     * progress.
     */
    public void collect(int samples) {
        Runtime rt = Runtime.getRuntime();
        for (int i = 0; i < samples; i++) {
            boolean yield = (i & 1) != 0;
            long start = clock.nowMillis();
            long now = start;
            int turns = 0;
            while (now == start && turns < MAX_SPIN) {
                if (yield) {
                    Thread.yield();
                }
                turns++;
                now = clock.nowMillis();
            }
            mix(yield ? SOURCE_YIELD : SOURCE_BUSY, turns);
            if (turns < MAX_SPIN) {
                credit(jitter.credit(turns, JITTER_CAP));
            }
            mix(SOURCE_SYSTEM, now);
            mix(SOURCE_SYSTEM, rt.freeMemory());
            mix(SOURCE_SYSTEM, System.identityHashCode(new Object()));
        }
        mix(SOURCE_SYSTEM, Thread.activeCount());
    }

    /** Mixes in a key press: the UI calls this from {@code keyPressed} with the key and the clock's millisecond. */
    public void addKeyPress(int keyCode, long whenMillis) {
        mix(SOURCE_KEY, keyCode);
        mix(SOURCE_KEY, whenMillis);
        credit(keys.credit(whenMillis, KEY_CAP));
    }

    /** Mixes in bytes that may help but are never credited (a relay's nonce, device properties, a stored seed). */
    public void addBytes(byte[] b, int off, int len) {
        mix(SOURCE_BYTES, len);
        pool.update(b, off, len);
    }

    /** Bits credited since the last {@link #newDrbg()}, at most {@link #REQUIRED_BITS}. */
    public int creditedBits() {
        return Math.min(credited, REQUIRED_BITS);
    }

    public boolean isReady() {
        return credited >= REQUIRED_BITS;
    }

    /**
     * A generator seeded from the pool. The credit is spent: the next call needs {@link #REQUIRED_BITS} new bits.
     *
     * @throws IllegalStateException if fewer than {@link #REQUIRED_BITS} bits are credited
     */
    public Drbg newDrbg() {
        if (!isReady()) {
            throw new IllegalStateException("entropy pool has " + credited + " of " + REQUIRED_BITS
                + " bits needed for a key");
        }
        SHA256Digest out = new SHA256Digest(pool);
        out.update((byte) 0x01);
        out.update((byte) ++extracted);
        byte[] seed = new byte[out.getDigestSize()];
        out.doFinal(seed, 0);
        mix(SOURCE_SYSTEM, extracted);
        credited = 0;
        return new Drbg(seed);
    }

    private void credit(int bits) {
        credited += bits;
    }

    private void mix(int source, long value) {
        sampleBytes[0] = (byte) source;
        for (int i = 1; i < 9; i++) {
            sampleBytes[i] = (byte) (value >>> (8 * (8 - i)));
        }
        pool.update(sampleBytes, 0, sampleBytes.length);
    }

    /** First, second and third differences of one source's samples; credit follows the smallest. */
    static final class Estimator {
        private long last;
        private long lastD1;
        private long lastD2;
        private int seen;

        int credit(long sample, int cap) {
            long d1 = sample - last;
            long d2 = d1 - lastD1;
            long d3 = d2 - lastD2;
            last = sample;
            lastD1 = d1;
            lastD2 = d2;
            if (++seen < 4) {
                return 0;
            }
            long min = Math.min(abs(d1), Math.min(abs(d2), abs(d3)));
            int bits = 0;
            while (min > 1 && bits < cap) {
                min >>= 1;
                bits++;
            }
            return bits;
        }

        private static long abs(long v) {
            return v < 0 ? -v : v;
        }
    }
}
