package org.pippin.relay;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Consumer;
import org.pippin.identity.IdentityKey;

/**
 * What makes a TCP session a link to another relay instead of a phone: the PEER_HELLO / PEER_CHALLENGE / PEER_LOGIN
 * exchange that proves both relay keys, and the calls the link carries (many at once, by call id, where a phone's
 * session has one leg).
 */
final class PeerLink {

    /** This relay opened the link (to reach a callee there). */
    final boolean outgoing;
    /** Where an outgoing link goes, "host:port"; the remote address otherwise. */
    final String address;
    /** The other relay's key: expected from presence (outgoing) or claimed in PEER_HELLO (incoming). */
    byte[] remoteKey;
    byte[] initiatorNonce;
    byte[] acceptorNonce;
    /** Both keys proven: calls may use the link. */
    boolean up;
    Session session;
    /** Legs on this link by call id: the remote side of calls between the two relays. */
    final Map<Integer, Leg> legs = new HashMap<>();
    /** Outgoing: what waits for the link; run with its session once up, or with null if it failed. */
    final List<Consumer<Session>> waiting = new ArrayList<>();
    long lastKeepaliveMillis;
    long openedMillis;

    PeerLink(boolean outgoing, String address, byte[] remoteKey) {
        this.outgoing = outgoing;
        this.address = address;
        this.remoteKey = remoteKey;
    }

    String name() {
        return remoteKey == null ? "?" : IdentityKey.fingerprint(remoteKey);
    }
}
