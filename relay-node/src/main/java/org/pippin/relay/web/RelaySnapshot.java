package org.pippin.relay.web;

import org.pippin.protocol.RelayList;

/**
 * What the web face shows of the relay's own state, taken in one go on the relay's event loop; {@code relays} is what
 * RELAY_LIST would answer now, served as {@code /relays.xml}.
 */
public record RelaySnapshot(int attachedPhones, int activeCalls, long voiceBitsPerSecond, long uptimeMillis,
        RelayList relays) {

    /** A snapshot of a relay that knows no other relays. */
    public RelaySnapshot(int attachedPhones, int activeCalls, long voiceBitsPerSecond, long uptimeMillis) {
        this(attachedPhones, activeCalls, voiceBitsPerSecond, uptimeMillis,
                new RelayList(new String[0], new long[0]));
    }
}
