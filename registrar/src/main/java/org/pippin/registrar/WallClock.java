package org.pippin.registrar;

/** Wall-clock time for the leader's stamps; injected so tests move time through quarantine without waiting. */
public interface WallClock {
    /** Milliseconds since 1970-01-01 UTC. */
    long epochMillis();

    WallClock SYSTEM = System::currentTimeMillis;
}
