package org.pippin.relay;

import java.io.IOException;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.Map;
import java.util.Set;
import org.pippin.protocol.Clock;
import org.pippin.protocol.Frame;
import org.pippin.protocol.ReliableLink;
import org.pippin.protocol.Wire;
import org.pippin.relay.floods.FloodLimiter;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One phone's path to the relay: its endpoint, the ReliableLink that carries its signalling, and, once REGISTER
 * succeeded, its number and current call leg. A UDP session exists from a successful REGISTER or the first identity
 * request; a TCP session from the moment the connection opens.
 *
 * <p>A UDP source address can be forged, so until the address has proved that it receives what the relay sends
 * (it acknowledged one of the relay's frames, whose message ids start at a random value, or logged in by signing
 * the challenge sent to it), the relay sends it no more bytes than it received from it: a forged request cannot
 * turn the relay into an amplifier aimed at someone else. What does not fit waits for a retransmission.
 */
final class Session implements ReliableLink.Output, ReliableLink.Listener {

    private static final Logger LOG = LoggerFactory.getLogger("org.pippin.relay.frames");

    final Endpoint endpoint;
    final ReliableLink link;
    private final Relay relay;
    /** The registered number, or null before REGISTER succeeds (and after the number moved away). */
    String number;
    /** Further numbers this phone logged in with its key (a phone may hold several); {@link #number} is the first. */
    final Set<String> moreNumbers = new LinkedHashSet<>();
    /**
     * The numbers this phone logged in with its key, each with the key that owns it (from the registrar's record):
     * its calls must prove their caller id with that key. Empty for a phone registered with a device secret.
     */
    final Map<String, byte[]> ownerKeys = new HashMap<>();
    /** For each number in {@link #ownerKeys}, the registrar's record it was checked against, as its calls carry it. */
    final Map<String, byte[]> records = new HashMap<>();
    /** The challenge of this phone's last HELLO, until one LOGIN uses it; null when there is none. */
    byte[] challenge;
    int codecMask;
    long lastHeardMillis;
    /** This phone's side of its call, or null. */
    Leg leg;
    /**
     * REGISTERs and LOGINs of this session waiting for the registrar or the disk. While there are any, a move of the
     * session's number elsewhere leaves the session open: its address may now be another phone's (NAT port reuse),
     * whose answer must still reach it.
     */
    int inFlight;
    /** This phone's INVITEs, against floods.session.invite.*. */
    final FloodLimiter.Bucket invites = new FloodLimiter.Bucket();
    /** The owner's greeting this phone is uploading, until its last chunk is in; null when none is. */
    org.pippin.relay.voicemail.GreetingUpload greeting;
    boolean closed;
    /** Whether the endpoint proved that it receives what the relay sends (always for TCP). */
    private boolean proven;
    /** Until proven: bytes received from and sent to the endpoint. */
    private long bytesIn;
    private long bytesOut;
    /** The message id of the CHALLENGE that preceded this session, 0 if none: its ACK may come after the request. */
    private int challengeMessageId;
    /** Set when this session is a link to another relay rather than a phone. */
    PeerLink peer;

    Session(Relay relay, Endpoint endpoint, Clock clock) {
        this.relay = relay;
        this.endpoint = endpoint;
        this.link = new ReliableLink(this, this, clock, endpoint.isStream());
        this.lastHeardMillis = clock.nowMillis();
        this.proven = endpoint.isStream();
    }

    /**
     * A UDP session opened by a request that followed a CHALLENGE sent with {@code challengeMessageId}: its ids
     * follow that one, so the phone never takes a new frame for a repeat of the CHALLENGE.
     */
    Session(Relay relay, Endpoint endpoint, Clock clock, int challengeMessageId) {
        this.relay = relay;
        this.endpoint = endpoint;
        this.link = new ReliableLink(this, this, clock, endpoint.isStream(),
                challengeMessageId == 0xFFFF ? 1 : challengeMessageId + 1);
        this.lastHeardMillis = clock.nowMillis();
        this.proven = endpoint.isStream();
        this.challengeMessageId = challengeMessageId;
    }

    boolean proven() {
        return proven;
    }

    void prove() {
        proven = true;
    }

    /** Whether {@code ackedId} is the CHALLENGE's id: an ACK of it that arrives after the request proves too. */
    boolean acknowledgesChallenge(int ackedId) {
        return challengeMessageId != 0 && ackedId == challengeMessageId;
    }

    /** {@code len} bytes arrived from the endpoint before it was proven. */
    void received(int len) {
        bytesIn += len;
    }

    /** Whether {@code len} more bytes may go to the endpoint now; if so, they are counted as sent. */
    boolean mayAnswer(int len) {
        if (proven) {
            return true;
        }
        if (bytesOut + len > bytesIn) {
            return false;
        }
        bytesOut += len;
        return true;
    }

    @Override
    public void transmit(byte[] buf, int off, int len) throws IOException {
        if (closed) {
            throw new IOException("session " + this + " is closed");
        }
        if (!mayAnswer(len)) {
            // Not an error: the frame stays pending and goes with a later retransmission, once the phone's own
            // retransmissions (or its ACK) allow it.
            relay.heldUnproven();
            return;
        }
        if (LOG.isDebugEnabled()) {
            LOG.debug("{} tx {}", this, Wire.frameLog(buf, off, len));
        }
        endpoint.sendSignal(buf, off, len);
    }

    @Override
    public void onFrame(Frame f) {
        relay.onFrame(this, f);
    }

    @Override
    public void onUndelivered(Frame f) {
        relay.onUndelivered(this, f);
    }

    @Override
    public String toString() {
        if (peer != null) {
            return "relay " + peer.name() + "@" + endpoint;
        }
        return (number == null ? "?" : number) + "@" + endpoint;
    }
}
