package org.pippin.midlet;

import org.pippin.protocol.Clock;

/** A clock that moves only when the test says so. */
final class ManualClock implements Clock {
    private long now;

    ManualClock(long start) {
        now = start;
    }

    @Override
    public long nowMillis() {
        return now;
    }

    void advance(long ms) {
        now += ms;
    }
}
