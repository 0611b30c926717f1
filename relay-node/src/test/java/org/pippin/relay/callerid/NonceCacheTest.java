package org.pippin.relay.callerid;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;

class NonceCacheTest {

    private final AtomicLong now = new AtomicLong(1_764_000_000_000L);
    private final NonceCache cache = new NonceCache(6, 3, 120, now::get);

    private static byte[] nonce(int n) {
        return new byte[] {0, 0, 0, 0, 0, 0, (byte) (n >> 8), (byte) n};
    }

    @Test
    void aNonceIsAcceptedOncePerCallerForTwiceTheWindow() {
        assertEquals(NonceCache.Outcome.ADDED, cache.add("555", nonce(1)));
        assertEquals(NonceCache.Outcome.REPLAYED, cache.add("555", nonce(1)));
        assertEquals(NonceCache.Outcome.ADDED, cache.add("777", nonce(1)), "another caller's nonce is its own");
        now.addAndGet(239_999);
        assertEquals(NonceCache.Outcome.REPLAYED, cache.add("555", nonce(1)));
        now.addAndGet(1);
        assertEquals(NonceCache.Outcome.ADDED, cache.add("555", nonce(1)), "forgotten after 2 x 120 s");
    }

    @Test
    void oneCallerCannotFillTheCacheAndAFullCacheRefusesRatherThanForgets() {
        for (int i = 0; i < 3; i++) {
            assertEquals(NonceCache.Outcome.ADDED, cache.add("555", nonce(i)));
        }
        assertEquals(NonceCache.Outcome.CALLER_FULL, cache.add("555", nonce(3)));
        for (int i = 0; i < 3; i++) {
            assertEquals(NonceCache.Outcome.ADDED, cache.add("7" + i, nonce(i)));
        }
        assertEquals(6, cache.size());
        assertEquals(NonceCache.Outcome.FULL, cache.add("888", nonce(0)));
        assertEquals(NonceCache.Outcome.REPLAYED, cache.add("555", nonce(0)), "nothing was pushed out");
        now.addAndGet(240_000);
        assertEquals(NonceCache.Outcome.ADDED, cache.add("888", nonce(0)));
        assertEquals(1, cache.size());
        assertEquals(NonceCache.Outcome.ADDED, cache.add("555", nonce(3)), "the caller's count went with them");
    }

    @Test
    void aClockSteppingBackKeepsNoncesLongerNeverShorter() {
        assertEquals(NonceCache.Outcome.ADDED, cache.add("555", nonce(1)));
        now.addAndGet(-3_600_000);
        assertEquals(NonceCache.Outcome.ADDED, cache.add("555", nonce(2)));
        now.addAndGet(3_600_000 + 240_000);
        assertEquals(NonceCache.Outcome.ADDED, cache.add("555", nonce(1)));
        assertEquals(NonceCache.Outcome.REPLAYED, cache.add("555", nonce(1)));
    }
}
