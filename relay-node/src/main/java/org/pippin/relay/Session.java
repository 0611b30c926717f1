package org.pippin.relay;

import java.io.IOException;
import java.util.LinkedHashSet;
import java.util.Set;
import org.pippin.protocol.Clock;
import org.pippin.protocol.Frame;
import org.pippin.protocol.ReliableLink;
import org.pippin.protocol.Wire;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One phone's path to the relay: its endpoint, the ReliableLink that carries its signalling, and, once REGISTER
 * succeeded, its number and current call leg. A UDP session exists only after a successful REGISTER; a TCP session
 * exists from the moment the connection opens.
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
    /** The challenge of this phone's last HELLO, until one LOGIN uses it; null when there is none. */
    byte[] challenge;
    int codecMask;
    long lastHeardMillis;
    /** This phone's side of its call, or null. */
    Leg leg;
    boolean closed;
    /** Set when this session is a link to another relay rather than a phone. */
    PeerLink peer;

    Session(Relay relay, Endpoint endpoint, Clock clock) {
        this.relay = relay;
        this.endpoint = endpoint;
        this.link = new ReliableLink(this, this, clock, endpoint.isStream());
        this.lastHeardMillis = clock.nowMillis();
    }

    @Override
    public void transmit(byte[] buf, int off, int len) throws IOException {
        if (closed) {
            throw new IOException("session " + this + " is closed");
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
