package org.pippin.relay.web;

/**
 * The relay's outgoing voice rate over a sliding window, on the wire: forwarded packet bytes plus
 * {@value #IP_UDP_OVERHEAD} bytes of IPv4/UDP header per packet. Samples the relay's counters about once a second
 * on the relay's timer tick; times come from the relay's injected clock. Not thread-safe: the relay's event loop
 * owns it.
 */
public final class VoiceRate {

    public static final int IP_UDP_OVERHEAD = 28;
    static final long SAMPLE_MILLIS = 1000;
    static final long WINDOW_MILLIS = 10_000;
    private static final int SLOTS = (int) (WINDOW_MILLIS / SAMPLE_MILLIS) + 1;

    private final long[] times = new long[SLOTS];
    private final long[] wireBytes = new long[SLOTS];
    /** Index of the newest sample; -1 before the first. */
    private int newest = -1;
    private int count;

    /** Records the counters at {@code nowMillis}, unless the last sample is less than a second old. */
    public void sample(long nowMillis, long packets, long bytes) {
        if (count > 0 && nowMillis - times[newest] < SAMPLE_MILLIS) {
            return;
        }
        newest = (newest + 1) % SLOTS;
        times[newest] = nowMillis;
        wireBytes[newest] = bytes + IP_UDP_OVERHEAD * packets;
        count = Math.min(count + 1, SLOTS);
    }

    /**
     * Bits per second from the oldest sample within the window up to the counters now; 0 when there is no earlier
     * sample in the window.
     */
    public long bitsPerSecond(long nowMillis, long packets, long bytes) {
        long current = bytes + IP_UDP_OVERHEAD * packets;
        for (int i = count - 1; i >= 0; i--) {
            int slot = Math.floorMod(newest - i, SLOTS);
            long age = nowMillis - times[slot];
            if (age > 0 && age <= WINDOW_MILLIS) {
                return (current - wireBytes[slot]) * 8 * 1000 / age;
            }
        }
        return 0;
    }
}
