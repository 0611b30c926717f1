package org.pippin.midlet;

/**
 * Fixed-rate deadlines for the voice send path: packet n is due at start + n × period, so timer lateness does not
 * accumulate into drift. After a stall of more than {@link #MAX_BURST} periods it skips ahead instead of sending
 * a burst the radio link could not carry anyway; skipped slots are counted.
 */
final class Pacer {

    static final int MAX_BURST = 3;

    private final int period;
    private long next;
    private int skipped;

    Pacer(long start, int periodMillis) {
        this.period = periodMillis;
        this.next = start;
    }

    /** True when a packet is due at {@code now}; the caller sends it and calls {@link #advance}. */
    boolean isDue(long now) {
        return now >= next;
    }

    /** Moves to the next slot; skips ahead after a long stall. */
    void advance(long now) {
        next += period;
        long behind = now - next;
        if (behind > (long) MAX_BURST * period) {
            int slots = (int) (behind / period);
            skipped += slots;
            next += (long) slots * period;
        }
    }

    /** When the next packet is due (clock millis). */
    long due() {
        return next;
    }

    int skipped() {
        return skipped;
    }
}
