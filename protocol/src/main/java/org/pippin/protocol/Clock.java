package org.pippin.protocol;

/** Time source for every timer, so timers can be tested without waiting. */
public interface Clock {
    /** Milliseconds on a clock that never runs backwards within one session. */
    long nowMillis();
}
