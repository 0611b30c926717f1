package org.pippin.relay;

import io.netty.bootstrap.Bootstrap;
import io.netty.channel.ChannelInitializer;
import io.netty.channel.ChannelOption;
import io.netty.channel.EventLoop;
import io.netty.channel.WriteBufferWaterMark;
import io.netty.channel.socket.SocketChannel;
import io.netty.util.NetUtil;
import java.net.InetAddress;
import java.security.SecureRandom;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Consumer;
import org.pippin.identity.IdentityKey;
import org.pippin.protocol.ErrorFrame;
import org.pippin.protocol.Frame;
import org.pippin.protocol.Keepalive;
import org.pippin.protocol.PeerChallenge;
import org.pippin.protocol.PeerHello;
import org.pippin.protocol.PeerLogin;
import org.pippin.protocol.Wire;
import org.pippin.relay.dht.DhtConfig;
import org.pippin.relay.geo.CountryFilter;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Authenticated relay-to-relay links, over the same protocol and TCP framing as phones. The connecting relay sends
 * PEER_HELLO (its key, a nonce); the other answers PEER_CHALLENGE (its key, its nonce, its signature over both keys
 * and nonces), which the connecting relay checks against the key the callee's presence record named; it answers
 * PEER_LOGIN (its own signature), which the other checks before the link carries anything. One link per pair of
 * relays carries every call between them, both ways; keepalives keep it checked.
 *
 * <p>Event loop only, like {@link Relay}, which owns the sessions.
 */
final class PeerLinks {

    private static final Logger LOG = LoggerFactory.getLogger(PeerLinks.class);
    static final String DOMAIN = "pippin-peer-link";
    private static final byte ROLE_ACCEPTOR = 1;
    private static final byte ROLE_INITIATOR = 2;
    private static final int CONNECT_TIMEOUT_MILLIS = 3000;
    /** A link that has not proven both keys by then is dropped. */
    private static final long HANDSHAKE_MILLIS = 5000;

    private final Relay relay;
    private final IdentityKey key;
    private final byte[] publicKey;
    private final EventLoop loop;
    private final Class<? extends SocketChannel> channelClass;
    private final org.pippin.protocol.Clock clock;
    private final long keepaliveMillis;
    /** The network's countries: a link goes out only to an address a phone there could come from. */
    private final CountryFilter region;
    private final SecureRandom random = new SecureRandom();
    /** Links by the other relay's fingerprint: up, or (outgoing) on their way up. */
    private final Map<String, PeerLink> links = new HashMap<>();

    PeerLinks(Relay relay, IdentityKey key, EventLoop loop, Class<? extends SocketChannel> channelClass,
            org.pippin.protocol.Clock clock, int keepaliveSeconds, CountryFilter region) {
        this.relay = relay;
        this.key = key;
        this.publicKey = key.publicKey();
        this.loop = loop;
        this.channelClass = channelClass;
        this.clock = clock;
        this.keepaliveMillis = keepaliveSeconds * 1000L;
        this.region = region;
    }

    static boolean isHandshake(int type) {
        return type == Wire.PEER_HELLO || type == Wire.PEER_CHALLENGE || type == Wire.PEER_LOGIN;
    }

    /**
     * The session of an up link to the relay with {@code remoteKey} at {@code address}, opening one if needed;
     * {@code then} gets it (on the loop), or null if the relay cannot be reached or does not prove that key.
     */
    void link(byte[] remoteKey, String address, Consumer<Session> then) {
        String fp = IdentityKey.fingerprint(remoteKey);
        PeerLink existing = links.get(fp);
        if (existing != null) {
            if (existing.up) {
                then.accept(existing.session);
            } else {
                existing.waiting.add(then);
            }
            return;
        }
        PeerLink link = new PeerLink(true, address, remoteKey);
        link.openedMillis = clock.nowMillis();
        link.waiting.add(then);
        links.put(fp, link);
        String[] hp = DhtConfig.split(address);
        int port;
        try {
            port = Integer.parseInt(hp[1]);
        } catch (NumberFormatException e) {
            fail(link, "bad address " + address);
            return;
        }
        // The address comes from another relay's presence record: it is dialled only inside the network's countries,
        // as incoming links are accepted only from there. A literal is checked before anything is sent; a name once
        // connected (resolving it here would block the loop), before the handshake.
        InetAddress literal = NetUtil.createInetAddressFromIpAddressString(hp[0]);
        if (literal != null && !region.allows(literal)) {
            fail(link, address + " is outside " + region);
            return;
        }
        LOG.info("relay {}: connecting to {}", fp, address);
        new Bootstrap().group(loop).channel(channelClass)
                .option(ChannelOption.CONNECT_TIMEOUT_MILLIS, CONNECT_TIMEOUT_MILLIS)
                .option(ChannelOption.TCP_NODELAY, true)
                .option(ChannelOption.WRITE_BUFFER_WATER_MARK, new WriteBufferWaterMark(32 * 1024, 256 * 1024))
                .handler(new ChannelInitializer<SocketChannel>() {
                    @Override
                    protected void initChannel(SocketChannel ch) {
                        ch.pipeline().addLast("frames", new StreamFrameDecoder(Wire.MAX_FRAME));
                        ch.pipeline().addLast("relay", new StreamHandler(relay, link));
                    }
                })
                .connect(hp[0], port).addListener(f -> {
                    if (!f.isSuccess()) {
                        fail(link, "cannot connect: " + f.cause().getMessage());
                    }
                });
    }

    /** An outgoing link's TCP connection is open: start the handshake. */
    void opened(Session s) {
        InetAddress at = s.endpoint.address();
        if (!region.allows(at)) {
            LOG.warn("relay {} at {}: link refused: {} is outside {}", s.peer.name(), s.peer.address,
                    at.getHostAddress(), region);
            relay.dropSession(s, "relay address outside the network's countries");
            return;
        }
        PeerLink link = s.peer;
        link.initiatorNonce = nonce();
        relay.sendTo(s, new PeerHello(publicKey, link.initiatorNonce));
    }

    /** PEER_HELLO, PEER_CHALLENGE or PEER_LOGIN on session {@code s}. */
    void onHandshake(Session s, Frame f) {
        switch (f.type) {
            case Wire.PEER_HELLO: {
                if (s.peer != null || s.number != null) {
                    refuse(s, "PEER_HELLO on a session that is already " + (s.peer != null ? "a link" : "a phone"));
                    return;
                }
                PeerHello h = (PeerHello) f;
                PeerLink link = new PeerLink(false, s.endpoint.toString(), h.relayKey());
                link.openedMillis = clock.nowMillis();
                link.initiatorNonce = h.nonce();
                link.acceptorNonce = nonce();
                link.session = s;
                s.peer = link;
                byte[] sig = new byte[IdentityKey.SIGNATURE_SIZE];
                byte[] m = transcript(link.remoteKey, publicKey, link.initiatorNonce, link.acceptorNonce,
                        ROLE_ACCEPTOR);
                key.sign(DOMAIN, m, 0, m.length, sig, 0);
                relay.sendTo(s, new PeerChallenge(publicKey, link.acceptorNonce, sig));
                return;
            }
            case Wire.PEER_CHALLENGE: {
                PeerLink link = s.peer;
                if (link == null || !link.outgoing || link.up) {
                    refuse(s, "unexpected PEER_CHALLENGE");
                    return;
                }
                PeerChallenge c = (PeerChallenge) f;
                if (!Arrays.equals(c.relayKey(), link.remoteKey)) {
                    refuse(s, "answered by relay " + IdentityKey.fingerprint(c.relayKey()) + ", expected "
                            + link.name());
                    return;
                }
                link.acceptorNonce = c.nonce();
                byte[] m = transcript(publicKey, link.remoteKey, link.initiatorNonce, link.acceptorNonce,
                        ROLE_ACCEPTOR);
                if (!IdentityKey.verify(link.remoteKey, DOMAIN, m, 0, m.length, c.signature(), 0)) {
                    refuse(s, "PEER_CHALLENGE signature does not verify");
                    return;
                }
                byte[] mine = transcript(publicKey, link.remoteKey, link.initiatorNonce, link.acceptorNonce,
                        ROLE_INITIATOR);
                byte[] sig = new byte[IdentityKey.SIGNATURE_SIZE];
                key.sign(DOMAIN, mine, 0, mine.length, sig, 0);
                relay.sendTo(s, new PeerLogin(sig));
                // TCP keeps order: the other relay checks PEER_LOGIN before it reads what follows.
                up(link);
                return;
            }
            default: {
                PeerLink link = s.peer;
                if (link == null || link.outgoing || link.up) {
                    refuse(s, "unexpected PEER_LOGIN");
                    return;
                }
                byte[] m = transcript(link.remoteKey, publicKey, link.initiatorNonce, link.acceptorNonce,
                        ROLE_INITIATOR);
                if (!IdentityKey.verify(link.remoteKey, DOMAIN, m, 0, m.length, ((PeerLogin) f).signature(), 0)) {
                    refuse(s, "PEER_LOGIN signature does not verify");
                    return;
                }
                PeerLink old = links.get(link.name());
                if (old != null && old != link && old.up) {
                    // Both relays dialled each other at once: the newer link serves; calls on the old one go on.
                    LOG.info("relay {}: second link from {}", link.name(), link.address);
                } else if (old != null && old != link) {
                    link.waiting.addAll(old.waiting);
                    old.waiting.clear();
                }
                links.put(link.name(), link);
                up(link);
            }
        }
    }

    private void up(PeerLink link) {
        link.up = true;
        link.lastKeepaliveMillis = clock.nowMillis();
        LOG.info("relay {}: link up ({} {})", link.name(), link.outgoing ? "to" : "from", link.address);
        List<Consumer<Session>> w = new ArrayList<>(link.waiting);
        link.waiting.clear();
        for (Consumer<Session> c : w) {
            c.accept(link.session);
        }
    }

    private void refuse(Session s, String why) {
        LOG.warn("{}: relay link refused: {}", s, why);
        relay.sendTo(s, new ErrorFrame(Wire.ERR_AUTH_FAILED, why.length() > 120 ? why.substring(0, 120) : why));
        relay.dropSession(s, "relay link refused: " + why);
    }

    private void fail(PeerLink link, String why) {
        if (!link.up) {
            LOG.warn("relay {} at {}: link failed: {}", link.name(), link.address, why);
        }
        if (links.get(link.name()) == link) {
            links.remove(link.name());
        }
        List<Consumer<Session>> w = new ArrayList<>(link.waiting);
        link.waiting.clear();
        for (Consumer<Session> c : w) {
            c.accept(null);
        }
    }

    /** A link's session closed (either side, or the other relay died); its calls are still on it. */
    void closed(Session s, String why) {
        PeerLink link = s.peer;
        if (link.up) {
            LOG.info("relay {}: link down ({}), {} calls on it", link.name(), why, link.legs.size());
        }
        fail(link, "closed before both keys were proven (" + why + ")");
    }

    /** Keepalives on up links; drops links stuck in their handshake. */
    void tick(long now) {
        for (PeerLink link : new ArrayList<>(links.values())) {
            if (link.session == null) {
                continue;
            }
            if (!link.up && now - link.openedMillis >= HANDSHAKE_MILLIS) {
                relay.dropSession(link.session, "relay link handshake timed out");
            } else if (link.up && now - link.lastKeepaliveMillis >= keepaliveMillis) {
                link.lastKeepaliveMillis = now;
                relay.sendTo(link.session, new Keepalive());
            }
        }
    }

    private byte[] nonce() {
        byte[] n = new byte[Wire.NONCE_SIZE];
        random.nextBytes(n);
        return n;
    }

    /** What both sides sign: initiator key, acceptor key, both nonces, and the signer's role. */
    static byte[] transcript(byte[] initiatorKey, byte[] acceptorKey, byte[] initiatorNonce, byte[] acceptorNonce,
            byte role) {
        byte[] m = new byte[2 * Wire.KEY_SIZE + 2 * Wire.NONCE_SIZE + 1];
        System.arraycopy(initiatorKey, 0, m, 0, Wire.KEY_SIZE);
        System.arraycopy(acceptorKey, 0, m, Wire.KEY_SIZE, Wire.KEY_SIZE);
        System.arraycopy(initiatorNonce, 0, m, 2 * Wire.KEY_SIZE, Wire.NONCE_SIZE);
        System.arraycopy(acceptorNonce, 0, m, 2 * Wire.KEY_SIZE + Wire.NONCE_SIZE, Wire.NONCE_SIZE);
        m[m.length - 1] = role;
        return m;
    }
}
