package org.pippin.relay;

import java.util.concurrent.atomic.AtomicLong;
import org.pippin.protocol.Clock;

/** A clock the test moves by hand; read by the relay's event loop, moved by the test thread. */
final class FakeClock implements Clock {

    private final AtomicLong now = new AtomicLong(1_000_000L);

    @Override
    public long nowMillis() {
        return now.get();
    }

    void advanceSeconds(long seconds) {
        now.addAndGet(seconds * 1000L);
    }
}
