package org.pippin.registrar;

import java.util.concurrent.atomic.AtomicLong;

/** A wall clock the test moves by hand. */
final class TestClock implements WallClock {
    private final AtomicLong millis;

    TestClock(long start) {
        millis = new AtomicLong(start);
    }

    @Override
    public long epochMillis() {
        return millis.get();
    }

    void advanceDays(long days) {
        millis.addAndGet(days * NetworkSettings.DAY_MILLIS);
    }

    void advanceMillis(long ms) {
        millis.addAndGet(ms);
    }
}
