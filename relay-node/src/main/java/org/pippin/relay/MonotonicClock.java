package org.pippin.relay;

import org.pippin.protocol.Clock;

/** Milliseconds from System.nanoTime: timers must not jump when the wall clock is set (NTP, an operator). */
final class MonotonicClock implements Clock {

    static final MonotonicClock INSTANCE = new MonotonicClock();

    private MonotonicClock() {
    }

    @Override
    public long nowMillis() {
        return System.nanoTime() / 1_000_000L;
    }
}
