package org.pippin.relay.web;

/** What the web face shows of the relay's own state, taken in one go on the relay's event loop. */
public record RelaySnapshot(int attachedPhones, int activeCalls, long voiceBitsPerSecond, long uptimeMillis) {
}
