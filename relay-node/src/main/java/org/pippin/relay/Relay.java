package org.pippin.relay;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Function;
import java.util.function.Predicate;
import org.pippin.protocol.Ack;
import org.pippin.protocol.Answer;
import org.pippin.identity.BlockList;
import org.pippin.identity.Claim;
import org.pippin.identity.IdentityException;
import org.pippin.identity.KeyShare;
import org.pippin.identity.LinkCheck;
import org.pippin.identity.LinkedNumbers;
import org.pippin.identity.LoginProof;
import org.pippin.identity.Release;
import org.pippin.identity.VoicemailSettings;
import org.pippin.protocol.Bye;
import org.pippin.protocol.Challenge;
import org.pippin.protocol.Clock;
import org.pippin.protocol.Dtmf;
import org.pippin.protocol.ErrorFrame;
import org.pippin.protocol.Frame;
import org.pippin.protocol.FrameCodec;
import org.pippin.protocol.Hello;
import org.pippin.protocol.Invite;
import org.pippin.protocol.Keepalive;
import org.pippin.protocol.Login;
import org.pippin.protocol.Numbers;
import org.pippin.protocol.Redirect;
import org.pippin.protocol.RelayList;
import org.pippin.protocol.ProtocolException;
import org.pippin.protocol.Register;
import org.pippin.protocol.Registered;
import org.pippin.protocol.RecordRequest;
import org.pippin.protocol.Reject;
import org.pippin.protocol.Result;
import org.pippin.protocol.Probe;
import org.pippin.protocol.ProbeReply;
import org.pippin.protocol.Ringing;
import org.pippin.protocol.SipPassword;
import org.pippin.protocol.UnknownFrame;
import org.pippin.protocol.VmAnswer;
import org.pippin.protocol.VmAudio;
import org.pippin.protocol.VmDelete;
import org.pippin.protocol.VmGreeting;
import org.pippin.protocol.VmGreetingDelete;
import org.pippin.protocol.VmFetch;
import org.pippin.protocol.VmList;
import org.pippin.protocol.VmListing;
import org.pippin.protocol.VmSettings;
import org.pippin.protocol.VmWaiting;
import org.pippin.protocol.VoicePacket;
import org.pippin.protocol.Wire;
import org.pippin.registrar.Links;
import org.pippin.registrar.Reply;
import org.pippin.registrar.WallClock;
import org.pippin.relay.callerid.CallerIdCheck;
import org.pippin.relay.claims.ClaimLimiter;
import org.pippin.relay.dht.DhtService;
import org.pippin.relay.dht.DirectoryRecord;
import org.pippin.relay.dht.PresenceRecord;
import org.pippin.relay.floods.FloodLimiter;
import org.pippin.relay.dialplan.DialPlan;
import org.pippin.relay.geo.CountryFilter;
import org.pippin.relay.linked.LinkVerifier;
import org.pippin.sip.PippinSide;
import org.pippin.relay.voicemail.MessageInfo;
import org.pippin.relay.voicemail.Recording;
import org.pippin.relay.voicemail.Voicemail;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The relay's state machine: sessions, registrations, calls, voice channels and timers. It knows nothing of Netty
 * pipelines: handlers hand it datagrams and stream frames, it answers through {@link Endpoint}s. Not thread-safe:
 * every method runs on the relay's single event loop, which owns all of this state (no locks on the voice path).
 */
final class Relay {

    private static final Logger LOG = LoggerFactory.getLogger(Relay.class);
    private static final Logger FRAMES = LoggerFactory.getLogger("org.pippin.relay.frames");

    private final RelayConfig config;
    private final Clock clock;
    private final SecretStore secrets;
    private final Counters counters;
    private final VoiceChannels channels;
    /** Calls whose voice the UDP threads forward ({@link #routeVoice}): their reports are folded in on each tick. */
    private final Set<Call> routedCalls = new HashSet<>();
    private final CountryFilter region;
    /** Caller ids and key shares of phones logged in with keys; its wall clock is the time REGISTERED tells phones. */
    private final CallerIdCheck callerIds;
    private final ClaimLimiter claimLimits;
    /** Attaches, INVITEs and stateless answers per source address and per session: what a flood may cost. */
    private final FloodLimiter floods;
    /** Attaches a line for an external number when one can carry the call; null when none can. */
    private Predicate<String> externalLines;
    /** Creates the endpoint for a new UDP phone address (bound to the UDP channel once it exists). */
    private Function<InetSocketAddress, Endpoint> udpEndpoints;

    private final Map<InetSocketAddress, Session> udpSessions = new HashMap<>();
    private final Set<Session> sessions = new LinkedHashSet<>();
    private final Map<String, Session> attached = new HashMap<>();
    private final Map<Integer, Call> calls = new HashMap<>();
    /** Numbers and identity, or null when registrar.enabled=false (then only REGISTER with a secret works). */
    private NumberDesk numbers;
    /** Voicemail, or null when voicemail.enabled=false. */
    private Voicemail voicemail;
    /** The owners' block lists of numbers attached here by LOGIN, enforced before a phone rings. */
    private final Map<String, BlockList> blockLists = new HashMap<>();
    /** When each of those numbers' lists was last fetched or set (relay clock), to fetch it again in time. */
    private final Map<String, Long> blockListFetched = new HashMap<>();
    /** Numbers whose list is being fetched again now. */
    private final Set<String> blockListsRefreshing = new HashSet<>();
    /** Challenges sent to UDP addresses without a session (HELLO before LOGIN), the newest few thousand. */
    private final Map<InetSocketAddress, UdpChallenge> udpChallenges = new LinkedHashMap<>(64, 0.75f, true) {
        private static final long serialVersionUID = 1L;

        @Override
        protected boolean removeEldestEntry(Map.Entry<InetSocketAddress, UdpChallenge> eldest) {
            return size() > UDP_CHALLENGES;
        }
    };

    /**
     * A CHALLENGE sent to a UDP address without a session. It goes with a message id made from the random challenge,
     * so the phone's ACK of it proves that the address receives what the relay sends.
     */
    private static final class UdpChallenge {
        final byte[] challenge;
        final int messageId;
        boolean proven;

        UdpChallenge(byte[] challenge) {
            this.challenge = challenge;
            int id = (challenge[0] & 0xFF) << 8 | challenge[1] & 0xFF;
            this.messageId = id == 0 ? 1 : id;
        }
    }
    private static final int UDP_CHALLENGES = 4096;
    /** The network's shared state and the links to other relays; both null when dht.enabled=false. */
    private DhtService dht;
    private PeerLinks peers;
    /** Voicemail's second copies and the owner's messages on other relays; null unless both are on. */
    private VoicemailPeers vmPeers;
    /** Places verification calls through the SIP trunk; null when there is none. */
    private PippinSide.CodeCaller codeCalls;
    /** Where owners' SIP passwords go (SIP_PASSWORD); null: this relay has no SIP side. */
    private SipPasswordDesk sipPasswords;
    /** Codes of the verification calls placed here; null when links.enabled=false. */
    private final LinkVerifier linkCodes;
    /** The registrar's answer about the links of numbers called lately, and when it came (relay clock). */
    private final Map<String, CachedLinks> linksCache = new LinkedHashMap<>(64, 0.75f, true) {
        private static final long serialVersionUID = 1L;

        @Override
        protected boolean removeEldestEntry(Map.Entry<String, CachedLinks> eldest) {
            return size() > LINKS_CACHED;
        }
    };
    private static final int LINKS_CACHED = 1024;

    private record CachedLinks(Links links, long atMillis) {
    }

    /** INVITEs whose callee's links were looked up, and those links when they can ring: their second pass. */
    private final Set<Integer> linksLooked = new HashSet<>();
    private final Map<Integer, Links> linksFound = new HashMap<>();
    /** Owners' greetings coming in from their phones. */
    private final GreetingDesk greetings = new GreetingDesk();
    /** Calls whose INVITE waits for the callee's presence or a link to its relay. */
    private final Set<Integer> invitesInFlight = new LinkedHashSet<>();

    Relay(RelayConfig config, Clock clock, SecretStore secrets, Counters counters, CountryFilter region) {
        this.config = config;
        this.region = region;
        this.clock = clock;
        this.secrets = secrets;
        this.counters = counters;
        this.channels = new VoiceChannels(2 * config.maxCalls);
        this.callerIds = new CallerIdCheck(config.callerId, WallClock.SYSTEM);
        this.claimLimits = new ClaimLimiter(config.claims, clock);
        this.floods = new FloodLimiter(config.floods, clock);
        this.linkCodes = config.links.enabled ? new LinkVerifier(config.links, clock) : null;
    }

    void setUdpEndpoints(Function<InetSocketAddress, Endpoint> udpEndpoints) {
        this.udpEndpoints = udpEndpoints;
    }

    /** Who carries calls to external numbers the dial plan allows (the SIP side's trunk), or null: nobody. */
    void setExternalLines(Predicate<String> opener) {
        this.externalLines = opener;
    }

    void setSipPasswords(SipPasswordDesk desk) {
        this.sipPasswords = desk;
    }

    /** Who places verification calls for linked external numbers (the SIP side's trunk), or null: nobody. */
    void setCodeCalls(PippinSide.CodeCaller caller) {
        this.codeCalls = caller;
    }

    void setNumberDesk(NumberDesk numbers) {
        this.numbers = numbers;
    }

    /** Joins a network of relays: presence and directory on the DHT, calls to other relays over links. */
    void setNetwork(DhtService dht, PeerLinks peers) {
        this.dht = dht;
        this.peers = peers;
        joinVoicemail();
    }

    void setVoicemail(Voicemail voicemail) {
        this.voicemail = voicemail;
        voicemail.setChangeListener(this::sendWaiting);
        joinVoicemail();
    }

    private void joinVoicemail() {
        if (voicemail != null && dht != null) {
            vmPeers = new VoicemailPeers(this, voicemail, dht, peers, clock, counters, this::sendWaiting);
        }
    }

    /** The voice channel table as the UDP sockets' threads read it. */
    VoiceRoutes voiceRoutes() {
        return channels.routes;
    }

    int attachedCount() {
        return attached.size();
    }

    int callCount() {
        return calls.size();
    }

    // ---- voice ----------------------------------------------------------------------------------------------------

    /** A voice packet from a UDP address. The caller keeps its reference to {@code packet}; we retain to forward. */
    void onUdpVoice(InetSocketAddress sender, ByteBuf packet) {
        forwardVoice(packet, sender, null);
    }

    /** A voice packet from a TCP session. The caller keeps its reference to {@code packet}. */
    void onStreamVoice(Session from, ByteBuf packet) {
        forwardVoice(packet, null, from);
    }

    /**
     * Checks the packet against the channel table and sends it on to the other leg with the channel rewritten in
     * place. Either {@code udpSender} or {@code streamSender} is set.
     */
    private void forwardVoice(ByteBuf packet, InetSocketAddress udpSender, Session streamSender) {
        int start = packet.readerIndex();
        int length = packet.readableBytes();
        if (length <= VoicePacket.HEADER) {
            counters.increment(Counters.Name.VOICE_DROPPED_BAD_LENGTH);
            return;
        }
        Leg leg = channels.get(packet.getUnsignedShort(start) & VoicePacket.MAX_CHANNEL);
        if (leg == null) {
            counters.increment(Counters.Name.VOICE_DROPPED_UNKNOWN_CHANNEL);
            return;
        }
        Session from = leg.session;
        boolean fromLeg = udpSender != null ? from.endpoint.isAt(udpSender) : from == streamSender;
        if (!fromLeg) {
            counters.increment(Counters.Name.VOICE_DROPPED_WRONG_SOURCE);
            return;
        }
        Call call = leg.call;
        if (!call.answered) {
            counters.increment(Counters.Name.VOICE_DROPPED_NOT_ANSWERED);
            return;
        }
        int frames = length - VoicePacket.HEADER - (call.sealed ? Wire.VOICE_TAG : 0);
        if (VoicePacket.frameCount(frames, call.codec) <= 0) {
            counters.increment(Counters.Name.VOICE_DROPPED_BAD_LENGTH);
            return;
        }
        long now = clock.nowMillis();
        from.lastHeardMillis = now;
        call.lastVoiceMillis = now;
        if (call.recording != null) {
            recordVoice(call, packet, start, length);
            return;
        }
        Leg to = leg.peer;
        // Top bit 1 = voice, then the receiving leg's 15-bit channel; sequence and payload stay as they are.
        packet.setShort(start, 0x8000 | to.outChannel());
        if (to.session.endpoint.sendVoice(packet.retain())) {
            leg.packetsSent++;
            counters.increment(Counters.Name.VOICE_FORWARDED);
            counters.add(Counters.Name.VOICE_FORWARDED_BYTES, length);
        } else {
            counters.increment(Counters.Name.VOICE_DROPPED_CONGESTED);
        }
    }

    /**
     * Hands an answered call between two UDP phones on this relay to the UDP sockets' threads (each forwards what it
     * receives, see {@link UdpHandler}), or takes it back to {@link #forwardVoice} when that no longer holds. Called
     * when a call is answered and when a leg's phone moves to another address.
     */
    private void routeVoice(Call call) {
        InetSocketAddress caller = udpAddress(call.caller);
        InetSocketAddress callee = udpAddress(call.callee);
        boolean direct = call.answered && call.recording == null && caller != null && callee != null;
        for (Leg leg : new Leg[] {call.caller, call.callee}) {
            if (leg.channel <= 0) {
                continue;
            }
            VoiceRoutes.Route old = leg.route;
            if (direct) {
                leg.route = new VoiceRoutes.Route(leg == call.caller ? caller : callee,
                        leg == call.caller ? callee : caller, leg.peer.outChannel(), call.codec, call.sealed);
                channels.routes.direct(leg.channel, leg.route);
            } else {
                leg.route = null;
                channels.routes.slow(leg.channel);
            }
            // A packet a thread is forwarding on the old route right now may go uncounted: the count is for logs.
            foldVoice(leg, old);
        }
        if (direct) {
            routedCalls.add(call);
        } else {
            routedCalls.remove(call);
        }
    }

    /** The phone's UDP address if {@code leg} is a phone on this relay's UDP socket; null otherwise. */
    private static InetSocketAddress udpAddress(Leg leg) {
        Session s = leg.session;
        return s != null && s.peer == null && s.endpoint instanceof UdpEndpoint u ? u.address : null;
    }

    /**
     * Takes what the UDP threads reported on {@code route} into the leg: packets forwarded, and when voice was last
     * heard, which keeps the call's media timer and the phone's session alive. Event loop only.
     */
    private static void foldVoice(Leg leg, VoiceRoutes.Route route) {
        if (route == null || route == VoiceRoutes.SLOW) {
            return;
        }
        leg.packetsSent += route.packets.sumThenReset();
        long heard = route.heardMillis;
        if (heard > leg.call.lastVoiceMillis) {
            leg.call.lastVoiceMillis = heard;
        }
        if (leg.session != null && heard > leg.session.lastHeardMillis) {
            leg.session.lastHeardMillis = heard;
        }
    }

    // ---- signalling in ---------------------------------------------------------------------------------------------

    /** A signalling datagram (top bit 0) from {@code sender}. */
    void onUdpSignal(InetSocketAddress sender, byte[] buf) {
        Session s = udpSessions.get(sender);
        if (s != null) {
            receive(s, buf);
            return;
        }
        if (FRAMES.isDebugEnabled()) {
            FRAMES.debug("{} rx {}", UdpEndpoint.describe(sender), Wire.frameLog(buf, 0, buf.length));
        }
        // Only addresses without a session are looked up: a session exists only for an address that passed.
        if (!region.allows(sender.getAddress())) {
            refuseRegion(sender, buf);
            return;
        }
        Frame f;
        try {
            f = FrameCodec.decode(buf, 0, buf.length);
        } catch (ProtocolException e) {
            counters.increment(Counters.Name.MALFORMED);
            LOG.debug("{}: dropped malformed datagram: {}", UdpEndpoint.describe(sender), e.getMessage());
            sendStateless(sender, error(e.code(), e.getMessage()), buf.length);
            return;
        }
        if (f instanceof Hello) {
            if (!attachLimited(null, sender, buf.length, floods.attach(sender.getAddress()))) {
                answerHello(null, sender, (Hello) f);
            }
            return;
        }
        // LOGIN and REGISTER are counted once, as their session's frames; here they only must not start a session.
        if ((f.type == Wire.LOGIN || f.type == Wire.REGISTER)
                && attachLimited(null, sender, buf.length, floods.attachWait(sender.getAddress()))) {
            return;
        }
        if (f instanceof Probe) {
            // Stateless and never larger than the PROBE: anyone may time this relay before attaching.
            sendStateless(sender, probeReply((Probe) f), buf.length);
            return;
        }
        if (isIdentityRequest(f.type)) {
            // A session from the first request, so its RESULT or REGISTERED is retransmitted until acknowledged.
            if (sessions.size() >= config.maxPhones) {
                sendStateless(sender, error(Wire.ERR_LIMIT_REACHED, ""), buf.length);
                return;
            }
            UdpChallenge c = udpChallenges.remove(sender);
            if (c == null) {
                s = new Session(this, udpEndpoints.apply(sender), clock);
            } else {
                s = new Session(this, udpEndpoints.apply(sender), clock, c.messageId);
                s.challenge = c.challenge;
                if (c.proven) {
                    s.prove();
                }
            }
            udpSessions.put(sender, s);
            sessions.add(s);
            receive(s, buf);
            return;
        }
        if (f instanceof Register) {
            Register r = (Register) f;
            int refusal = registerRefusal(r, true);
            if (refusal != 0) {
                LOG.info("phone {} from {}: registration refused: {}", r.number, UdpEndpoint.describe(sender),
                        Wire.errorName(refusal));
                sendStateless(sender, error(refusal, refusalText(refusal)), buf.length);
                return;
            }
            s = new Session(this, udpEndpoints.apply(sender), clock);
            udpSessions.put(sender, s);
            sessions.add(s);
            // Through the session, so the ACK counts against what the unproven address sent.
            receive(s, buf);
        } else if (f instanceof UnknownFrame) {
            // Skipped but acknowledged (4 bytes, never more than a frame): an older relay must not confuse a newer
            // phone.
            if (f.messageId != 0) {
                sendStateless(sender, new Ack(f.messageId), buf.length);
            }
        } else if (f.type == Wire.ACK) {
            UdpChallenge c = udpChallenges.get(sender);
            if (c != null && c.messageId == f.messageId) {
                c.proven = true;
            }
        } else if (f.type != Wire.ERROR) {
            // Not acknowledged: the ERROR says the frame was not taken, and one answer stays within its size.
            sendStateless(sender, error(Wire.ERR_NOT_REGISTERED, "register first"), buf.length);
        }
    }

    /** A reply to an unproven address was held back ({@link Session}). */
    void heldUnproven() {
        counters.increment(Counters.Name.UNPROVEN_REPLIES_HELD);
    }

    /**
     * Answers a datagram from outside the network's countries with ERROR REGION_REFUSED, no detail text, message id
     * 0, and only when that is no larger than what came in and came in as a frame that expects an answer: a
     * spoofed source gains nothing, and two relays cannot bounce errors at each other.
     */
    private void refuseRegion(InetSocketAddress sender, byte[] buf) {
        counters.increment(Counters.Name.REGION_REFUSED);
        // Per datagram and possibly spoofed: debug only, the counter tells the operator.
        LOG.debug("{}: refused: outside {}", UdpEndpoint.describe(sender), region);
        int type = buf.length >= Wire.HEADER ? buf[1] & 0xFF : Wire.ERROR;
        if (type == Wire.ERROR || type == Wire.ACK) {
            return;
        }
        byte[] answer = FrameCodec.encode(new ErrorFrame(Wire.ERR_REGION_REFUSED, ""));
        if (answer.length <= buf.length) {
            udpEndpoints.apply(sender).sendSignal(answer, 0, answer.length);
        }
    }

    /**
     * A TCP connection opened from {@code remote}; returns its session, or null if the relay is full or the address
     * is outside the network's countries (then told with ERROR REGION_REFUSED); the caller closes it.
     */
    Session onStreamOpen(Endpoint endpoint, InetSocketAddress remote) {
        if (!region.allows(remote.getAddress())) {
            counters.increment(Counters.Name.REGION_REFUSED);
            // TCP: the address is real (the handshake is done), so the line names who was turned away.
            LOG.info("{}: connection refused: outside {}", endpoint, region);
            byte[] answer = FrameCodec.encode(error(Wire.ERR_REGION_REFUSED, "this relay serves another region"));
            endpoint.sendSignal(answer, 0, answer.length);
            return null;
        }
        if (sessions.size() >= config.maxPhones) {
            LOG.warn("{}: connection refused: limits.phones={} reached", endpoint, config.maxPhones);
            return null;
        }
        Session s = new Session(this, endpoint, clock);
        sessions.add(s);
        return s;
    }

    /** A signalling frame from a TCP session. */
    void onStreamSignal(Session s, byte[] buf) {
        if (!s.closed) {
            receive(s, buf);
        }
    }

    /** The TCP stream broke the framing rules: tell the phone why, then drop the connection. */
    void onStreamError(Session s, int code, String message) {
        counters.increment(Counters.Name.MALFORMED);
        LOG.info("{}: closing connection: {} ({})", s, Wire.errorName(code), message);
        send(s, error(code, message));
        detach(s, "bad stream", true);
    }

    /** The TCP connection of {@code s} closed (by either side). */
    void onStreamClosed(Session s) {
        if (!s.closed) {
            detach(s, "connection closed", false);
        }
    }

    private void receive(Session s, byte[] buf) {
        s.lastHeardMillis = clock.nowMillis();
        if (FRAMES.isDebugEnabled()) {
            FRAMES.debug("{} rx {}", s, Wire.frameLog(buf, 0, buf.length));
        }
        boolean proving = !s.proven();
        int pendingBefore = 0;
        if (proving) {
            s.received(buf.length);
            pendingBefore = s.link.pendingCount();
        }
        try {
            s.link.receive(buf, 0, buf.length);
            // An ACK that cleared one of our frames names a random message id only the real address has seen.
            if (proving && buf[1] == Wire.ACK && (s.link.pendingCount() < pendingBefore
                    || s.acknowledgesChallenge((buf[2] & 0xFF) << 8 | buf[3] & 0xFF))) {
                s.prove();
            }
        } catch (ProtocolException e) {
            if (s.endpoint.isStream()) {
                onStreamError(s, e.code(), e.getMessage());
            } else {
                counters.increment(Counters.Name.MALFORMED);
                LOG.debug("{}: dropped malformed datagram: {}", s, e.getMessage());
                if (answerable(s)) {
                    send(s, error(e.code(), e.getMessage()));
                }
            }
        } catch (IOException e) {
            LOG.warn("{}: cannot answer: {}", s, e.getMessage());
        }
    }

    /** Called by the session's ReliableLink for each new frame. */
    void onFrame(Session s, Frame f) {
        counters.increment(Counters.Name.SIGNALLING_RECEIVED);
        if (peers != null && (s.peer != null || PeerLinks.isHandshake(f.type))) {
            onLinkFrame(s, f);
            return;
        }
        switch (f.type) {
            case Wire.REGISTER:
                if (!attachLimited(s, null, 0, attachWait(s))) {
                    handleRegister(s, (Register) f);
                }
                return;
            case Wire.KEEPALIVE:
                send(s, new Keepalive());
                return;
            case Wire.ERROR:
                LOG.debug("{}: phone reports {}", s, f); // debug: a phone must not be able to flood the log
                return;
            case Wire.HELLO:
                if (!attachLimited(s, null, 0, attachWait(s))) {
                    answerHello(s, null, (Hello) f);
                }
                return;
            case Wire.PROBE:
                send(s, probeReply((Probe) f));
                return;
            case Wire.LOGIN:
                if (!attachLimited(s, null, 0, attachWait(s))) {
                    handleLogin(s, (Login) f);
                }
                return;
            case Wire.CLAIM:
            case Wire.RELEASE:
            case Wire.BLOCKLIST:
                handleRecord(s, (RecordRequest) f);
                return;
            default:
                break;
        }
        if (s.number == null) {
            if (f.isReliable() && !(f instanceof UnknownFrame)) {
                send(s, error(Wire.ERR_NOT_REGISTERED, "register first"));
            }
            return;
        }
        switch (f.type) {
            case Wire.INVITE:
                if (!inviteLimited(s, (Invite) f)) {
                    handleInvite(s, (Invite) f);
                }
                break;
            case Wire.RINGING:
                handleRinging(s, (Ringing) f);
                break;
            case Wire.ANSWER:
                handleAnswer(s, (Answer) f);
                break;
            case Wire.REJECT:
                handleReject(s, (Reject) f);
                break;
            case Wire.BYE:
                handleBye(s, (Bye) f);
                break;
            case Wire.DTMF:
                handleDtmf(s, (Dtmf) f);
                break;
            case Wire.RELAYS:
                send(s, relayList());
                break;
            case Wire.VM_LIST:
            case Wire.VM_FETCH:
            case Wire.VM_DELETE:
            case Wire.VM_SETTINGS:
            case Wire.VM_GREETING:
            case Wire.VM_GREETING_DELETE:
                handleMailbox(s, f);
                break;
            case Wire.LINKS:
            case Wire.LINK_CHECK:
                handleLinks(s, (RecordRequest) f);
                break;
            case Wire.SIP_PASSWORD:
                handleSipPassword(s, (SipPassword) f);
                break;
            default:
                // Unknown or relay-bound-only types: the link has acknowledged it; newer phones expect no more.
                LOG.debug("{}: ignored {}", s, f);
                break;
        }
    }

    // ---- flood limits ---------------------------------------------------------------------------------------------

    /** Counts an attach of session {@code s} (the SIP side's lines authenticate their own: not counted here). */
    private long attachWait(Session s) {
        return s.endpoint.isLocal() ? 0 : floods.attach(s.endpoint.address());
    }

    /**
     * Whether an attach (HELLO, LOGIN, REGISTER) that had to wait {@code waitMillis} is refused; if so, tells the
     * session {@code s}, or the address {@code sender} without one (within its answer budget), with ERROR
     * RATE_LIMITED. Per datagram and possibly forged: logged at debug, counted for the operator.
     */
    private boolean attachLimited(Session s, InetSocketAddress sender, int requestLength, long waitMillis) {
        if (waitMillis == 0) {
            return false;
        }
        counters.increment(Counters.Name.ATTACHES_RATE_LIMITED);
        if (s != null) {
            String detail = floods.attachDetail(s.endpoint.address(), waitMillis);
            LOG.debug("{}: attach refused: {}", s, detail);
            if (answerable(s)) {
                send(s, error(Wire.ERR_RATE_LIMITED, detail));
            }
        } else {
            LOG.debug("{}: attach refused: {}", UdpEndpoint.describe(sender),
                    floods.attachDetail(sender.getAddress(), waitMillis));
            sendStateless(sender, error(Wire.ERR_RATE_LIMITED, ""), requestLength);
        }
        return true;
    }

    /**
     * Whether an unsolicited ERROR may go to {@code s}: always once it proved its address, else within the answer
     * budget of an address without a session, which may be just as forged.
     */
    private boolean answerable(Session s) {
        if (s.proven() || floods.answer(s.endpoint.address())) {
            return true;
        }
        counters.increment(Counters.Name.ANSWERS_RATE_LIMITED);
        return false;
    }

    /** Whether {@code inv} goes beyond its session's or address's INVITE limit; if so the caller gets REJECT. */
    private boolean inviteLimited(Session s, Invite inv) {
        long wait = floods.invite(s.endpoint.isLocal() ? null : s.endpoint.address(), s.invites);
        if (wait == 0) {
            return false;
        }
        counters.increment(Counters.Name.INVITES_RATE_LIMITED);
        // Debug: an authenticated phone could otherwise flood the log; the counter tells the operator.
        LOG.debug("call {}: rejected RATE_LIMITED from {}: try again in {} ms", Call.hex(inv.callId), s, wait);
        send(s, new Reject(inv.callId, Wire.REJECT_RATE_LIMITED));
        return true;
    }

    /** A reliable frame to {@code s} went unanswered through every retransmission: the phone is out of reach. */
    void onUndelivered(Session s, Frame f) {
        LOG.warn("{}: unreachable, undelivered: {}", s, f);
        if (s.leg != null) {
            Leg lost = s.leg;
            send(lost.peer.session, new Bye(lost.call.id, Wire.BYE_PEER_LOST));
            endCall(lost.call, "BYE PEER_LOST, " + lost.number + " unreachable");
        }
    }

    // ---- registration -------------------------------------------------------------------------------------------

    /** 0 if {@code r} may register, else the ERR_* code to refuse it with. */
    private int registerRefusal(Register r, boolean newSession) {
        if (r.number.isEmpty() || !Numbers.isValid(r.number)) {
            return Wire.ERR_BAD_NUMBER;
        }
        if (!secrets.wouldAccept(r.number, r.secret)) {
            return secrets.isKnown(r.number) ? Wire.ERR_AUTH_FAILED : Wire.ERR_LIMIT_REACHED;
        }
        if (newSession && sessions.size() >= config.maxPhones && !attached.containsKey(r.number)) {
            return Wire.ERR_LIMIT_REACHED;
        }
        return 0;
    }

    private static String refusalText(int code) {
        switch (code) {
            case Wire.ERR_AUTH_FAILED:
                return "number belongs to another secret";
            case Wire.ERR_BAD_NUMBER:
                return "not a phone number";
            default:
                return "relay full";
        }
    }

    private void handleRegister(Session s, Register r) {
        int refusal = registerRefusal(r, false);
        if (refusal != 0) {
            LOG.info("phone {} from {}: registration refused: {}", r.number, s.endpoint, Wire.errorName(refusal));
            send(s, error(refusal, refusalText(refusal)));
            return;
        }
        s.inFlight++;
        if (numbers == null) {
            registerWithSecret(s, r);
            return;
        }
        // Keys own numbers network-wide: a device secret, known here or not, never takes over a number a key holds
        // (or its quarantine), and when the registrar cannot say, the secret waits.
        numbers.isHeldByKey(r.number, held -> {
            if (Boolean.FALSE.equals(held)) {
                registerWithSecret(s, r);
                return;
            }
            s.inFlight--;
            if (s.closed) {
                return;
            }
            int code = held == null ? Wire.ERR_UNAVAILABLE : Wire.ERR_AUTH_FAILED;
            LOG.info("phone {} from {}: registration refused: {} (the number is {})", r.number, s.endpoint,
                    Wire.errorName(code), held == null ? "unknown to an unreachable registrar" : "held by a key");
            send(s, error(code, held == null ? "registrar unreachable" : refusalText(code)));
        });
    }

    private void registerWithSecret(Session s, Register r) {
        // A new number is answered once its binding is on disk, from the store's writer: the loop never waits.
        secrets.bind(r.number, r.secret, bound -> {
            s.inFlight--;
            if (!s.closed) {
                registerBound(s, r, bound);
            }
        });
    }

    private void registerBound(Session s, Register r, SecretStore.Result bound) {
        if (bound == SecretStore.Result.FAILED) {
            LOG.error("phone {}: cannot store its secret in {}", r.number, config.dataDir);
            send(s, error(Wire.ERR_LIMIT_REACHED, "relay storage failure"));
            return;
        }
        if (bound != SecretStore.Result.MATCH && bound != SecretStore.Result.BOUND) {
            int code = bound == SecretStore.Result.MISMATCH ? Wire.ERR_AUTH_FAILED : Wire.ERR_LIMIT_REACHED;
            send(s, error(code, refusalText(code)));
            return;
        }
        if (s.number != null && !s.number.equals(r.number)) {
            LOG.info("phone {} at {}: now registers as {}", s.number, s.endpoint, r.number);
            if (s.leg != null) {
                Leg leg = s.leg;
                send(leg.peer.session, new Bye(leg.call.id, Wire.BYE_PEER_LOST));
                endCall(leg.call, "BYE PEER_LOST, " + leg.number + " registered as " + r.number);
            }
            dropNumber(s);
        }
        Session old = attached.get(r.number);
        if (old != null && old != s) {
            // NAT rebinding or a switch between UDP and TCP: the number, and its call, follow the phone.
            LOG.info("phone {}: moved from {} to {}", r.number, old.endpoint, s.endpoint);
            if (old.leg != null) {
                s.leg = old.leg;
                s.leg.session = s;
                old.leg = null;
                routeVoice(s.leg.call);
            }
            old.number = null;
            if (old.inFlight == 0) {
                closeSession(old);
            }
        }
        boolean fresh = s.number == null;
        s.number = r.number;
        s.codecMask = r.codecMask;
        if (attached.put(r.number, s) == null) {
            arrivedHere(r.number);
        }
        if (fresh) {
            LOG.info("phone {}: attached via {}{} (codecs 0x{})", r.number, s.endpoint,
                    bound == SecretStore.Result.BOUND ? ", number bound to its secret" : "",
                    Integer.toHexString(r.codecMask));
        }
        counters.increment(Counters.Name.REGISTRATIONS);
        send(s, new Registered(r.number, config.keepaliveSeconds, callerIds.nowSeconds()));
        sendWaitingIfAny(r.number);
    }

    // ---- parties inside the relay (the SIP side) -------------------------------------------------------------------

    /**
     * A party inside the relay attaches {@code number} on its own session: it authenticated the number's owner
     * itself (SIP digest). As with REGISTER, the number and its call follow the newest registration. Returns null
     * when limits.phones is reached.
     */
    Session attachLocal(Endpoint endpoint, String number, int codecMask) {
        if (sessions.size() >= config.maxPhones && !attached.containsKey(number)) {
            LOG.warn("phone {}: not attached via {}: limits.phones={} reached", number, endpoint, config.maxPhones);
            return null;
        }
        Session s = new Session(this, endpoint, clock);
        sessions.add(s);
        Session old = attached.get(number);
        if (old != null) {
            LOG.info("phone {}: moved from {} to {}", number, old.endpoint, endpoint);
            if (old.leg != null && old.leg.number.equals(number)) {
                s.leg = old.leg;
                s.leg.session = s;
                old.leg = null;
                routeVoice(s.leg.call);
            }
            removeNumber(old, number);
            if (old.number == null) {
                detach(old, "its number moved", false);
            }
        }
        s.number = number;
        s.codecMask = codecMask;
        attached.put(number, s);
        counters.increment(Counters.Name.REGISTRATIONS);
        LOG.info("phone {}: attached via {} (codecs 0x{})", number, endpoint, Integer.toHexString(codecMask));
        return s;
    }

    /** A frame from a party inside the relay, as if its phone had sent it. */
    void onLocalFrame(Session s, Frame f) {
        if (!s.closed) {
            s.lastHeardMillis = clock.nowMillis();
            onFrame(s, f);
        }
    }

    /** A party inside the relay lets its number go: its call ends as if its phone were lost. */
    void detachLocal(Session s, String why) {
        if (!s.closed) {
            detach(s, why, false);
        }
    }

    // ---- numbers owned by keys ---------------------------------------------------------------------------------

    private static boolean isIdentityRequest(int type) {
        return type == Wire.LOGIN || type == Wire.CLAIM || type == Wire.RELEASE || type == Wire.BLOCKLIST;
    }

    /**
     * A fresh challenge for a HELLO, from a session ({@code s}) or a UDP address without one ({@code sender}): one
     * per session or address, replacing the last, so each LoginProof answers one challenge only. A HELLO shorter than
     * its CHALLENGE is refused, so the relay never answers a possibly spoofed source with more than it got.
     */
    private void answerHello(Session s, InetSocketAddress sender, Hello hello) {
        if (numbers == null) {
            Frame no = error(Wire.ERR_UNAVAILABLE, "this relay serves no numbers owned by keys");
            if (s != null) {
                send(s, no);
            } else {
                sendStateless(sender, no, Wire.HEADER + Wire.NONCE_SIZE + hello.padding);
            }
            return;
        }
        byte[] c = numbers.newChallenge();
        Challenge answer = new Challenge(hello.clientNonce(), c, numbers.difficulty(), numbers.registrarKeys());
        int helloLength = Wire.HEADER + Wire.NONCE_SIZE + hello.padding;
        int answerLength = FrameCodec.encode(answer).length;
        if (helloLength < answerLength) {
            Frame no = error(Wire.ERR_MALFORMED, "HELLO of " + helloLength + " bytes is shorter than its CHALLENGE ("
                    + answerLength + ")");
            if (s != null) {
                send(s, no);
            } else {
                sendStateless(sender, no, helloLength);
            }
            return;
        }
        if (s != null) {
            s.challenge = c;
            send(s, answer);
        } else {
            UdpChallenge pending = new UdpChallenge(c);
            udpChallenges.put(sender, pending);
            answer.messageId = pending.messageId;
            sendStateless(sender, answer, helloLength);
        }
    }

    private void handleLogin(Session s, Login login) {
        byte[] challenge = s.challenge;
        s.challenge = null; // one proof per challenge: a replayed or second proof finds none
        if (numbers == null) {
            send(s, error(Wire.ERR_UNAVAILABLE, "this relay serves no numbers owned by keys"));
            return;
        }
        byte[] b = login.proof();
        LoginProof proof;
        try {
            proof = LoginProof.decode(b, 0, b.length);
        } catch (IdentityException e) {
            send(s, error(Wire.ERR_MALFORMED, e.getMessage()));
            return;
        }
        if (challenge == null || !Arrays.equals(challenge, proof.challenge())) {
            String why = challenge == null ? "no challenge: send HELLO first" : "proof answers another challenge";
            LOG.info("phone {} via {}: login refused: {}", proof.number, s.endpoint, why);
            send(s, error(Wire.ERR_AUTH_FAILED, why));
            return;
        }
        s.inFlight++;
        numbers.login(proof, challenge, r -> loginDone(s, proof.number, login.codecMask, r));
    }

    /** On the loop: the registrar's verdict on a login. */
    private void loginDone(Session s, String number, int codecMask, NumberDesk.LoginResult r) {
        s.inFlight--;
        if (s.closed) {
            return;
        }
        if (r.error() != 0) {
            LOG.info("phone {} via {}: login refused: {} ({})", number, s.endpoint, Wire.errorName(r.error()),
                    r.detail());
            send(s, error(r.error(), r.detail()));
            return;
        }
        Session old = attached.get(number);
        if (old != null && old != s) {
            // The number follows the phone to its new address, as with REGISTER; its call too, if it had one.
            LOG.info("phone {}: moved from {} to {}", number, old.endpoint, s.endpoint);
            if (old.leg != null && old.leg.number.equals(number) && s.leg == null) {
                s.leg = old.leg;
                s.leg.session = s;
                old.leg = null;
                routeVoice(s.leg.call);
            }
            removeNumber(old, number);
            if (old.number == null && old.inFlight == 0) {
                detach(old, "its number moved", false);
            }
        }
        // The challenge the phone signed went to this address: it receives what the relay sends.
        s.prove();
        if (s.number == null) {
            s.number = number;
        } else if (!s.number.equals(number)) {
            s.moreNumbers.add(number);
        }
        s.codecMask = codecMask;
        s.ownerKeys.put(number, r.ownerKey());
        s.records.put(number, r.record());
        if (attached.put(number, s) == null) {
            arrivedHere(number);
        }
        if (r.blockList() != null) {
            blockLists.put(number, r.blockList());
        } else {
            blockLists.remove(number);
        }
        blockListFetched.put(number, clock.nowMillis());
        LOG.info("phone {}: logged in via {} (codecs 0x{}{})", number, s.endpoint, Integer.toHexString(codecMask),
                r.blockList() == null ? "" : ", " + r.blockList());
        counters.increment(Counters.Name.REGISTRATIONS);
        send(s, new Registered(number, config.keepaliveSeconds, callerIds.nowSeconds()));
        sendWaitingIfAny(number);
    }

    /** Detaches one of the numbers of {@code s}; the next one becomes its caller number. */
    private void removeNumber(Session s, String number) {
        if (number.equals(s.number)) {
            s.number = s.moreNumbers.isEmpty() ? null : s.moreNumbers.iterator().next();
            s.moreNumbers.remove(s.number);
        } else {
            s.moreNumbers.remove(number);
        }
        if (attached.get(number) == s) {
            attached.remove(number);
            leftHere(number);
        }
        s.ownerKeys.remove(number);
        s.records.remove(number);
        forgetBlockList(number);
    }

    private void forgetBlockList(String number) {
        blockLists.remove(number);
        blockListFetched.remove(number);
    }

    private static int maxRecord(int type) {
        switch (type) {
            case Wire.CLAIM:
                return Claim.MAX_LENGTH;
            case Wire.RELEASE:
                return Release.MAX_LENGTH;
            default:
                return BlockList.MAX_LENGTH;
        }
    }

    /** CLAIM, RELEASE, BLOCKLIST: forwarded to the registrar; its outcome goes back in one RESULT. */
    private void handleRecord(Session s, RecordRequest r) {
        if (numbers == null) {
            send(s, new Result(r.type, Wire.RESULT_UNAVAILABLE, new byte[0],
                    "this relay serves no numbers owned by keys"));
            return;
        }
        if (r.recordLength() > maxRecord(r.type)) {
            String why = Wire.typeName(r.type) + " record of " + r.recordLength() + " bytes, at most "
                    + maxRecord(r.type);
            LOG.info("{}: {} refused: {}", s, Wire.typeName(r.type), why);
            send(s, new Result(r.type, Wire.RESULT_TOO_LARGE, new byte[0], why));
            return;
        }
        byte[] record = r.record();
        if (r.type == Wire.CLAIM) {
            String limited = claimLimits.admit(s.endpoint.address(), claimKey(record));
            if (limited != null) {
                counters.increment(Counters.Name.CLAIMS_RATE_LIMITED);
                LOG.info("{}: CLAIM refused: {}", s, limited);
                send(s, new Result(r.type, Wire.RESULT_RATE_LIMITED, new byte[0], limited));
                return;
            }
        }
        numbers.forward(r.type, record, reply -> recordDone(s, r.type, record, reply));
    }

    /** The key a claim is signed with, or null if it does not decode (the registrar then answers MALFORMED). */
    private static byte[] claimKey(byte[] record) {
        try {
            return Claim.decode(record, 0, record.length).publicKey();
        } catch (IdentityException e) {
            return null;
        }
    }

    /** On the loop: the registrar's outcome of a CLAIM, RELEASE or BLOCKLIST ({@code reply} null: it was busy). */
    private void recordDone(Session s, int type, byte[] record, Reply reply) {
        int code = reply == null ? Wire.RESULT_UNAVAILABLE : NumberDesk.resultCode(reply.outcome);
        String detail = reply == null ? "registrar busy" : reply.detail;
        LOG.info("{}: {} -> {}", s, Wire.typeName(type), reply == null ? "registrar busy" : reply);
        try {
            if (type == Wire.RELEASE && code == Wire.RESULT_OK) {
                // In quarantine now: callers hear NOT_IN_SERVICE, so it is attached nowhere.
                String number = Release.decode(record, 0, record.length).number;
                Session holder = attached.get(number);
                if (holder != null) {
                    removeNumber(holder, number);
                    LOG.info("phone {}: released, detached from {}", number, holder.endpoint);
                }
            } else if (type == Wire.BLOCKLIST && code == Wire.RESULT_OK) {
                BlockList list = BlockList.decode(record, 0, record.length);
                if (attached.containsKey(list.owner)) {
                    blockLists.put(list.owner, list);
                    blockListFetched.put(list.owner, clock.nowMillis());
                }
            }
        } catch (IdentityException e) {
            // The registrar accepted what it could decode, so this cannot happen without a bug: say so loudly.
            LOG.error("{}: registrar accepted a {} this relay cannot decode: {}", s, Wire.typeName(type),
                    e.getMessage());
        }
        byte[] back = reply == null ? new byte[0] : reply.record();
        if (back.length > Wire.MAX_TEXT) {
            back = new byte[0];
        }
        send(s, new Result(type, code, back, detail));
    }

    /**
     * INVITE to a number attached nowhere here and bound to no secret: the registrar says whether it is owned
     * (UNAVAILABLE: the phone is just not here) or free, reserved or in quarantine (NOT_IN_SERVICE).
     */
    private void rejectUnattached(Session s, Invite inv, String ids) {
        if (numbers == null) {
            LOG.info("call {}: rejected {}", ids, Wire.rejectName(Wire.REJECT_NOT_IN_SERVICE));
            send(s, new Reject(inv.callId, Wire.REJECT_NOT_IN_SERVICE));
            return;
        }
        numbers.isOwned(inv.callee, owned -> {
            if (Boolean.TRUE.equals(owned) && toVoicemail(s, inv, Wire.REJECT_UNAVAILABLE, ids)) {
                return;
            }
            int reason = Boolean.FALSE.equals(owned) ? Wire.REJECT_NOT_IN_SERVICE : Wire.REJECT_UNAVAILABLE;
            LOG.info("call {}: rejected {}{}", ids, Wire.rejectName(reason), owned == null ? " (registrar unreachable)"
                    : "");
            send(s, new Reject(inv.callId, reason));
        });
    }

    // ---- calls --------------------------------------------------------------------------------------------------

    private void handleInvite(Session s, Invite inv) {
        String ids = Call.hex(inv.callId) + " " + (inv.caller.isEmpty() ? s.number : inv.caller) + " -> "
                + inv.callee;
        Call existing = calls.get(inv.callId);
        if (existing != null) {
            if (existing.caller.session != s) {
                send(s, error(Wire.ERR_CALL_ID_IN_USE, "call id " + Call.hex(inv.callId) + " in use"));
            }
            return;
        }
        if (wantsLinks(s, inv)) {
            lookUpLinks(s, inv); // then back here, once
            return;
        }
        // Who calls. A phone logged in with keys proves it in the INVITE; one registered with a device secret is the
        // number it registered (unproven: the relay fills it in and drops any proof, which it cannot check).
        String caller = s.number;
        KeyShare callerShare = null;
        if (!s.ownerKeys.isEmpty()) {
            CallerIdCheck.Verdict v = callerIds.checkInvite(inv, s.number, s.ownerKeys);
            if (!v.accepted()) {
                // Before anything rings: the callee is never disturbed by a caller id that does not hold.
                counters.increment(Counters.Name.CALLER_ID_REJECTED);
                LOG.info("call {}: rejected {}: {}", ids, Wire.rejectName(v.reason()), v.why());
                send(s, new Reject(inv.callId, v.reason()));
                return;
            }
            caller = v.caller();
            callerShare = v.share();
        }
        boolean anonymous = caller.isEmpty();
        int reason = 0;
        Session callee = null;
        // External numbers are settled by the dial plan alone, before anything rings.
        int planned = config.dialPlan.check(inv.callee);
        if (planned == Wire.REJECT_UNAVAILABLE && s.leg == null && externalLines != null
                && !attached.containsKey(inv.callee) && externalLines.test(inv.callee)) {
            // Within the plan, and a trunk line now carries the number: routed like any attached number.
            planned = 0;
        }
        if (s.leg != null || inv.callee.equals(s.number) || attached.get(inv.callee) == s) {
            reason = Wire.REJECT_BUSY;
        } else if (planned != 0) {
            reason = planned;
        } else if (inv.callee.isEmpty() || !Numbers.isValid(inv.callee)) {
            reason = Wire.REJECT_NOT_IN_SERVICE;
        } else if (linksFound.containsKey(inv.callId)
                && fork(s, inv, caller, callerShare, anonymous, linksFound.get(inv.callId))) {
            return; // ringing the owner's phone and linked numbers
        } else if ((callee = attached.get(inv.callee)) == null) {
            if (peers != null) {
                inviteElsewhere(s, inv, ids);
                return;
            }
            if (!secrets.isKnown(inv.callee)) {
                rejectUnattached(s, inv, ids);
                return;
            }
            reason = Wire.REJECT_UNAVAILABLE;
        } else if (blockLists.containsKey(inv.callee) && blockLists.get(inv.callee).blocks(caller)) {
            // Before anything rings. A blocked number hears what a phone that said no would say, and learns nothing
            // more; an anonymous caller is told to call again showing its number.
            LOG.info("call {}: {} on the callee's block list", ids, anonymous ? "anonymous caller" : "caller");
            reason = anonymous ? Wire.REJECT_ANONYMOUS_REFUSED : Wire.REJECT_DECLINED;
        } else if (callee.leg != null) {
            reason = Wire.REJECT_BUSY;
        } else if ((inv.codecMask & callee.codecMask) == 0 || !Wire.isValidPtime(inv.ptimeMs)) {
            reason = Wire.REJECT_INCOMPATIBLE;
        } else if (isFull(callKbps(inv.codecMask & callee.codecMask, inv.ptimeMs))) {
            reason = Wire.REJECT_RELAY_FULL;
        }
        if (reason == Wire.REJECT_RELAY_FULL) {
            refuseFull(s, inv, ids);
            return;
        }
        if ((reason == Wire.REJECT_UNAVAILABLE || reason == Wire.REJECT_BUSY && callee != null)
                && toVoicemail(s, inv, reason, ids)) {
            return;
        }
        if (reason != 0) {
            LOG.info("call {}: rejected {}", ids, Wire.rejectName(reason));
            send(s, new Reject(inv.callId, reason));
            return;
        }
        // The caller's leg carries the number it calls from (its session's first one when anonymous).
        Call call = new Call(inv.callId, anonymous ? s.number : caller, s, inv.callee, callee,
                inv.codecMask & callee.codecMask, inv.ptimeMs, clock.nowMillis());
        call.uplinkKbps = callKbps(call.codecMask, call.ptimeMs);
        call.caller.channel = channels.allocate(call.caller);
        call.callee.channel = channels.allocate(call.callee);
        call.anonymous = anonymous;
        call.callerKeyShare = inv.keyShareLength() > 0;
        call.callerShare = callerShare;
        calls.put(call.id, call);
        s.leg = call.caller;
        callee.leg = call.callee;
        counters.increment(Counters.Name.CALLS_STARTED);
        LOG.info("{}: inviting (via {} -> {}, channels {}/{}{})", call, s.endpoint, callee.endpoint,
                call.caller.channel, call.callee.channel, s.ownerKeys.isEmpty() ? ", caller id unproven" : "");
        send(callee, s.ownerKeys.isEmpty()
                ? new Invite(inv.callId, caller, inv.callee, inv.codecMask, inv.ptimeMs, call.callee.channel,
                        new byte[0], inv.keyShare())
                : inv.withRelayFields(caller, call.callee.channel).withRecord(recordOf(s, caller)));
    }

    /**
     * The registrar's record of {@code number} as {@code s} logged it in, which its calls carry so the far phone can
     * check the caller id and key share itself; empty when anonymous or not logged in with a key.
     */
    private static byte[] recordOf(Session s, String number) {
        byte[] record = number.isEmpty() ? null : s.records.get(number);
        return record == null ? new byte[0] : record;
    }

    /** The call {@code callId} if {@code s} is one of its legs; otherwise answers ERROR UNKNOWN_CALL. */
    private Leg legOf(Session s, int callId) {
        if (s.peer != null) {
            Leg onLink = s.peer.legs.get(callId);
            if (onLink != null) {
                return onLink;
            }
        } else if (s.leg != null && s.leg.call.id == callId) {
            return s.leg;
        }
        send(s, error(Wire.ERR_UNKNOWN_CALL, "no call " + Call.hex(callId)));
        return null;
    }

    private void handleRinging(Session s, Ringing f) {
        Leg leg = legOf(s, f.callId);
        if (leg != null && isBranch(leg)) {
            Fork fork = leg.call.fork;
            if (!fork.ringingSent) {
                // The caller hears one ringing, whichever leg rings first.
                fork.ringingSent = true;
                LOG.info("{}: ringing ({})", leg.call, leg.number);
                send(leg.call.caller.session, f);
            }
            return;
        }
        if (leg != null && leg == leg.call.callee && !leg.call.answered) {
            LOG.info("{}: ringing", leg.call);
            send(leg.peer.session, f);
        }
    }

    private void handleAnswer(Session s, Answer a) {
        Leg leg = legOf(s, a.callId);
        if (leg == null || leg.call.answered || leg != leg.call.callee && !isBranch(leg)) {
            return;
        }
        Call call = leg.call;
        if (isBranch(leg)) {
            // First answer wins: the other legs stop ringing (CANCEL on SIP) and this one is the callee.
            call.fork.ringing.remove(leg);
            cancelBranches(call);
            call.callee = leg;
            call.caller.peer = leg;
            LOG.info("{}: answered first by {}; the other legs were cancelled", call, leg.number);
        }
        if (Wire.codecFrameBytes(a.codec) < 0 || (call.codecMask & (1 << a.codec)) == 0
                || !Wire.isValidPtime(a.ptimeMs)) {
            LOG.info("{}: answer with {} {} ms not offered: rejected INCOMPATIBLE", call, Wire.codecName(a.codec),
                    a.ptimeMs);
            send(call.caller.session, new Reject(call.id, Wire.REJECT_INCOMPATIBLE));
            send(call.callee.session, new Bye(call.id, Wire.BYE_CANCELLED));
            endCall(call, "answer incompatible");
            return;
        }
        byte[] calleeKey = s.ownerKeys.get(leg.number);
        if (a.keyShareLength() > 0 && calleeKey != null) {
            // A linked Pippin number answers for the number called, signing with its own key.
            String calledAs = call.fork != null ? call.fork.called : leg.number;
            CallerIdCheck.Verdict v = callerIds.checkAnswer(a.keyShare(), calledAs, calleeKey, call.callerShare);
            if (!v.accepted()) {
                counters.increment(Counters.Name.CALLER_ID_REJECTED);
                LOG.info("{}: answer refused, rejected {}: {}", call, Wire.rejectName(v.reason()), v.why());
                send(call.caller.session, new Reject(call.id, v.reason()));
                send(call.callee.session, new Bye(call.id, Wire.BYE_CANCELLED));
                endCall(call, "answer with a bad KEY_SHARE");
                return;
            }
        }
        long now = clock.nowMillis();
        if (leg.session.peer != null) {
            // Answered at the callee's relay: voice to it goes on the channel that relay allotted to this call.
            leg.remoteChannel = a.channel;
        }
        call.answered = true;
        call.codec = a.codec;
        call.sealed = call.callerKeyShare && a.keyShareLength() > 0;
        call.answeredMillis = now;
        call.lastVoiceMillis = now;
        counters.increment(Counters.Name.CALLS_ANSWERED);
        routeVoice(call);
        LOG.info("{}: answered ({} {} ms{})", call, Wire.codecName(a.codec), a.ptimeMs,
                call.sealed ? ", sealed end to end" : "");
        // The callee's relay attaches the callee's record; a relay on the way passes it on.
        Answer relayed = s.peer == null ? a.withRecord(recordOf(s, leg.number)) : a;
        send(call.caller.session, relayed.withChannel(call.caller.channel));
        for (Dtmf d : leg.takeHeldKeys()) {
            if (calls.get(call.id) == call) { // the ANSWER's delivery may have ended the call
                send(call.caller.session, d); // keys that overtook this ANSWER, now right after it
            }
        }
    }

    private void handleReject(Session s, Reject r) {
        Leg leg = legOf(s, r.callId);
        if (leg == null) {
            return;
        }
        if (isBranch(leg)) {
            branchGone(leg, r.reason, "REJECT " + Wire.rejectName(r.reason));
            return;
        }
        Call call = leg.call;
        if (leg == call.callee && !call.answered) {
            send(call.caller.session, r);
            endCall(call, "REJECT " + Wire.rejectName(r.reason) + " by " + leg.number);
        } else {
            // A REJECT from the caller, or after the answer, can only mean "end it".
            int bye = call.answered ? Wire.BYE_NORMAL : Wire.BYE_CANCELLED;
            send(leg.peer.session, new Bye(call.id, bye));
            endCall(call, "BYE " + Wire.byeName(bye) + " by " + leg.number);
        }
    }

    private void handleBye(Session s, Bye b) {
        Leg leg = legOf(s, b.callId);
        if (leg != null && isBranch(leg)) {
            branchGone(leg, Wire.REJECT_UNAVAILABLE, "BYE " + Wire.byeName(b.reason));
        } else if (leg != null) {
            send(leg.peer.session, b);
            endCall(leg.call, "BYE " + Wire.byeName(b.reason) + " by " + leg.number);
        }
    }

    /**
     * A key pressed on one leg goes to the other once the call is answered (an IVR behind a trunk hears it as RFC 4733).
     * One from the ringing callee overtook its ANSWER (UDP delivers a lost ANSWER's retransmission later): it waits
     * for the ANSWER, bounded, and goes with the leg if the call ends unanswered. The key itself is not logged: it may
     * be part of a PIN.
     */
    private void handleDtmf(Session s, Dtmf d) {
        Leg leg = legOf(s, d.callId);
        if (leg != null && !leg.call.answered && (leg == leg.call.callee || isBranch(leg))) {
            boolean held = leg.holdKey(d);
            LOG.debug("{}: DTMF from {} before its ANSWER: {}", leg.call, leg.number, held ? "held" : "dropped");
            return;
        }
        if (leg == null || !leg.call.answered || leg.peer == null || leg.peer.session == null) {
            return;
        }
        LOG.debug("{}: DTMF from {}", leg.call, leg.number);
        send(leg.peer.session, d);
    }

    /** Frees the call and its channels; the caller has already told the phones. */
    private void endCall(Call call, String why) {
        if (calls.remove(call.id) != call) {
            return;
        }
        if (call.fork != null) {
            cancelBranches(call); // legs still ringing when the caller left, a timeout or the relay's stop
        }
        routedCalls.remove(call);
        for (Leg leg : new Leg[] {call.caller, call.callee}) {
            foldVoice(leg, channels.release(leg.channel));
            leg.route = null;
            if (leg.session == null) {
                continue; // voicemail's callee side: the relay itself
            }
            if (leg.session.leg == leg) {
                leg.session.leg = null;
            }
            if (leg.session.peer != null) {
                leg.session.peer.legs.remove(call.id, leg);
            }
        }
        if (call.recording != null && !call.recording.isFinished()) {
            saveRecording(call, null);
        }
        long now = clock.nowMillis();
        if (call.answered) {
            LOG.info("{}: ended: {}, talked {} s, voice packets {}->{} {}, {}->{} {}", call, why,
                    (now - call.answeredMillis) / 1000, call.caller.number, call.callee.number,
                    call.caller.packetsSent, call.callee.number, call.caller.number, call.callee.packetsSent);
        } else {
            LOG.info("{}: ended before answer: {}, after {} s", call, why, (now - call.startedMillis) / 1000);
        }
    }

    // ---- calls across relays ------------------------------------------------------------------------------------

    /** A frame on a relay link, or a handshake frame that may make a TCP session one. */
    private void onLinkFrame(Session s, Frame f) {
        if (PeerLinks.isHandshake(f.type)) {
            peers.onHandshake(s, f);
            return;
        }
        if (!s.peer.up) {
            LOG.info("{}: {} before the relay link was proven: dropped", s, Wire.typeName(f.type));
            dropSession(s, "relay link not proven");
            return;
        }
        switch (f.type) {
            case Wire.INVITE:
                handleLinkInvite(s, (Invite) f);
                break;
            case Wire.RINGING:
                handleRinging(s, (Ringing) f);
                break;
            case Wire.ANSWER:
                handleAnswer(s, (Answer) f);
                break;
            case Wire.REJECT:
                handleReject(s, (Reject) f);
                break;
            case Wire.REDIRECT:
                handleLinkRedirect(s, (Redirect) f);
                break;
            case Wire.BYE:
                handleBye(s, (Bye) f);
                break;
            case Wire.DTMF:
                handleDtmf(s, (Dtmf) f);
                break;
            case Wire.ERROR:
                LOG.info("{}: relay reports {}", s, f);
                break;
            default:
                if (vmPeers != null && VoicemailPeers.isReplicaFrame(f.type)) {
                    vmPeers.onFrame(s, f);
                    break;
                }
                // KEEPALIVE: hearing it is the point (lastHeard); each side sends its own, so none is answered.
                break;
        }
    }

    // ---- linked numbers -------------------------------------------------------------------------------------

    /** A call to a Pippin number this relay may fork: its owner's links are looked up first (cached a while). */
    private boolean wantsLinks(Session s, Invite inv) {
        return linkCodes != null && numbers != null && s.peer == null && s.leg == null
                && !linksLooked.contains(inv.callId) && !inv.callee.isEmpty() && Numbers.isValid(inv.callee)
                && !DialPlan.isExternal(inv.callee) && !inv.callee.equals(s.number);
    }

    private void lookUpLinks(Session s, Invite inv) {
        linksLooked.add(inv.callId);
        CachedLinks cached = linksCache.get(inv.callee);
        if (cached != null && clock.nowMillis() - cached.atMillis() < config.links.cacheSeconds * 1000L) {
            afterLinks(s, inv, cached.links());
            return;
        }
        numbers.links(inv.callee, links -> {
            linksCache.put(inv.callee, new CachedLinks(links, clock.nowMillis()));
            afterLinks(s, inv, links);
        });
    }

    /** On the loop: the INVITE goes on as it came, now knowing the callee's links. */
    private void afterLinks(Session s, Invite inv, Links links) {
        if (links != null && links.list != null && links.list.numbers().length > 0) {
            linksFound.put(inv.callId, links);
        }
        try {
            if (!s.closed) {
                handleInvite(s, inv);
            }
        } finally {
            linksLooked.remove(inv.callId);
            linksFound.remove(inv.callId);
        }
    }

    /**
     * Rings the callee's phone (if attached here) and its linked numbers by the owner's rule. False, with nothing
     * changed, when no linked number can ring (none verified, none reachable, the caller blocked, the relay full):
     * the call then goes on as a call to the phone alone.
     */
    private boolean fork(Session s, Invite inv, String caller, KeyShare callerShare, boolean anonymous, Links links) {
        BlockList blocks = blockLists.get(inv.callee);
        if (blocks != null && blocks.blocks(caller) || !Wire.isValidPtime(inv.ptimeMs)
                || isFull(callKbps(inv.codecMask, inv.ptimeMs))) {
            return false;
        }
        String ids = Call.hex(inv.callId) + " " + (caller.isEmpty() ? s.number : caller) + " -> " + inv.callee;
        Session owner = attached.get(inv.callee);
        if (owner == null && peers != null) {
            // The owner's phone may be attached at another relay, which this one cannot ring alongside: the call
            // goes there as usual.
            return false;
        }
        List<String> targets = new ArrayList<>();
        if (owner != null && owner != s) {
            targets.add(inv.callee);
        }
        for (String n : links.list.numbers()) {
            if (!LinkedNumbers.isExternal(n)) {
                targets.add(n);
            } else if (!links.verified.contains(n)) {
                LOG.info("call {}: linked {} not rung: not verified", ids, n);
            } else if (config.dialPlan.check(n) != Wire.REJECT_UNAVAILABLE) {
                LOG.info("call {}: linked {} not rung: outside the dial plan", ids, n);
            } else if (externalLines == null) {
                LOG.info("call {}: linked {} not rung: no SIP trunk", ids, n);
            } else {
                targets.add(n);
            }
        }
        if (targets.isEmpty() || targets.size() == 1 && targets.get(0).equals(inv.callee)) {
            return false;
        }
        Call call = new Call(inv.callId, anonymous ? s.number : caller, s, inv.callee, null, inv.codecMask,
                inv.ptimeMs, clock.nowMillis());
        call.uplinkKbps = callKbps(call.codecMask, call.ptimeMs);
        call.anonymous = anonymous;
        call.callerKeyShare = inv.keyShareLength() > 0;
        call.callerShare = callerShare;
        call.fork = Fork.plan(inv.callee, links.list, targets, owner == null ? Wire.REJECT_UNAVAILABLE
                : Wire.REJECT_NO_ANSWER);
        call.fork.invite = s.ownerKeys.isEmpty()
                ? new Invite(inv.callId, caller, inv.callee, inv.codecMask, inv.ptimeMs, 0, new byte[0],
                        inv.keyShare())
                : inv.withRelayFields(caller, 0).withRecord(recordOf(s, caller));
        call.caller.channel = channels.allocate(call.caller);
        calls.put(call.id, call);
        s.leg = call.caller;
        LOG.info("{}: forking to {} ({}, {} s a step)", call, targets, call.fork.sequential() ? "one after another"
                : "all at once", call.fork.stepMillis / 1000);
        if (!nextStep(call)) {
            calls.remove(call.id);
            channels.release(call.caller.channel);
            s.leg = null;
            LOG.info("{}: no leg can ring", call);
            return false;
        }
        counters.increment(Counters.Name.CALLS_STARTED);
        return true;
    }

    /** Rings the next step that has a leg able to ring; false when no step is left. */
    private boolean nextStep(Call call) {
        Fork f = call.fork;
        // Read before any INVITE goes out: the step starts when its legs are invited, not after.
        long now = clock.nowMillis();
        while (!f.steps.isEmpty()) {
            for (String n : f.steps.poll()) {
                ringBranch(call, n);
            }
            if (!f.ringing.isEmpty()) {
                f.stepStartedMillis = now;
                return true;
            }
        }
        return false;
    }

    private void ringBranch(Call call, String number) {
        Fork f = call.fork;
        Session target = attached.get(number);
        if (target == null && LinkedNumbers.isExternal(number) && externalLines != null
                && channels.free() >= 1 && externalLines.test(number)) {
            target = attached.get(number); // a trunk line for this call
        }
        String why = target == null ? "not attached here" : target == call.caller.session ? "the caller"
                : target.leg != null ? "busy" : (call.codecMask & target.codecMask) == 0 ? "no common codec"
                : channels.free() < 1 ? "no free channel" : null;
        if (why != null) {
            LOG.info("{}: linked {} not rung: {}", call, number, why);
            if (target != null && target.leg != null && target != call.caller.session
                    && f.lastReject != Wire.REJECT_DECLINED) {
                f.lastReject = Wire.REJECT_BUSY;
            }
            return;
        }
        Leg leg = new Leg(call, number, target);
        leg.peer = call.caller;
        leg.channel = channels.allocate(leg);
        target.leg = leg;
        f.ringing.add(leg);
        LOG.info("{}: inviting {} (via {}, channel {})", call, number, target.endpoint, leg.channel);
        send(target, f.invite.withRelayFields(f.invite.caller, leg.channel));
    }

    /** Whether {@code leg} is one of a forked call's legs still ringing. */
    private static boolean isBranch(Leg leg) {
        return leg.call.fork != null && !leg.call.answered && leg.call.fork.ringing.contains(leg);
    }

    /** A ringing leg refused, hung up or was lost: the others ring on; when none is left, the next step rings. */
    private void branchGone(Leg leg, int reason, String why) {
        Call call = leg.call;
        Fork f = call.fork;
        releaseBranch(leg);
        LOG.info("{}: {} stopped ringing: {}", call, leg.number, why);
        // A person's "no" outweighs a busy line: the caller hears DECLINED if any leg said it.
        if (reason == Wire.REJECT_DECLINED || reason == Wire.REJECT_BUSY && f.lastReject != Wire.REJECT_DECLINED) {
            f.lastReject = reason;
        }
        if (!f.ringing.isEmpty() || nextStep(call)) {
            return;
        }
        forkOver(call, f.lastReject);
    }

    /** The sequential fork's step time is over: its legs stop and the next step rings. True if the call ended. */
    private boolean nextStepDue(Call call, long now) {
        Fork f = call.fork;
        if (!f.sequential() || now - f.stepStartedMillis < f.stepMillis) {
            return false;
        }
        LOG.info("{}: step of {} s over", call, f.stepMillis / 1000);
        cancelBranches(call);
        if (nextStep(call)) {
            return false;
        }
        forkOver(call, Wire.REJECT_NO_ANSWER);
        return true;
    }

    /**
     * No leg is left to ring: voicemail answers if it can (not after a refusal: as with one phone, DECLINED reaches
     * the caller), else the caller hears why.
     */
    private void forkOver(Call call, int reason) {
        if (reason != Wire.REJECT_DECLINED && voicemail != null && !call.voicemailRefused
                && voicemailInsteadOfRinging(call, reason)) {
            return;
        }
        send(call.caller.session, new Reject(call.id, reason));
        endCall(call, "no leg answered, REJECT " + Wire.rejectName(reason));
    }

    /**
     * How long a call may ring before voicemail takes it: the owner's ring time, and for a sequential fork at least
     * every step's time, so each linked number gets its turn.
     */
    private long ringsFor(Call call) {
        long ring = 1000L * voicemail.ringTimeoutSeconds(call.callee.number);
        return call.fork == null ? ring : Math.max(ring, call.fork.planMillis);
    }

    private void releaseBranch(Leg leg) {
        leg.call.fork.ringing.remove(leg);
        channels.release(leg.channel);
        if (leg.session != null && leg.session.leg == leg) {
            leg.session.leg = null;
        }
    }

    /** Every leg still ringing stops: BYE CANCELLED (the SIP side sends CANCEL). */
    private void cancelBranches(Call call) {
        for (Leg leg : new ArrayList<>(call.fork.ringing)) {
            send(leg.session, new Bye(call.id, Wire.BYE_CANCELLED));
            releaseBranch(leg);
        }
    }

    /** LINKS and LINK_CHECK from a phone holding the owner number; each answered by one RESULT. */
    private void handleLinks(Session s, RecordRequest r) {
        if (linkCodes == null || numbers == null) {
            send(s, new Result(r.type, Wire.RESULT_UNAVAILABLE, new byte[0], "this relay serves no linked numbers"));
            return;
        }
        byte[] record = r.record();
        try {
            if (r.type == Wire.LINKS) {
                setLinks(s, LinkedNumbers.decode(record, 0, record.length), record);
            } else {
                checkLink(s, LinkCheck.decode(record, 0, record.length), record);
            }
        } catch (IdentityException e) {
            LOG.info("{}: {} refused: {}", s, Wire.typeName(r.type), e.getMessage());
            send(s, new Result(r.type, Wire.RESULT_MALFORMED, new byte[0], e.getMessage()));
        }
    }

    private void setLinks(Session s, LinkedNumbers list, byte[] record) {
        if (!holds(s, list.owner)) {
            send(s, new Result(Wire.LINKS, Wire.RESULT_NOT_OWNER, new byte[0], "log in with " + list.owner + " first"));
            return;
        }
        for (String n : list.numbers()) {
            if (LinkedNumbers.isExternal(n) && config.dialPlan.check(n) != Wire.REJECT_UNAVAILABLE) {
                LOG.info("{}: LINKS refused: {} outside the dial plan ({})", s, n, config.dialPlan);
                send(s, new Result(Wire.LINKS, Wire.RESULT_LINK_NOT_ALLOWED, new byte[0], n
                        + " is outside the dial plan"));
                return;
            }
        }
        numbers.forward(Wire.LINKS, record, reply -> {
            if (reply != null && reply.outcome == org.pippin.registrar.Outcome.OK) {
                linksCache.remove(list.owner);
                LOG.info("phone {}: linked numbers set: {}", list.owner, list);
            }
            recordDone(s, Wire.LINKS, record, reply);
        });
    }

    /**
     * Without a code: a verification call to the external number, showing a fresh code. With one: the code is
     * checked here (where it was made), and a right one goes to the registrar, which then holds the number verified.
     */
    private void checkLink(Session s, LinkCheck check, byte[] record) {
        byte[] key = s.ownerKeys.get(check.owner);
        if (!holds(s, check.owner) || key == null) {
            send(s, new Result(Wire.LINK_CHECK, Wire.RESULT_NOT_OWNER, new byte[0], "log in with " + check.owner
                    + " and its key first"));
            return;
        }
        if (!check.verify(key)) {
            send(s, new Result(Wire.LINK_CHECK, Wire.RESULT_BAD_SIGNATURE, new byte[0],
                    "LINK_CHECK not signed by the owner key"));
            return;
        }
        if (config.dialPlan.check(check.linked) != Wire.REJECT_UNAVAILABLE) {
            LOG.info("{}: no verification call to {}: outside the dial plan ({})", s, check.linked, config.dialPlan);
            send(s, new Result(Wire.LINK_CHECK, Wire.RESULT_LINK_NOT_ALLOWED, new byte[0], check.linked
                    + " is outside the dial plan"));
            return;
        }
        if (check.code.isEmpty()) {
            if (codeCalls == null) {
                send(s, new Result(Wire.LINK_CHECK, Wire.RESULT_LINK_NO_TRUNK, new byte[0], "no SIP trunk here"));
                return;
            }
            String code = linkCodes.newCode(check.owner, check.linked);
            if (code == null) {
                send(s, new Result(Wire.LINK_CHECK, Wire.RESULT_LINK_TOO_MANY, new byte[0],
                        linkCodes.refusal(check.owner)));
                return;
            }
            boolean placed = codeCalls.call(check.linked, code, config.links.verifyRingSeconds);
            LOG.info("phone {}: verification call to {} {}", check.owner, check.linked, placed ? "placed" : "failed");
            send(s, new Result(Wire.LINK_CHECK, placed ? Wire.RESULT_OK : Wire.RESULT_LINK_NO_TRUNK, new byte[0],
                    placed ? "calling " + check.linked : "no SIP trunk here"));
            return;
        }
        int verdict = linkCodes.check(check.owner, check.linked, check.code);
        if (verdict != Wire.RESULT_OK) {
            LOG.info("phone {}: code for {}: {}", check.owner, check.linked, Wire.resultName(verdict));
            send(s, new Result(Wire.LINK_CHECK, verdict, new byte[0], ""));
            return;
        }
        numbers.forward(Wire.LINK_CHECK, record, reply -> {
            if (reply != null && reply.outcome == org.pippin.registrar.Outcome.OK) {
                linksCache.remove(check.owner);
                LOG.info("phone {}: {} verified", check.owner, check.linked);
            } else if (reply == null || reply.outcome == org.pippin.registrar.Outcome.FAILED) {
                linkCodes.restore(check.owner, check.linked, check.code); // the registrar may take it next time
            }
            recordDone(s, Wire.LINK_CHECK, record, reply);
        });
    }

    // ---- voicemail ----------------------------------------------------------------------------------------------

    /** Most greeting packets sent to one caller in one tick: a late tick must not become a burst. */
    private static final int GREETING_BURST = 10;

    /**
     * INVITE that would be rejected {@code reason} (UNAVAILABLE, BUSY): the relay answers for the callee's voicemail
     * instead, if it can. Returns false when it cannot (voicemail off, mailbox full, no codec it records, relay full).
     */
    private boolean toVoicemail(Session s, Invite inv, int reason, String ids) {
        if (voicemail == null || s.closed || s.leg != null || calls.containsKey(inv.callId)
                || calls.size() >= config.maxCalls || channels.free() < 1) {
            return false;
        }
        Recording r = voicemail.begin(inv.callId, inv.callee, s.number, inv.codecMask, inv.ptimeMs, reason,
                clock.nowMillis());
        if (r == null) {
            return false;
        }
        Call call = new Call(inv.callId, s.number, s, inv.callee, null, 1 << r.codec, inv.ptimeMs, clock.nowMillis());
        call.caller.channel = channels.allocate(call.caller);
        calls.put(call.id, call);
        s.leg = call.caller;
        counters.increment(Counters.Name.CALLS_STARTED);
        LOG.info("call {}: {}: to voicemail", ids, Wire.rejectName(reason));
        answerForVoicemail(call, r);
        return true;
    }

    /**
     * The callee's phone stops ringing and voicemail answers: at the ring timeout (NO_ANSWER), or when the ringing
     * phone is lost (UNAVAILABLE).
     */
    private boolean voicemailInsteadOfRinging(Call call, int reason) {
        Recording r = voicemail.begin(call.id, call.callee.number, call.caller.number, call.codecMask, call.ptimeMs,
                reason, clock.nowMillis());
        if (r == null) {
            call.voicemailRefused = true;
            return false;
        }
        if (call.fork != null) {
            cancelBranches(call);
        }
        Session callee = call.callee.session;
        send(callee, new Bye(call.id, Wire.BYE_CANCELLED));
        if (callee != null && callee.leg == call.callee) {
            callee.leg = null;
        }
        channels.release(call.callee.channel);
        call.callee.channel = 0;
        call.callee.session = null;
        LOG.info("{}: {}: to voicemail", call, reason == Wire.REJECT_NO_ANSWER
                ? "no answer in " + (clock.nowMillis() - call.startedMillis) / 1000 + " s"
                : call.fork != null ? "no linked number answered (" + Wire.rejectName(reason) + ")"
                : "ringing phone lost");
        answerForVoicemail(call, r);
        return true;
    }

    /** The relay is the far end from here on: VM_ANSWER tells the caller so (not end-to-end); voice is plain. */
    private void answerForVoicemail(Call call, Recording r) {
        long now = clock.nowMillis();
        call.recording = r;
        call.answered = true;
        call.codec = r.codec;
        call.answeredMillis = now;
        call.lastVoiceMillis = now;
        counters.increment(Counters.Name.CALLS_ANSWERED);
        send(call.caller.session, new VmAnswer(call.id, r.codec, r.ptimeMs, call.caller.channel, r.reason));
        playGreeting(call, now);
    }

    /** Sends the greeting packets that are due to the caller, on its channel. */
    private void playGreeting(Call call, long now) {
        Recording r = call.recording;
        if (r.isRecording() || r.isFinished()) {
            return;
        }
        for (byte[] payload : r.greetingDue(now, GREETING_BURST)) {
            byte[] packet = new byte[VoicePacket.HEADER + payload.length];
            VoicePacket.writeHeader(packet, 0, call.caller.channel, r.nextGreetingSeq());
            System.arraycopy(payload, 0, packet, VoicePacket.HEADER, payload.length);
            if (call.caller.session.endpoint.sendVoice(Unpooled.wrappedBuffer(packet))) {
                call.callee.packetsSent++;
            }
        }
    }

    /** A voice packet from the caller of a voicemail call: recorded, not forwarded. */
    private void recordVoice(Call call, ByteBuf packet, int start, int length) {
        byte[] buf = new byte[length];
        packet.getBytes(start, buf);
        call.caller.packetsSent++;
        int outcome = call.recording.onVoice(VoicePacket.sequence(buf, 0), buf, VoicePacket.HEADER,
                length - VoicePacket.HEADER);
        if (outcome != Recording.GOING_ON) {
            String why = outcome == Recording.MAX_LENGTH ? "maximum length" : "silence";
            LOG.info("{}: voicemail recording ends at {}", call, why);
            // The caller hears BYE once the message is on disk: BYE NORMAL means it was kept.
            saveRecording(call, why);
        }
    }

    /**
     * The callee is attached nowhere here: find its relay through presence, reach it over an authenticated link and
     * forward the INVITE as it came, with only the relay-filled fields set (caller and the channel voice from that
     * relay arrives on).
     */
    private void inviteElsewhere(Session s, Invite inv, String ids) {
        int kbps = callKbps(inv.codecMask, inv.ptimeMs);
        if (isFull(kbps)) {
            refuseFull(s, inv, ids);
            return;
        }
        if (!invitesInFlight.add(inv.callId)) {
            return;
        }
        dht.locate(inv.callee, where -> {
            if (s.closed || where == null || where.isFrom(dht.publicKey())) {
                invitesInFlight.remove(inv.callId);
                if (!s.closed) {
                    LOG.info("call {}: no presence of {} elsewhere{}", ids, inv.callee, where == null ? ""
                            : " (its newest record names this relay)");
                    notHere(s, inv, ids);
                }
                return;
            }
            peers.link(where.relayKey(), where.relayAddress, link -> forwardInvite(s, inv, ids, where, link, kbps));
        });
    }

    private void forwardInvite(Session s, Invite inv, String ids, PresenceRecord where, Session link, int kbps) {
        invitesInFlight.remove(inv.callId);
        if (s.closed || s.leg != null || calls.containsKey(inv.callId)) {
            return; // the caller left or is in another call by now
        }
        if (link == null) {
            // The callee's relay is dead or refuses the link: voicemail here takes the message (two copies when
            // the network has another relay), and the owner finds it from wherever it logs in.
            LOG.info("call {}: relay of {} at {} unreachable", ids, inv.callee, where.relayAddress);
            if (!toVoicemail(s, inv, Wire.REJECT_UNAVAILABLE, ids)) {
                LOG.info("call {}: rejected UNAVAILABLE", ids);
                send(s, new Reject(inv.callId, Wire.REJECT_UNAVAILABLE));
            }
            return;
        }
        if (isFull(kbps)) {
            refuseFull(s, inv, ids);
            return;
        }
        Call call = new Call(inv.callId, s.number, s, inv.callee, link, inv.codecMask, inv.ptimeMs,
                clock.nowMillis());
        call.uplinkKbps = kbps;
        call.caller.channel = channels.allocate(call.caller);
        call.callee.channel = channels.allocate(call.callee);
        calls.put(call.id, call);
        s.leg = call.caller;
        link.peer.legs.put(call.id, call.callee);
        counters.increment(Counters.Name.CALLS_STARTED);
        LOG.info("{}: inviting via relay {} at {} (channels {}/{})", call, link.peer.name(), where.relayAddress,
                call.caller.channel, call.callee.channel);
        send(link, inv.withRelayFields(s.number, call.callee.channel).withRecord(recordOf(s, s.number)));
    }

    /**
     * An INVITE from another relay. The caller's relay checked the caller id, but a relay is only a peer, not an
     * authority: when a key owns the caller's number, the proof must hold against the registrar's record here too
     * (signed by the owner's key, for this callee, fresh, its nonce unused), or the call is rejected before anything
     * rings. A number no key holds was registered with a device secret and comes unproven, as it would here.
     */
    private void handleLinkInvite(Session link, Invite inv) {
        if (link.peer.legs.containsKey(inv.callId)) {
            return;
        }
        if (numbers == null || inv.caller.isEmpty() || !Numbers.isValid(inv.caller)) {
            ringFromLink(link, inv);
            return;
        }
        numbers.ownerKey(inv.caller, key -> {
            if (link.closed) {
                return;
            }
            String ids = Call.hex(inv.callId) + " " + inv.caller + " -> " + inv.callee + " from relay "
                    + link.peer.name();
            if (key == null) {
                LOG.info("call {}: rejected UNAVAILABLE: the registrar cannot say who owns the caller's number", ids);
                send(link, new Reject(inv.callId, Wire.REJECT_UNAVAILABLE));
                return;
            }
            if (key.length > 0) {
                CallerIdCheck.Verdict v = callerIds.checkInvite(inv, inv.caller, Map.of(inv.caller, key));
                if (!v.accepted()) {
                    counters.increment(Counters.Name.CALLER_ID_REJECTED);
                    LOG.info("call {}: rejected {}: {}", ids, Wire.rejectName(v.reason()), v.why());
                    send(link, new Reject(inv.callId, v.reason()));
                    return;
                }
            }
            ringFromLink(link, inv);
        });
    }

    /** An INVITE another relay forwarded, its caller id checked: its callee must be attached here (no second hop). */
    private void ringFromLink(Session link, Invite inv) {
        String ids = Call.hex(inv.callId) + " " + inv.caller + " -> " + inv.callee + " from relay "
                + link.peer.name();
        if (link.peer.legs.containsKey(inv.callId)) {
            return;
        }
        Session callee = attached.get(inv.callee);
        int reason = 0;
        if (calls.containsKey(inv.callId)) {
            reason = Wire.REJECT_UNAVAILABLE;
        } else if (inv.caller.isEmpty() || !Numbers.isValid(inv.caller) || !Numbers.isValid(inv.callee)) {
            reason = Wire.REJECT_NOT_IN_SERVICE;
        } else if (callee == null) {
            reason = Wire.REJECT_UNAVAILABLE;
        } else if (blockLists.containsKey(inv.callee) && blockLists.get(inv.callee).blocks(inv.caller)) {
            LOG.info("call {}: caller on the callee's block list", ids);
            reason = Wire.REJECT_DECLINED;
        } else if (callee.leg != null) {
            reason = Wire.REJECT_BUSY;
        } else if ((inv.codecMask & callee.codecMask) == 0 || !Wire.isValidPtime(inv.ptimeMs)) {
            reason = Wire.REJECT_INCOMPATIBLE;
        } else if (isFull(callKbps(inv.codecMask & callee.codecMask, inv.ptimeMs))) {
            refuseFull(link, inv, ids);
            return;
        }
        if (reason != 0) {
            LOG.info("call {}: rejected {}", ids, Wire.rejectName(reason));
            send(link, new Reject(inv.callId, reason));
            return;
        }
        Call call = new Call(inv.callId, inv.caller, link, inv.callee, callee, inv.codecMask & callee.codecMask,
                inv.ptimeMs, clock.nowMillis());
        call.uplinkKbps = callKbps(call.codecMask, call.ptimeMs);
        call.caller.channel = channels.allocate(call.caller);
        call.callee.channel = channels.allocate(call.callee);
        // Voice back to the caller's relay goes on the channel it allotted in its INVITE.
        call.caller.remoteChannel = inv.channel;
        calls.put(call.id, call);
        link.peer.legs.put(call.id, call.caller);
        callee.leg = call.callee;
        counters.increment(Counters.Name.CALLS_STARTED);
        LOG.info("{}: inviting from relay {} (-> {}, channels {}/{})", call, link.peer.name(), callee.endpoint,
                call.caller.channel, call.callee.channel);
        send(callee, inv.withRelayFields(inv.caller, call.callee.channel));
    }

    /** The callee's relay was full and named another: the caller hears the redirect as it came. */
    private void handleLinkRedirect(Session link, Redirect r) {
        Leg leg = legOf(link, r.callId);
        if (leg == null || leg != leg.call.callee || leg.call.answered) {
            return;
        }
        send(leg.peer.session, r);
        endCall(leg.call, "REDIRECT to " + r.relay + " by relay " + link.peer.name());
    }

    /** A relay link is gone (closed, or the other relay died): every call on it ends, the phones here are told. */
    private void detachLink(Session link, String why) {
        peers.closed(link, why);
        if (vmPeers != null) {
            vmPeers.closed(link);
        }
        for (Leg leg : new ArrayList<>(link.peer.legs.values())) {
            send(leg.peer.session, new Bye(leg.call.id, Wire.BYE_PEER_LOST));
            endCall(leg.call, "BYE PEER_LOST, relay link " + why);
        }
        closeSession(link);
    }

    /**
     * The callee is reachable nowhere: as a lone relay answers. A number bound to a device secret here is unavailable
     * (voicemail takes the call when on); any other is the registrar's to judge (owned, or not in service).
     */
    private void notHere(Session s, Invite inv, String ids) {
        if (!secrets.isKnown(inv.callee)) {
            rejectUnattached(s, inv, ids);
        } else if (!toVoicemail(s, inv, Wire.REJECT_UNAVAILABLE, ids)) {
            LOG.info("call {}: rejected UNAVAILABLE", ids);
            send(s, new Reject(inv.callId, Wire.REJECT_UNAVAILABLE));
        }
    }

    /**
     * Uplink a call takes at this relay, in kbit/s: voice forwarded both ways, packets plus IPv4/UDP headers, with
     * the codec it will most likely use (GSM when offered, then Speex).
     */
    static int callKbps(int codecMask, int ptimeMs) {
        int codec = (codecMask & (1 << Wire.CODEC_GSM)) != 0 ? Wire.CODEC_GSM
                : (codecMask & (1 << Wire.CODEC_SPEEX)) != 0 ? Wire.CODEC_SPEEX : Wire.CODEC_PCMU;
        int ptime = Wire.isValidPtime(ptimeMs) ? ptimeMs : Wire.DEFAULT_PTIME;
        int bytes = ptime / Wire.CODEC_FRAME_MS * Wire.codecFrameBytes(codec) + VoicePacket.HEADER + 28;
        return (2 * bytes * 8 + ptime - 1) / ptime;
    }

    /** What this relay's directory entry says about its load. */
    DhtService.Load load() {
        return new DhtService.Load() {
            @Override
            public long loadKbps() {
                return reservedKbps();
            }

            @Override
            public int calls() {
                return calls.size();
            }

            @Override
            public int phones() {
                return attached.size();
            }
        };
    }

    /**
     * The answer to a PROBE: the uplink left for calls (none when no call fits at all) and how many phones the relay
     * still takes, as a phone weighs relays before attaching.
     */
    private ProbeReply probeReply(Probe p) {
        long spare = calls.size() >= config.maxCalls || channels.free() < 2 ? 0
                : Math.max(0, config.web.uplinkKbps - reservedKbps());
        int free = Math.min(0xFFFF, Math.max(0, config.maxPhones - sessions.size()));
        return new ProbeReply(p.nonce(), spare, free);
    }

    /** The network's relays as RELAY_LIST and {@code /relays.xml} give them; empty for a lone relay. */
    RelayList relayList() {
        return dht == null ? new RelayList(new String[0], new long[0]) : dht.relayList();
    }

    /** Uplink the calls in progress take, in kbit/s. */
    long reservedKbps() {
        long sum = 0;
        for (Call c : calls.values()) {
            sum += c.uplinkKbps;
        }
        return sum;
    }

    /** No room for one more call of {@code kbps}: the call limits, or in a network also the uplink budget. */
    private boolean isFull(int kbps) {
        return calls.size() >= config.maxCalls || channels.free() < 2
                || (dht != null && reservedKbps() + kbps > config.web.uplinkKbps);
    }

    /** A full relay never just fails a call: it names a relay with spare uplink when the directory knows one. */
    private void refuseFull(Session s, Invite inv, String ids) {
        DirectoryRecord to = dht == null ? null : dht.redirectTarget(callKbps(inv.codecMask, inv.ptimeMs));
        if (to == null) {
            LOG.info("call {}: rejected RELAY_FULL ({} calls, {} of {} kbit/s; no relay with spare uplink known)",
                    ids, calls.size(), reservedKbps(), config.web.uplinkKbps);
            send(s, new Reject(inv.callId, Wire.REJECT_RELAY_FULL));
            return;
        }
        LOG.info("call {}: relay full ({} calls, {} of {} kbit/s): redirected to {}", ids, calls.size(),
                reservedKbps(), config.web.uplinkKbps, to);
        send(s, new Redirect(inv.callId, Wire.REJECT_RELAY_FULL, to.addresses.get(0)));
    }

    private void arrivedHere(String number) {
        if (dht != null) {
            dht.attached(number);
        }
    }

    private void leftHere(String number) {
        if (dht != null) {
            dht.detached(number);
        }
    }

    /** An outgoing relay link's connection is open: its session, and the handshake starts. */
    Session onLinkOpen(Endpoint endpoint, PeerLink link) {
        Session s = new Session(this, endpoint, clock);
        s.peer = link;
        link.session = s;
        sessions.add(s);
        peers.opened(s);
        return s;
    }

    /** For {@link PeerLinks}: sends on a session. */
    void sendTo(Session s, Frame f) {
        send(s, f);
    }

    /** For {@link PeerLinks}: ends a session (a link that failed its handshake). */
    void dropSession(Session s, String why) {
        detach(s, why, false);
    }

    /**
     * Saves the call's message. {@code relayEnds} non-null: the relay ends the call (max length, silence) and tells
     * the caller once the message is stored; null: the call has already ended.
     */
    private void saveRecording(Call call, String relayEnds) {
        voicemail.save(call.recording, vmPeers != null, saved -> {
            // In a network the caller hears BYE NORMAL only once a second relay has the message on disk too.
            if (saved != null && vmPeers != null && vmPeers.replicate(saved,
                    two -> recordingSaved(call, relayEnds, two ? "message kept on two relays" : null))) {
                return;
            }
            recordingSaved(call, relayEnds, saved == null ? "nothing kept" : "message kept");
        });
    }

    /** {@code kept} null: the message is on this relay only, though a second copy was wanted (BYE PEER_LOST). */
    private void recordingSaved(Call call, String relayEnds, String kept) {
        if (relayEnds != null && calls.get(call.id) == call) {
            send(call.caller.session, new Bye(call.id, kept == null ? Wire.BYE_PEER_LOST : Wire.BYE_NORMAL));
            endCall(call, "voicemail " + relayEnds + ", " + (kept == null ? "kept on this relay only" : kept));
        }
    }

    /** VM_WAITING to the phone holding {@code owner}, if it is attached here: its messages changed. */
    private void sendWaiting(String owner) {
        Session s = attached.get(owner);
        if (voicemail != null && s != null) {
            int[] c = vmPeers != null ? vmPeers.counts(owner) : voicemail.counts(owner);
            send(s, new VmWaiting(owner, Math.min(c[0], 0xFFFF), Math.min(c[1], 0xFFFF)));
        }
    }

    /** At login: VM_WAITING if the number has any messages. */
    private void sendWaitingIfAny(String owner) {
        if (voicemail != null && voicemail.counts(owner)[1] > 0) {
            sendWaiting(owner);
        }
        if (vmPeers != null) {
            vmPeers.query(owner); // what other relays keep for it: VM_WAITING again if they hold more
        }
    }

    boolean holds(Session s, String number) {
        return number.equals(s.number) || s.moreNumbers.contains(number);
    }

    /**
     * SIP_PASSWORD: only a session logged in with the number by its owner key sets its SIP password; the HA1 must be
     * for this relay's realm (the phone asks for it first).
     */
    private void handleSipPassword(Session s, SipPassword p) {
        if (!s.ownerKeys.containsKey(p.number)) {
            send(s, new Result(Wire.SIP_PASSWORD, Wire.RESULT_NOT_OWNER, new byte[0],
                    "not logged in as " + p.number + " with its owner key"));
            return;
        }
        if (sipPasswords == null) {
            send(s, new Result(Wire.SIP_PASSWORD, Wire.RESULT_UNAVAILABLE, new byte[0], "this relay has no SIP side"));
            return;
        }
        String realm = sipPasswords.realm();
        if (p.op == SipPassword.ASK || p.op == SipPassword.SET && !p.realm.equals(realm)) {
            send(s, new Result(Wire.SIP_PASSWORD, Wire.RESULT_SIP_REALM, new byte[0], realm));
            return;
        }
        s.inFlight++;
        sipPasswords.set(p.number, p.op == SipPassword.SET ? p.ha1() : null, written -> {
            s.inFlight--;
            LOG.info("{}: SIP password of {} {}", s, p.number, !written ? "not stored (disk)"
                    : p.op == SipPassword.SET ? "set" : "cleared");
            if (!s.closed) {
                send(s, written ? new Result(Wire.SIP_PASSWORD, Wire.RESULT_OK, new byte[0], realm)
                        : new Result(Wire.SIP_PASSWORD, Wire.RESULT_UNAVAILABLE, new byte[0], "relay storage failure"));
            }
        });
    }

    /** VM_LIST, VM_FETCH, VM_DELETE, VM_SETTINGS from an attached phone. */
    private void handleMailbox(Session s, Frame f) {
        if (voicemail == null) {
            send(s, new Result(f.type, Wire.RESULT_NO_VOICEMAIL, new byte[0], "this relay keeps no voicemail"));
            return;
        }
        switch (f.type) {
            case Wire.VM_LIST:
                listMessages(s, (VmList) f);
                break;
            case Wire.VM_FETCH:
                fetchMessage(s, (VmFetch) f);
                break;
            case Wire.VM_DELETE:
                deleteMessage(s, (VmDelete) f);
                break;
            case Wire.VM_GREETING:
                greetings.chunk(this, voicemail, s, (VmGreeting) f);
                break;
            case Wire.VM_GREETING_DELETE:
                greetings.delete(this, voicemail, s, (VmGreetingDelete) f);
                break;
            default:
                storeSettings(s, (VmSettings) f);
                break;
        }
    }

    private void listMessages(Session s, VmList l) {
        if (!holds(s, l.owner)) {
            send(s, error(Wire.ERR_NOT_REGISTERED, "not logged in as " + l.owner));
            return;
        }
        List<MessageInfo> all = vmPeers != null ? vmPeers.list(l.owner) : voicemail.list(l.owner);
        send(s, Voicemail.listing(l.owner, all, l.first, m -> m.heard() ? 0 : VmListing.FLAG_NEW));
    }

    /** The message {@code id} if it belongs to a number {@code s} holds; else answers NO_SUCH_MESSAGE. */
    private MessageInfo ownMessage(Session s, int request, long id) {
        MessageInfo m = voicemail.info(id);
        if (m == null && vmPeers != null) {
            m = vmPeers.elsewhere(id);
        }
        if (m == null || !holds(s, m.owner())) {
            send(s, new Result(request, Wire.RESULT_NO_SUCH_MESSAGE, new byte[0], "no message " + Wire.messageIdHex(id)));
            return null;
        }
        return m;
    }

    private void fetchMessage(Session s, VmFetch f) {
        MessageInfo own = ownMessage(s, Wire.VM_FETCH, f.id);
        if (own == null) {
            return;
        }
        if (voicemail.info(f.id) == null) {
            // Kept only on other relays: a copy comes here first, then it is served like any other.
            vmPeers.pull(own, here -> {
                if (s.closed) {
                    return;
                }
                if (here) {
                    fetchMessage(s, f);
                } else {
                    send(s, new Result(Wire.VM_FETCH, Wire.RESULT_NO_SUCH_MESSAGE, new byte[0],
                            "no relay holding it answers"));
                }
            });
            return;
        }
        voicemail.read(f.id, f.first == 0, m -> {
            if (s.closed) {
                return;
            }
            if (m == null) {
                send(s, new Result(Wire.VM_FETCH, Wire.RESULT_NO_SUCH_MESSAGE, new byte[0], "message gone"));
                return;
            }
            byte[] audio = m.audio();
            int frameBytes = Wire.codecFrameBytes(m.codec);
            int chunkBytes = VmAudio.MAX_AUDIO / frameBytes * frameBytes;
            int chunks = Math.max(1, (audio.length + chunkBytes - 1) / chunkBytes);
            if (chunks > 0xFFFF) {
                LOG.error("voicemail {}: {} chunks do not fit VM_AUDIO", Wire.messageIdHex(m.id), chunks);
                return;
            }
            for (int c = f.first; c < chunks && c < f.first + f.window; c++) {
                int off = c * chunkBytes;
                send(s, new VmAudio(m.id, m.codec, c, chunks, audio, off, Math.min(chunkBytes, audio.length - off)));
            }
        });
    }

    private void deleteMessage(Session s, VmDelete d) {
        MessageInfo own = ownMessage(s, Wire.VM_DELETE, d.id);
        if (own == null) {
            return;
        }
        boolean elsewhere = vmPeers != null && vmPeers.deleteElsewhere(own);
        voicemail.delete(d.id, gone -> {
            send(s, gone == null && !elsewhere
                    ? new Result(Wire.VM_DELETE, Wire.RESULT_NO_SUCH_MESSAGE, new byte[0], "message gone")
                    : new Result(Wire.VM_DELETE, Wire.RESULT_OK, new byte[0], ""));
            if (gone == null && elsewhere) {
                sendWaiting(own.owner()); // nothing changed here, so the store did not say so
            }
        });
    }

    /**
     * Settings signed by the number's owner: the phone must hold the number, the record must verify, and for a number
     * owned by a key that key must be the owner's in the registrar (a number bound to a device secret has no key:
     * the secret's session is the authority).
     */
    private void storeSettings(Session s, VmSettings f) {
        byte[] b = f.record();
        VoicemailSettings vs;
        try {
            vs = VoicemailSettings.decode(b, 0, b.length);
        } catch (IdentityException e) {
            send(s, new Result(Wire.VM_SETTINGS, Wire.RESULT_MALFORMED, new byte[0], e.getMessage()));
            return;
        }
        if (!holds(s, vs.number)) {
            send(s, new Result(Wire.VM_SETTINGS, Wire.RESULT_NOT_OWNER, new byte[0], "not logged in as " + vs.number));
            return;
        }
        if (!vs.verify()) {
            send(s, new Result(Wire.VM_SETTINGS, Wire.RESULT_BAD_SIGNATURE, new byte[0], ""));
            return;
        }
        if (numbers == null || secrets.isKnown(vs.number)) {
            keepSettings(s, vs);
            return;
        }
        numbers.ownerKey(vs.number, key -> {
            if (key == null) {
                send(s, new Result(Wire.VM_SETTINGS, Wire.RESULT_UNAVAILABLE, new byte[0], "registrar unreachable"));
            } else if (!Arrays.equals(key, vs.publicKey())) {
                send(s, new Result(Wire.VM_SETTINGS, Wire.RESULT_NOT_OWNER, new byte[0], "not the owner's key"));
            } else {
                keepSettings(s, vs);
            }
        });
    }

    private void keepSettings(Session s, VoicemailSettings vs) {
        voicemail.saveSettings(vs, kept -> {
            int code = kept == null ? Wire.RESULT_UNAVAILABLE : kept ? Wire.RESULT_OK : Wire.RESULT_STALE;
            LOG.info("{}: {} -> {}", s, vs, Wire.resultName(code));
            send(s, new Result(Wire.VM_SETTINGS, code, new byte[0], kept == null ? "storage failure" : ""));
        });
    }

    // ---- timers -------------------------------------------------------------------------------------------------

    /** Retransmissions, every timeout and block list refreshes; the server calls this on a short fixed period. */
    void tick() {
        long now = clock.nowMillis();
        for (Call call : routedCalls) {
            foldVoice(call.caller, call.caller.route);
            foldVoice(call.callee, call.callee.route);
        }
        refreshBlockLists(now);
        if (peers != null) {
            peers.tick(now);
            if (vmPeers != null) {
                vmPeers.tick(now);
            }
            dht.tick();
        }
        long phoneTimeout = config.phoneTimeoutSeconds * 1000L;
        for (Session s : new ArrayList<>(sessions)) {
            if (s.closed) {
                continue;
            }
            try {
                s.link.poll();
            } catch (IOException e) {
                LOG.warn("{}: retransmission failed: {}", s, e.getMessage());
            }
            if (!s.closed && !s.endpoint.isLocal() && now - s.lastHeardMillis >= phoneTimeout) {
                detach(s, "silent for " + (now - s.lastHeardMillis) / 1000 + " s", true);
            }
        }
        long ringTimeout = config.ringTimeoutSeconds * 1000L;
        long mediaTimeout = config.mediaTimeoutSeconds * 1000L;
        for (Call call : new ArrayList<>(calls.values())) {
            if (call.recording != null) {
                playGreeting(call, now);
            }
            if (!call.answered && call.fork != null && !call.fork.ringing.isEmpty() && nextStepDue(call, now)) {
                continue;
            }
            if (!call.answered && voicemail != null && !call.voicemailRefused
                    && now - call.startedMillis >= ringsFor(call)
                    && voicemailInsteadOfRinging(call, Wire.REJECT_NO_ANSWER)) {
                continue;
            }
            if (!call.answered && now - call.startedMillis >= ringTimeout) {
                send(call.caller.session, new Reject(call.id, Wire.REJECT_NO_ANSWER));
                send(call.callee.session, new Bye(call.id, Wire.BYE_CANCELLED));
                endCall(call, "ring timeout, REJECT NO_ANSWER");
            } else if (call.answered && now - call.lastVoiceMillis >= mediaTimeout) {
                send(call.caller.session, new Bye(call.id, Wire.BYE_MEDIA_TIMEOUT));
                send(call.callee.session, new Bye(call.id, Wire.BYE_MEDIA_TIMEOUT));
                endCall(call, "BYE MEDIA_TIMEOUT (no voice for " + (now - call.lastVoiceMillis) / 1000 + " s)");
            }
        }
        if (voicemail != null) {
            voicemail.tick(now);
        }
    }

    /**
     * Fetches again the block lists not fetched for {@code callerid.blocklist.refresh.seconds}, a few at a time so
     * logins always find a registrar worker free: an owner may have changed its list through another relay.
     */
    private void refreshBlockLists(long now) {
        if (numbers == null) {
            return;
        }
        long period = config.callerId.blockListRefreshSeconds * 1000L;
        for (Map.Entry<String, Long> e : blockListFetched.entrySet()) {
            if (blockListsRefreshing.size() >= config.registrar.workers) {
                return;
            }
            String number = e.getKey();
            Session s = attached.get(number);
            byte[] key = s == null ? null : s.ownerKeys.get(number);
            if (now - e.getValue() < period || key == null || !blockListsRefreshing.add(number)) {
                continue;
            }
            e.setValue(now);
            numbers.refreshBlockList(number, key, list -> blockListFetched(s, number, key, list));
        }
    }

    /** On the loop: a list fetched again; it replaces the one enforced if the same owner is here and it is newer. */
    private void blockListFetched(Session s, String number, byte[] key, BlockList list) {
        blockListsRefreshing.remove(number);
        BlockList current = blockLists.get(number);
        if (list == null || attached.get(number) != s || !Arrays.equals(s.ownerKeys.get(number), key)
                || current != null && list.sequence <= current.sequence) {
            return;
        }
        blockLists.put(number, list);
        counters.increment(Counters.Name.BLOCK_LISTS_REFRESHED);
        LOG.info("phone {}: block list changed elsewhere, now {}", number, list);
    }

    /** The relay stops: every call in progress ends with BYE RELAY_SHUTDOWN to both phones. */
    void shutdown() {
        for (Call call : new ArrayList<>(calls.values())) {
            send(call.caller.session, new Bye(call.id, Wire.BYE_RELAY_SHUTDOWN));
            send(call.callee.session, new Bye(call.id, Wire.BYE_RELAY_SHUTDOWN));
            endCall(call, "BYE RELAY_SHUTDOWN");
        }
        for (Session s : new ArrayList<>(sessions)) {
            closeSession(s);
        }
        attached.clear();
    }

    // ---- session bookkeeping ------------------------------------------------------------------------------------

    /**
     * The phone of {@code s} is gone: its call ends (BYE PEER_LOST to the other side, and to this phone when it may
     * still hear it), its number is detached and the session closed.
     */
    private void detach(Session s, String why, boolean tellPhone) {
        if (s.peer != null) {
            detachLink(s, why);
            return;
        }
        if (s.leg != null && isBranch(s.leg)) {
            branchGone(s.leg, Wire.REJECT_UNAVAILABLE, why); // the other legs ring on
        }
        Call ringing = s.leg != null && s.leg == s.leg.call.callee && !s.leg.call.answered ? s.leg.call : null;
        if (ringing != null && voicemail != null && !ringing.voicemailRefused) {
            voicemailInsteadOfRinging(ringing, Wire.REJECT_UNAVAILABLE); // on success s.leg is null now
        }
        if (s.leg != null) {
            Leg leg = s.leg;
            send(leg.peer.session, new Bye(leg.call.id, Wire.BYE_PEER_LOST));
            if (tellPhone) {
                send(s, new Bye(leg.call.id, Wire.BYE_PEER_LOST));
            }
            endCall(leg.call, "BYE PEER_LOST, " + leg.number + " " + why);
        }
        if (s.number != null) {
            LOG.info("phone {}: detached from {}: {}", s.number, s.endpoint, why);
        }
        dropNumber(s);
        closeSession(s);
    }

    private void dropNumber(Session s) {
        for (String n : s.moreNumbers) {
            if (attached.get(n) == s) {
                attached.remove(n);
                forgetBlockList(n);
                leftHere(n);
            }
        }
        s.moreNumbers.clear();
        s.ownerKeys.clear();
        s.records.clear();
        if (s.number != null && attached.get(s.number) == s) {
            attached.remove(s.number);
            forgetBlockList(s.number);
            leftHere(s.number);
        }
        s.number = null;
    }

    private void closeSession(Session s) {
        if (s.closed) {
            return;
        }
        s.closed = true;
        sessions.remove(s);
        if (s.endpoint instanceof UdpEndpoint) {
            udpSessions.remove(((UdpEndpoint) s.endpoint).address, s);
        }
        s.endpoint.close();
    }

    // ---- sending ------------------------------------------------------------------------------------------------

    /** Sends through the session's link; a link that cannot take more is logged and the frame dropped. */
    private void send(Session s, Frame f) {
        if (s == null || s.closed) { // null: the absent callee of a call voicemail answered
            return;
        }
        if (f instanceof ErrorFrame && !s.proven()) {
            // As to an address without a session: the code alone, so the answer fits what came in.
            f = new ErrorFrame(((ErrorFrame) f).code, "");
        }
        try {
            s.link.send(f);
        } catch (IOException e) {
            LOG.warn("{}: cannot send {}: {}", s, f, e.getMessage());
        }
    }

    /** An ERROR frame; the detail is a u8-length text, so long messages are cut. */
    private static ErrorFrame error(int code, String detail) {
        String text = detail == null ? "" : detail;
        return new ErrorFrame(code, text.length() > 120 ? text.substring(0, 120) : text);
    }

    /**
     * Answers an address with no session (ACK, ERROR): encoded once, never retransmitted, nothing kept. The source
     * may be spoofed, so ERROR goes without its detail text: an answer no bigger than the question keeps the relay
     * from being a traffic reflector.
     */
    /**
     * Answers an address without a session, which may be forged: no error text, and nothing at all when the answer
     * would be larger than the {@code requestLength} bytes that came in.
     */
    private void sendStateless(InetSocketAddress to, Frame f, int requestLength) {
        if (!floods.answer(to.getAddress())) {
            counters.increment(Counters.Name.ANSWERS_RATE_LIMITED);
            return;
        }
        if (f instanceof ErrorFrame) {
            f = new ErrorFrame(((ErrorFrame) f).code, "");
        }
        byte[] bytes = FrameCodec.encode(f);
        if (bytes.length > requestLength) {
            heldUnproven();
            return;
        }
        if (FRAMES.isDebugEnabled()) {
            FRAMES.debug("{} tx {}", UdpEndpoint.describe(to), Wire.frameLog(bytes, 0, bytes.length));
        }
        udpEndpoints.apply(to).sendSignal(bytes, 0, bytes.length);
    }
}
