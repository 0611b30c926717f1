package org.pippin.protocol;

/** The wall clock ({@code System.currentTimeMillis()}), the only clock CLDC offers. */
public final class SystemClock implements Clock {
    public static final SystemClock INSTANCE = new SystemClock();

    private SystemClock() {
    }

    public long nowMillis() {
        return System.currentTimeMillis();
    }
}
