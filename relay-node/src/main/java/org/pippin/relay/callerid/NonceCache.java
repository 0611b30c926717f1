package org.pippin.relay.callerid;

import java.util.ArrayDeque;
import java.util.HashMap;
import java.util.HashSet;
import java.util.Map;
import java.util.Set;
import org.pippin.registrar.WallClock;

/**
 * The (caller, nonce) pairs of the CALLER_ID proofs accepted lately, so none is accepted twice. A proof is only
 * accepted within the clock window of its time, so a pair must be remembered until that time plus the window has
 * passed; the cache keeps each for twice the window from when it was added, which covers it (the time was at most one
 * window ahead then). Bounded twice: in all, and per caller, so one phone calling in a loop cannot push others' nonces
 * out; a full cache refuses rather than forgets, which would reopen a replay. Not thread-safe: the relay's loop owns it.
 */
final class NonceCache {

    enum Outcome { ADDED, REPLAYED, CALLER_FULL, FULL }

    private record Entry(String key, String caller, long expiresMillis) {
    }

    private final int capacity;
    private final int perCaller;
    private final long keepMillis;
    private final WallClock clock;
    /** In the order added, so also in the order they expire. */
    private final ArrayDeque<Entry> order = new ArrayDeque<>();
    private final Set<String> keys = new HashSet<>();
    private final Map<String, Integer> perCallerCount = new HashMap<>();

    NonceCache(int capacity, int perCaller, long windowSeconds, WallClock clock) {
        this.capacity = capacity;
        this.perCaller = perCaller;
        this.keepMillis = 2 * windowSeconds * 1000;
        this.clock = clock;
    }

    /** Remembers {@code nonce} for {@code caller} unless it was seen, or the caller's or the whole cache is full. */
    Outcome add(String caller, byte[] nonce) {
        long now = clock.epochMillis();
        expire(now);
        String key = caller + '/' + hex(nonce);
        if (keys.contains(key)) {
            return Outcome.REPLAYED;
        }
        int count = perCallerCount.getOrDefault(caller, 0);
        if (count >= perCaller) {
            return Outcome.CALLER_FULL;
        }
        if (keys.size() >= capacity) {
            return Outcome.FULL;
        }
        keys.add(key);
        perCallerCount.put(caller, count + 1);
        order.addLast(new Entry(key, caller, now + keepMillis));
        return Outcome.ADDED;
    }

    int size() {
        return keys.size();
    }

    private void expire(long now) {
        // Entries expire in the order added; if the wall clock stepped back, some just stay a little longer.
        while (!order.isEmpty() && order.peekFirst().expiresMillis <= now) {
            Entry e = order.removeFirst();
            keys.remove(e.key);
            perCallerCount.computeIfPresent(e.caller, (c, n) -> n > 1 ? n - 1 : null);
        }
    }

    private static String hex(byte[] b) {
        StringBuilder sb = new StringBuilder(2 * b.length);
        for (byte x : b) {
            sb.append(Character.forDigit(x >> 4 & 0xF, 16)).append(Character.forDigit(x & 0xF, 16));
        }
        return sb.toString();
    }
}
