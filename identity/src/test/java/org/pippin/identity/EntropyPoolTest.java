package org.pippin.identity;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Random;
import org.junit.jupiter.api.Test;
import org.pippin.protocol.Clock;
import org.pippin.protocol.Hex;

class EntropyPoolTest {

    /** A clock that ticks after a number of reads chosen by {@code period}. */
    private static final class ReadCountingClock implements Clock {
        private final java.util.function.IntSupplier period;
        private long now;
        private int left;

        ReadCountingClock(java.util.function.IntSupplier period) {
            this.period = period;
            this.left = period.getAsInt();
        }

        public long nowMillis() {
            if (--left <= 0) {
                now++;
                left = period.getAsInt();
            }
            return now;
        }
    }

    /** A clock ticking like clockwork against the loop gives the same count every time: nothing is credited. */
    @Test
    void regularTicksEarnNoCredit() {
        EntropyPool pool = new EntropyPool(new ReadCountingClock(() -> 50));
        pool.collect(2000);
        assertEquals(0, pool.creditedBits());
        assertFalse(pool.isReady());
        assertEquals("entropy pool has 0 of 256 bits needed for a key",
            assertThrows(IllegalStateException.class, pool::newDrbg).getMessage());
    }

    /** A clock that never ticks is stuck: the loop gives up and nothing is credited. */
    @Test
    void stuckClockEarnsNoCredit() {
        EntropyPool pool = new EntropyPool(() -> 42);
        pool.collect(1);
        assertEquals(0, pool.creditedBits());
    }

    /** Irregular tick phases earn at most one bit per sample, so 256 bits need at least 256 samples. */
    @Test
    void jitterEarnsAtMostOneBitPerSample() {
        Random phases = new Random(1);
        EntropyPool pool = new EntropyPool(new ReadCountingClock(() -> 1 + phases.nextInt(1000)));
        pool.collect(255);
        assertTrue(pool.creditedBits() <= 255 - 3);
        assertFalse(pool.isReady());
        int samples = 255;
        while (!pool.isReady()) {
            pool.collect(1);
            samples++;
            assertTrue(samples < 400, "irregular samples should earn credit");
        }
        assertEquals(EntropyPool.REQUIRED_BITS, pool.creditedBits());
        pool.newDrbg();
        assertEquals(0, pool.creditedBits(), "the credit is spent by a generator");
    }

    /** Key presses at irregular times earn up to two bits each; regular ones (a key held down) earn nothing. */
    @Test
    void keyPresses() {
        EntropyPool regular = new EntropyPool(() -> 0);
        for (int i = 0; i < 500; i++) {
            regular.addKeyPress(-1, 1000L + 100L * i);
        }
        assertEquals(0, regular.creditedBits());

        EntropyPool typed = new EntropyPool(() -> 0);
        Random human = new Random(2);
        long t = 0;
        int presses = 0;
        while (!typed.isReady()) {
            t += 150 + human.nextInt(400);
            typed.addKeyPress('0' + presses % 10, t);
            presses++;
        }
        assertTrue(presses >= EntropyPool.REQUIRED_BITS / EntropyPool.KEY_CAP, "presses " + presses);
        assertTrue(presses < 200, "presses " + presses);
    }

    /** The seed depends on every input, credited or not. */
    @Test
    void everyInputChangesTheKey() {
        byte[] a = keyAfter(new byte[] {1});
        byte[] b = keyAfter(new byte[] {2});
        byte[] c = keyAfter(new byte[] {1});
        assertEquals(Hex.of(a), Hex.of(c));
        assertFalse(Hex.of(a).equals(Hex.of(b)));
    }

    private static byte[] keyAfter(byte[] extra) {
        EntropyPool pool = new EntropyPool(() -> 0);
        Random human = new Random(3);
        long t = 0;
        while (!pool.isReady()) {
            t += 150 + human.nextInt(400);
            pool.addKeyPress(5, t);
        }
        pool.addBytes(extra, 0, extra.length);
        return IdentityKey.generate(pool.newDrbg()).publicKey();
    }

    /** On this machine's real clock the pool fills (how fast is the benchmark's business). */
    @Test
    void realClockFills() {
        EntropyPool pool = new EntropyPool(System::currentTimeMillis);
        int samples = 0;
        while (!pool.isReady() && samples < 20000) {
            pool.collect(16);
            samples += 16;
        }
        assertTrue(pool.isReady(), "credited " + pool.creditedBits() + " after " + samples + " samples");
    }
}
