package org.pippin.relay;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Function;
import org.pippin.protocol.Ack;
import org.pippin.protocol.Answer;
import org.pippin.identity.BlockList;
import org.pippin.identity.Claim;
import org.pippin.identity.IdentityException;
import org.pippin.identity.LoginProof;
import org.pippin.identity.Release;
import org.pippin.identity.VoicemailSettings;
import org.pippin.protocol.Bye;
import org.pippin.protocol.Challenge;
import org.pippin.protocol.Clock;
import org.pippin.protocol.ErrorFrame;
import org.pippin.protocol.Frame;
import org.pippin.protocol.FrameCodec;
import org.pippin.protocol.Hello;
import org.pippin.protocol.Invite;
import org.pippin.protocol.Keepalive;
import org.pippin.protocol.Login;
import org.pippin.protocol.Numbers;
import org.pippin.protocol.ProtocolException;
import org.pippin.protocol.Register;
import org.pippin.protocol.Registered;
import org.pippin.protocol.RecordRequest;
import org.pippin.protocol.Reject;
import org.pippin.protocol.Result;
import org.pippin.protocol.Ringing;
import org.pippin.protocol.UnknownFrame;
import org.pippin.protocol.VmAnswer;
import org.pippin.protocol.VmAudio;
import org.pippin.protocol.VmDelete;
import org.pippin.protocol.VmFetch;
import org.pippin.protocol.VmList;
import org.pippin.protocol.VmListing;
import org.pippin.protocol.VmSettings;
import org.pippin.protocol.VmWaiting;
import org.pippin.protocol.VoicePacket;
import org.pippin.protocol.Wire;
import org.pippin.registrar.Reply;
import org.pippin.relay.geo.CountryFilter;
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
    private final CountryFilter region;
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
    /** Challenges sent to UDP addresses without a session (HELLO before LOGIN), the newest few thousand. */
    private final Map<InetSocketAddress, byte[]> udpChallenges = new LinkedHashMap<>(64, 0.75f, true) {
        private static final long serialVersionUID = 1L;

        @Override
        protected boolean removeEldestEntry(Map.Entry<InetSocketAddress, byte[]> eldest) {
            return size() > UDP_CHALLENGES;
        }
    };
    private static final int UDP_CHALLENGES = 4096;

    Relay(RelayConfig config, Clock clock, SecretStore secrets, Counters counters, CountryFilter region) {
        this.config = config;
        this.region = region;
        this.clock = clock;
        this.secrets = secrets;
        this.counters = counters;
        this.channels = new VoiceChannels(2 * config.maxCalls);
    }

    void setUdpEndpoints(Function<InetSocketAddress, Endpoint> udpEndpoints) {
        this.udpEndpoints = udpEndpoints;
    }

    void setNumberDesk(NumberDesk numbers) {
        this.numbers = numbers;
    }

    void setVoicemail(Voicemail voicemail) {
        this.voicemail = voicemail;
        voicemail.setChangeListener(this::sendWaiting);
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
        if (VoicePacket.frameCount(length - VoicePacket.HEADER, call.codec) <= 0) {
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
        packet.setShort(start, 0x8000 | to.channel);
        if (to.session.endpoint.sendVoice(packet.retain())) {
            leg.packetsSent++;
            counters.increment(Counters.Name.VOICE_FORWARDED);
            counters.add(Counters.Name.VOICE_FORWARDED_BYTES, length);
        } else {
            counters.increment(Counters.Name.VOICE_DROPPED_CONGESTED);
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
            sendStateless(sender, error(e.code(), e.getMessage()));
            return;
        }
        if (f instanceof Hello) {
            answerHello(null, sender, (Hello) f);
            return;
        }
        if (isIdentityRequest(f.type)) {
            // A session from the first request, so its RESULT or REGISTERED is retransmitted until acknowledged.
            if (sessions.size() >= config.maxPhones) {
                sendStateless(sender, error(Wire.ERR_LIMIT_REACHED, ""));
                return;
            }
            s = new Session(this, udpEndpoints.apply(sender), clock);
            s.challenge = udpChallenges.remove(sender);
            udpSessions.put(sender, s);
            sessions.add(s);
            receive(s, buf);
            return;
        }
        if (f.messageId != 0 && f.type != Wire.ACK) {
            sendStateless(sender, new Ack(f.messageId));
        }
        if (f instanceof Register) {
            Register r = (Register) f;
            int refusal = registerRefusal(r, true);
            if (refusal != 0) {
                LOG.info("phone {} from {}: registration refused: {}", r.number, UdpEndpoint.describe(sender),
                        Wire.errorName(refusal));
                sendStateless(sender, error(refusal, refusalText(refusal)));
                return;
            }
            s = new Session(this, udpEndpoints.apply(sender), clock);
            udpSessions.put(sender, s);
            sessions.add(s);
            counters.increment(Counters.Name.SIGNALLING_RECEIVED);
            handleRegister(s, r);
        } else if (f.type != Wire.ACK && f.type != Wire.ERROR && !(f instanceof UnknownFrame)) {
            // (Unknown types are skipped, acknowledged above: an older relay must not confuse a newer phone.)
            sendStateless(sender, error(Wire.ERR_NOT_REGISTERED, "register first"));
        }
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
        try {
            s.link.receive(buf, 0, buf.length);
        } catch (ProtocolException e) {
            if (s.endpoint.isStream()) {
                onStreamError(s, e.code(), e.getMessage());
            } else {
                counters.increment(Counters.Name.MALFORMED);
                LOG.debug("{}: dropped malformed datagram: {}", s, e.getMessage());
                send(s, error(e.code(), e.getMessage()));
            }
        } catch (IOException e) {
            LOG.warn("{}: cannot answer: {}", s, e.getMessage());
        }
    }

    /** Called by the session's ReliableLink for each new frame. */
    void onFrame(Session s, Frame f) {
        counters.increment(Counters.Name.SIGNALLING_RECEIVED);
        switch (f.type) {
            case Wire.REGISTER:
                handleRegister(s, (Register) f);
                return;
            case Wire.KEEPALIVE:
                send(s, new Keepalive());
                return;
            case Wire.ERROR:
                LOG.debug("{}: phone reports {}", s, f); // debug: a phone must not be able to flood the log
                return;
            case Wire.HELLO:
                answerHello(s, null, (Hello) f);
                return;
            case Wire.LOGIN:
                handleLogin(s, (Login) f);
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
                handleInvite(s, (Invite) f);
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
            case Wire.VM_LIST:
            case Wire.VM_FETCH:
            case Wire.VM_DELETE:
            case Wire.VM_SETTINGS:
                handleMailbox(s, f);
                break;
            default:
                // Unknown or relay-bound-only types: the link has acknowledged it; newer phones expect no more.
                LOG.debug("{}: ignored {}", s, f);
                break;
        }
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
        if (numbers == null) {
            registerWithSecret(s, r);
            return;
        }
        // Keys own numbers network-wide: a device secret, known here or not, never takes over a number a key holds
        // (or its quarantine), and when the registrar cannot say, the secret waits.
        numbers.isHeldByKey(r.number, held -> {
            if (s.closed) {
                return;
            }
            if (Boolean.FALSE.equals(held)) {
                registerWithSecret(s, r);
                return;
            }
            int code = held == null ? Wire.ERR_UNAVAILABLE : Wire.ERR_AUTH_FAILED;
            LOG.info("phone {} from {}: registration refused: {} (the number is {})", r.number, s.endpoint,
                    Wire.errorName(code), held == null ? "unknown to an unreachable registrar" : "held by a key");
            send(s, error(code, held == null ? "registrar unreachable" : refusalText(code)));
        });
    }

    private void registerWithSecret(Session s, Register r) {
        SecretStore.Result bound;
        try {
            bound = secrets.verifyOrBind(r.number, r.secret);
        } catch (IOException e) {
            LOG.error("phone {}: cannot store its secret in {}: {}", r.number, config.dataDir, e.getMessage());
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
            }
            old.number = null;
            closeSession(old);
        }
        boolean fresh = s.number == null;
        s.number = r.number;
        s.codecMask = r.codecMask;
        attached.put(r.number, s);
        if (fresh) {
            LOG.info("phone {}: attached via {}{} (codecs 0x{})", r.number, s.endpoint,
                    bound == SecretStore.Result.BOUND ? ", number bound to its secret" : "",
                    Integer.toHexString(r.codecMask));
        }
        counters.increment(Counters.Name.REGISTRATIONS);
        send(s, new Registered(r.number, config.keepaliveSeconds));
        sendWaitingIfAny(r.number);
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
                sendStateless(sender, no);
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
                sendStateless(sender, no);
            }
            return;
        }
        if (s != null) {
            s.challenge = c;
            send(s, answer);
        } else {
            udpChallenges.put(sender, c);
            sendStateless(sender, answer);
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
        numbers.login(proof, challenge, r -> loginDone(s, proof.number, login.codecMask, r));
    }

    /** On the loop: the registrar's verdict on a login. */
    private void loginDone(Session s, String number, int codecMask, NumberDesk.LoginResult r) {
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
            }
            removeNumber(old, number);
            if (old.number == null) {
                detach(old, "its number moved", false);
            }
        }
        if (s.number == null) {
            s.number = number;
        } else if (!s.number.equals(number)) {
            s.moreNumbers.add(number);
        }
        s.codecMask = codecMask;
        attached.put(number, s);
        if (r.blockList() != null) {
            blockLists.put(number, r.blockList());
        } else {
            blockLists.remove(number);
        }
        LOG.info("phone {}: logged in via {} (codecs 0x{}{})", number, s.endpoint, Integer.toHexString(codecMask),
                r.blockList() == null ? "" : ", " + r.blockList());
        counters.increment(Counters.Name.REGISTRATIONS);
        send(s, new Registered(number, config.keepaliveSeconds));
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
        }
        blockLists.remove(number);
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
        numbers.forward(r.type, record, reply -> recordDone(s, r.type, record, reply));
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
        String ids = Call.hex(inv.callId) + " " + s.number + " -> " + inv.callee;
        Call existing = calls.get(inv.callId);
        if (existing != null) {
            if (existing.caller.session != s) {
                send(s, error(Wire.ERR_CALL_ID_IN_USE, "call id " + Call.hex(inv.callId) + " in use"));
            }
            return;
        }
        int reason = 0;
        Session callee = null;
        // External numbers are settled by the dial plan alone, before anything rings.
        int planned = config.dialPlan.check(inv.callee);
        if (s.leg != null || inv.callee.equals(s.number)) {
            reason = Wire.REJECT_BUSY;
        } else if (planned != 0) {
            reason = planned;
        } else if (inv.callee.isEmpty() || !Numbers.isValid(inv.callee)) {
            reason = Wire.REJECT_NOT_IN_SERVICE;
        } else if ((callee = attached.get(inv.callee)) == null) {
            if (!secrets.isKnown(inv.callee)) {
                rejectUnattached(s, inv, ids);
                return;
            }
            reason = Wire.REJECT_UNAVAILABLE;
        } else if (blockLists.containsKey(inv.callee) && blockLists.get(inv.callee).blocks(s.number)) {
            // Before anything rings, and the same reason as a phone that said no: the caller learns nothing more.
            LOG.info("call {}: caller on the callee's block list", ids);
            reason = Wire.REJECT_DECLINED;
        } else if (callee.leg != null) {
            reason = Wire.REJECT_BUSY;
        } else if ((inv.codecMask & callee.codecMask) == 0 || !Wire.isValidPtime(inv.ptimeMs)) {
            reason = Wire.REJECT_INCOMPATIBLE;
        } else if (calls.size() >= config.maxCalls || channels.free() < 2) {
            reason = Wire.REJECT_RELAY_FULL;
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
        Call call = new Call(inv.callId, s.number, s, inv.callee, callee, inv.codecMask & callee.codecMask,
                inv.ptimeMs, clock.nowMillis());
        call.caller.channel = channels.allocate(call.caller);
        call.callee.channel = channels.allocate(call.callee);
        calls.put(call.id, call);
        s.leg = call.caller;
        callee.leg = call.callee;
        counters.increment(Counters.Name.CALLS_STARTED);
        LOG.info("{}: inviting (via {} -> {}, channels {}/{})", call, s.endpoint, callee.endpoint,
                call.caller.channel, call.callee.channel);
        send(callee, inv.withRelayFields(s.number, call.callee.channel));
    }

    /** The call {@code callId} if {@code s} is one of its legs; otherwise answers ERROR UNKNOWN_CALL. */
    private Leg legOf(Session s, int callId) {
        if (s.leg != null && s.leg.call.id == callId) {
            return s.leg;
        }
        send(s, error(Wire.ERR_UNKNOWN_CALL, "no call " + Call.hex(callId)));
        return null;
    }

    private void handleRinging(Session s, Ringing f) {
        Leg leg = legOf(s, f.callId);
        if (leg != null && leg == leg.call.callee && !leg.call.answered) {
            LOG.info("{}: ringing", leg.call);
            send(leg.peer.session, f);
        }
    }

    private void handleAnswer(Session s, Answer a) {
        Leg leg = legOf(s, a.callId);
        if (leg == null || leg != leg.call.callee || leg.call.answered) {
            return;
        }
        Call call = leg.call;
        if (Wire.codecFrameBytes(a.codec) < 0 || (call.codecMask & (1 << a.codec)) == 0
                || !Wire.isValidPtime(a.ptimeMs)) {
            LOG.info("{}: answer with {} {} ms not offered: rejected INCOMPATIBLE", call, Wire.codecName(a.codec),
                    a.ptimeMs);
            send(call.caller.session, new Reject(call.id, Wire.REJECT_INCOMPATIBLE));
            send(call.callee.session, new Bye(call.id, Wire.BYE_CANCELLED));
            endCall(call, "answer incompatible");
            return;
        }
        long now = clock.nowMillis();
        call.answered = true;
        call.codec = a.codec;
        call.answeredMillis = now;
        call.lastVoiceMillis = now;
        counters.increment(Counters.Name.CALLS_ANSWERED);
        LOG.info("{}: answered ({} {} ms)", call, Wire.codecName(a.codec), a.ptimeMs);
        send(call.caller.session, a.withChannel(call.caller.channel));
    }

    private void handleReject(Session s, Reject r) {
        Leg leg = legOf(s, r.callId);
        if (leg == null) {
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
        if (leg != null) {
            send(leg.peer.session, b);
            endCall(leg.call, "BYE " + Wire.byeName(b.reason) + " by " + leg.number);
        }
    }

    /** Frees the call and its channels; the caller has already told the phones. */
    private void endCall(Call call, String why) {
        if (calls.remove(call.id) != call) {
            return;
        }
        for (Leg leg : new Leg[] {call.caller, call.callee}) {
            channels.release(leg.channel);
            if (leg.session != null && leg.session.leg == leg) {
                leg.session.leg = null;
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
        Session callee = call.callee.session;
        send(callee, new Bye(call.id, Wire.BYE_CANCELLED));
        if (callee.leg == call.callee) {
            callee.leg = null;
        }
        channels.release(call.callee.channel);
        call.callee.channel = 0;
        call.callee.session = null;
        LOG.info("{}: {}: to voicemail", call, reason == Wire.REJECT_NO_ANSWER
                ? "no answer in " + voicemail.ringTimeoutSeconds(call.callee.number) + " s" : "ringing phone lost");
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
     * Saves the call's message. {@code relayEnds} non-null: the relay ends the call (max length, silence) and tells
     * the caller once the message is stored; null: the call has already ended.
     */
    private void saveRecording(Call call, String relayEnds) {
        voicemail.save(call.recording, saved -> {
            if (relayEnds != null && calls.get(call.id) == call) {
                send(call.caller.session, new Bye(call.id, Wire.BYE_NORMAL));
                endCall(call, "voicemail " + relayEnds + (saved == null ? ", nothing kept" : ", message kept"));
            }
        });
    }

    /** VM_WAITING to the phone holding {@code owner}, if it is attached here: its messages changed. */
    private void sendWaiting(String owner) {
        Session s = attached.get(owner);
        if (voicemail != null && s != null) {
            int[] c = voicemail.counts(owner);
            send(s, new VmWaiting(owner, Math.min(c[0], 0xFFFF), Math.min(c[1], 0xFFFF)));
        }
    }

    /** At login: VM_WAITING if the number has any messages. */
    private void sendWaitingIfAny(String owner) {
        if (voicemail != null && voicemail.counts(owner)[1] > 0) {
            sendWaiting(owner);
        }
    }

    private boolean holds(Session s, String number) {
        return number.equals(s.number) || s.moreNumbers.contains(number);
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
        List<MessageInfo> all = voicemail.list(l.owner);
        int first = Math.min(l.first, all.size());
        int n = Math.min(VmListing.MAX_ENTRIES, all.size() - first);
        long[] ids = new long[n];
        String[] callers = new String[n];
        long[] times = new long[n];
        int[] durations = new int[n];
        int[] flags = new int[n];
        for (int i = 0; i < n; i++) {
            MessageInfo m = all.get(first + i);
            ids[i] = m.id();
            callers[i] = m.caller();
            times[i] = m.timeMillis() / 1000;
            durations[i] = (int) Math.min(0xFFFF, (m.durationMillis() + 500) / 1000);
            flags[i] = m.heard() ? 0 : VmListing.FLAG_NEW;
        }
        send(s, new VmListing(l.owner, Math.min(all.size(), 0xFFFF), l.first, ids, callers, times, durations, flags));
    }

    /** The message {@code id} if it belongs to a number {@code s} holds; else answers NO_SUCH_MESSAGE. */
    private MessageInfo ownMessage(Session s, int request, long id) {
        MessageInfo m = voicemail.info(id);
        if (m == null || !holds(s, m.owner())) {
            send(s, new Result(request, Wire.RESULT_NO_SUCH_MESSAGE, new byte[0], "no message " + Wire.messageIdHex(id)));
            return null;
        }
        return m;
    }

    private void fetchMessage(Session s, VmFetch f) {
        if (ownMessage(s, Wire.VM_FETCH, f.id) == null) {
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
        if (ownMessage(s, Wire.VM_DELETE, d.id) == null) {
            return;
        }
        voicemail.delete(d.id, gone -> send(s, gone == null
                ? new Result(Wire.VM_DELETE, Wire.RESULT_NO_SUCH_MESSAGE, new byte[0], "message gone")
                : new Result(Wire.VM_DELETE, Wire.RESULT_OK, new byte[0], "")));
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

    /** Retransmissions and every timeout; the server calls this on a short fixed period. */
    void tick() {
        long now = clock.nowMillis();
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
            if (!s.closed && now - s.lastHeardMillis >= phoneTimeout) {
                detach(s, "silent for " + (now - s.lastHeardMillis) / 1000 + " s", true);
            }
        }
        long ringTimeout = config.ringTimeoutSeconds * 1000L;
        long mediaTimeout = config.mediaTimeoutSeconds * 1000L;
        for (Call call : new ArrayList<>(calls.values())) {
            if (call.recording != null) {
                playGreeting(call, now);
            }
            if (!call.answered && voicemail != null && !call.voicemailRefused
                    && now - call.startedMillis >= 1000L * voicemail.ringTimeoutSeconds(call.callee.number)
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
                blockLists.remove(n);
            }
        }
        s.moreNumbers.clear();
        if (s.number != null && attached.get(s.number) == s) {
            attached.remove(s.number);
            blockLists.remove(s.number);
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
    private void sendStateless(InetSocketAddress to, Frame f) {
        if (f instanceof ErrorFrame) {
            f = new ErrorFrame(((ErrorFrame) f).code, "");
        }
        byte[] bytes = FrameCodec.encode(f);
        if (FRAMES.isDebugEnabled()) {
            FRAMES.debug("{} tx {}", UdpEndpoint.describe(to), Wire.frameLog(bytes, 0, bytes.length));
        }
        udpEndpoints.apply(to).sendSignal(bytes, 0, bytes.length);
    }
}
