package org.pippin.midlet;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;
import org.pippin.identity.BlockList;
import org.pippin.identity.CallerIdProof;
import org.pippin.identity.Claim;
import org.pippin.identity.Drbg;
import org.pippin.identity.EphemeralKey;
import org.pippin.identity.IdentityKey;
import org.pippin.identity.KeyShare;
import org.pippin.identity.LinkCheck;
import org.pippin.identity.LinkedNumbers;
import org.pippin.identity.LoginProof;
import org.pippin.identity.RegistrarRecord;
import org.pippin.identity.Release;
import org.pippin.identity.VoiceKeys;
import org.pippin.protocol.Ack;
import org.pippin.protocol.Answer;
import org.pippin.protocol.Bye;
import org.pippin.protocol.Dtmf;
import org.pippin.protocol.ErrorFrame;
import org.pippin.protocol.Frame;
import org.pippin.protocol.FrameCodec;
import org.pippin.protocol.Invite;
import org.pippin.protocol.Keepalive;
import org.pippin.protocol.ProtocolException;
import org.pippin.protocol.Probe;
import org.pippin.protocol.ProbeReply;
import org.pippin.protocol.RecordRequest;
import org.pippin.protocol.Redirect;
import org.pippin.protocol.RelayList;
import org.pippin.protocol.Relays;
import org.pippin.protocol.Result;
import org.pippin.protocol.SipPassword;
import org.pippin.protocol.Challenge;
import org.pippin.protocol.Hello;
import org.pippin.protocol.Login;
import org.pippin.protocol.Registered;
import org.pippin.protocol.Reject;
import org.pippin.protocol.Result;
import org.pippin.protocol.Ringing;
import org.pippin.protocol.VmAnswer;
import org.pippin.protocol.VmAudio;
import org.pippin.protocol.VmDelete;
import org.pippin.protocol.VmFetch;
import org.pippin.protocol.VmGreeting;
import org.pippin.protocol.VmGreetingDelete;
import org.pippin.protocol.VmList;
import org.pippin.protocol.VmListing;
import org.pippin.protocol.VmWaiting;
import org.pippin.protocol.VoicePacket;
import org.pippin.protocol.Wire;

class EngineTest {

    private final ManualClock clock = new ManualClock(1_000_000);
    private final RecordingLog log = new RecordingLog();
    private final FakeTransports net = new FakeTransports();
    private final FakeAudio audio = new FakeAudio(8000);
    private final List<String> ui = new ArrayList<>();
    /** The texts of results, as the user reads them. */
    private final List<String> texts = new ArrayList<>();
    private int relayMessageId = 100;
    private Engine engine;

    /** The phone's identity: a fixed key and generator, so runs repeat. */
    private final IdentityKey key = IdentityKey.fromSecret(bytes(32, 7));
    private final Identity identity = new Identity(key, new Drbg(bytes(32, 9)), clock, 0);
    private final IdentityKey registrar = IdentityKey.fromSecret(bytes(32, 3));
    /** Numbers the phone owns when the engine is made. */
    private String[] owned = {"1001"};
    private final List<ClaimJob> jobs = new ArrayList<>();
    /** Relay book records the engine asked to keep. */
    private final List<byte[]> stored = new ArrayList<>();

    static byte[] bytes(int n, int fill) {
        byte[] b = new byte[n];
        Arrays.fill(b, (byte) fill);
        return b;
    }

    private String[] attrs = {};

    private Engine engine(String... attrs) {
        this.attrs = attrs;
        Map<String, String> m = new HashMap<>();
        m.put("Pippin-Relay", "relay.example:7070");
        for (int i = 0; i < attrs.length; i += 2) {
            m.put(attrs[i], attrs[i + 1]);
        }
        Settings s = Settings.read(m::get, log);
        engine = new Engine(s, net, audio, clock, log, new Engine.Listener() {
            @Override
            public void status(String text) {
                ui.add("status " + text);
            }

            @Override
            public void incoming(int callId, String caller, int callerKind, boolean endToEnd) {
                ui.add("incoming " + caller + " " + callerKind + " " + endToEnd);
            }

            @Override
            public void callStarted(int callId, String peer, int codec, int ptime, int transport, boolean e2e) {
                ui.add("started " + peer + " " + e2e);
            }

            @Override
            public void claimWork(ClaimJob job) {
                jobs.add(job);
            }

            @Override
            public void numbersChanged(String[] numbers, String active) {
                ui.add("numbers " + String.join(",", numbers) + " active " + active);
            }

            @Override
            public void result(int request, String number, int outcome, String why) {
                ui.add("result " + Wire.typeName(request) + " " + number + " " + Wire.resultName(outcome));
                texts.add(why);
            }

            @Override
            public void callProgress(int callId, int seconds) {
                ui.add("progress " + seconds);
            }

            @Override
            public void dtmf(int callId, char key) {
                ui.add("dtmf " + key);
            }

            @Override
            public void callEnded(int callId, String why) {
                ui.add("ended " + why);
            }

            @Override
            public void refused(String why) {
                ui.add("refused " + why);
            }

            @Override
            public void registrarsTrusted(byte[][] keys) {
                ui.add("trusted " + keys.length);
            }

            @Override
            public void stopped() {
                ui.add("stopped");
            }

            @Override
            public void relaysLearnt(byte[] record) {
                stored.add(record);
            }

            @Override
            public void probing(Transport[] transports) {
                ui.add("probing " + transports.length);
            }

            @Override
            public void fetchRelays(String url) {
                ui.add("fetch " + url);
            }
        }, identity, owned, null);
        return engine;
    }

    /** Delivers a frame from the relay with a fresh message id (reliable types). */
    private void fromRelay(Frame f) {
        if (f.isReliable()) {
            f.messageId = ++relayMessageId;
        }
        byte[] b = FrameCodec.encode(f);
        engine.onReceive(net.last(), b, b.length);
    }

    private List<Frame> sentFrames(FakeTransports.Fake t) throws ProtocolException {
        List<Frame> out = new ArrayList<>();
        for (byte[] b : t.sent) {
            if (!VoicePacket.isVoice(b, 0)) {
                out.add(FrameCodec.decode(b, 0, b.length));
            }
        }
        return out;
    }

    private Frame lastSignalling() throws ProtocolException {
        List<Frame> f = sentFrames(net.last());
        for (int i = f.size() - 1; i >= 0; i--) {
            if (!(f.get(i) instanceof Ack)) {
                return f.get(i);
            }
        }
        throw new AssertionError("nothing sent");
    }

    /** Acknowledges everything the phone sent so far, as a relay would. */
    private void ackAll() throws ProtocolException {
        for (Frame f : sentFrames(net.last())) {
            if (f.messageId != 0 && f.isReliable()) {
                Ack a = new Ack(f.messageId);
                byte[] b = FrameCodec.encode(a);
                engine.onReceive(net.last(), b, b.length);
            }
        }
    }

    private void runFor(long ms, long step) {
        for (long t = 0; t < ms; t += step) {
            engine.tick();
            clock.advance(step);
        }
        engine.tick();
    }

    /** The last HELLO the phone sent, answered with a CHALLENGE; returns the challenge. */
    private byte[] challenge(int difficulty) throws ProtocolException {
        Hello h = assertInstanceOf(Hello.class, lastSignalling());
        assertEquals(Hello.FULL_SIZE, FrameCodec.encode(h).length, "HELLO padded for any CHALLENGE");
        byte[] c = bytes(16, 0x5C);
        fromRelay(new Challenge(h.clientNonce(), c, difficulty, new byte[][] {registrar.publicKey()}));
        return c;
    }

    /** Answers HELLO with a CHALLENGE, checks the LOGIN that follows, and answers it with REGISTERED. */
    private void login(String number) throws Exception {
        byte[] c = challenge(8);
        Login l = assertInstanceOf(Login.class, lastSignalling());
        byte[] b = l.proof();
        LoginProof proof = LoginProof.decode(b, 0, b.length);
        assertEquals(number, proof.number);
        assertTrue(proof.verify(c, key.publicKey()), "login proof signed by the phone's key over the challenge");
        fromRelay(new Registered(number, 25));
        ackAll();
    }

    /** Logs {@code number} in: the engine is made again (same settings) with it as the phone's number. */
    private void registered(String number) throws Exception {
        owned = new String[] {number};
        engine(attrs);
        engine.connect();
        engine.tick();
        login(number);
    }

    @Test
    void registersOverUdpAndKeepsAlive() throws Exception {
        engine();
        engine.connect();
        assertEquals(0, engine.tick() > 0 ? 0 : 1, "waits for HELLO's resend deadline");
        assertEquals(Transport.UDP, net.last().kind);
        byte[] c = challenge(8);
        Login l = assertInstanceOf(Login.class, lastSignalling());
        byte[] b = l.proof();
        assertTrue(LoginProof.decode(b, 0, b.length).verify(c, key.publicKey()));
        fromRelay(new Registered("1001", 20));
        assertEquals(List.of("registered 1001 udp"), log.events);

        clock.advance(20_000);
        engine.tick();
        assertInstanceOf(Keepalive.class, lastSignalling());
    }

    @Test
    void fallsBackToTcpWhenUdpRegisterGetsNoAnswer() throws Exception {
        engine();
        engine.connect();
        runFor(Engine.UDP_REGISTER_WAIT_MS - 100, 100);
        assertEquals(1, net.opened.size());
        assertEquals(3, sentFrames(net.last()).size(), "three HELLO sends over UDP (0, 1, 3 s)");
        runFor(200, 100);
        assertEquals(2, net.opened.size());
        assertTrue(net.opened.get(0).closed);
        assertEquals(Transport.TCP, net.last().kind);
        login("1001");
        assertEquals(List.of("registered 1001 tcp"), log.events);
    }

    @Test
    void silentTcpRelayIsRetriedFromUdp() throws Exception {
        engine();
        engine.connect();
        runFor(Engine.UDP_REGISTER_WAIT_MS, 100);
        assertEquals(Transport.TCP, net.last().kind);
        runFor(Engine.TCP_REGISTER_WAIT_MS, 100);
        assertEquals(List.of("error relay unreachable: no answer to HELLO over TCP for 15000 ms"), log.events);
        assertTrue(net.last().closed);
        runFor(Engine.RETRY_MS, 100);
        assertEquals(3, net.opened.size());
        assertEquals(Transport.UDP, net.last().kind);
    }

    @Test
    void blockedCarrierEndsOnTheFallbackPort() throws Exception {
        engine("Pippin-Fallback-Ports", "443, 8443");
        engine.connect();
        runFor(Engine.UDP_REGISTER_WAIT_MS, 100);
        assertEquals(Transport.TCP, net.last().kind);
        assertEquals(7070, net.last().port);
        runFor(Engine.TCP_REGISTER_WAIT_MS - 200, 100);
        assertEquals(2, net.opened.size(), "still waiting on TCP 7070");
        runFor(200, 100);
        assertEquals(3, net.opened.size());
        assertTrue(net.opened.get(1).closed);
        assertEquals(Transport.TCP, net.last().kind);
        assertEquals(443, net.last().port);
        login("1001");
        assertEquals(List.of("registered 1001 tcp:443"), log.events);
        assertTrue(log.infos.contains("no answer to HELLO over TCP for 15000 ms; trying tcp:443"),
                log.infos::toString);
    }

    @Test
    void refusedConnectionMovesOnAtOnceAndTheLastRungEndsInARetry() throws Exception {
        engine("Pippin-Fallback-Ports", "443");
        net.refusedTcpPorts.add(7070);
        engine.connect();
        runFor(Engine.UDP_REGISTER_WAIT_MS, 100);
        assertEquals(2, net.opened.size(), "UDP, then straight to TCP 443");
        assertEquals(443, net.last().port);
        runFor(Engine.TCP_REGISTER_WAIT_MS, 100);
        assertEquals(List.of("error relay unreachable: no answer to HELLO over TCP:443 for 15000 ms"), log.events);
        runFor(Engine.RETRY_MS, 100);
        assertEquals(Transport.UDP, net.last().kind, "the ladder starts again from UDP");
    }

    @Test
    void refusedUdpSendMovesOnAtOnce() throws Exception {
        engine("Pippin-Fallback-Ports", "443");
        net.udpSendsRefused = true;
        engine.connect();
        engine.tick();
        assertEquals(2, net.opened.size());
        assertTrue(net.opened.get(0).closed);
        assertEquals(Transport.TCP, net.last().kind);
        assertEquals(7070, net.last().port);
        assertInstanceOf(Hello.class, lastSignalling());
        assertTrue(log.events.isEmpty(), log.events::toString);
        assertEquals("udp to the relay failed (sending HELLO failed: Operation not permitted); trying tcp",
                log.infos.get(log.infos.size() - 2));
    }

    @Test
    void tcpModeUsesTheFallbackPortsToo() throws Exception {
        engine("Pippin-Transport", "tcp", "Pippin-Fallback-Ports", "443");
        engine.connect();
        engine.tick();
        assertEquals(Transport.TCP, net.last().kind);
        assertEquals(7070, net.last().port);
        runFor(Engine.TCP_REGISTER_WAIT_MS, 100);
        assertEquals(443, net.last().port);
    }

    @Test
    void regionRefusalIsFinalAndExplained() throws Exception {
        engine();
        engine.connect();
        engine.tick();
        fromRelay(new ErrorFrame(Wire.ERR_REGION_REFUSED, ""));
        assertEquals(List.of("register-failed REGION_REFUSED"), log.events);
        assertEquals(Engine.IDLE, engine.state());
        assertTrue(ui.contains("refused " + Engine.errorText(Wire.ERR_REGION_REFUSED)), ui::toString);
        assertTrue(Engine.errorText(Wire.ERR_REGION_REFUSED).contains("only serves phones in its own country"));
        runFor(60_000, 1000);
        assertEquals(1, net.opened.size(), "no retry from the same network");
    }

    @Test
    void udpOnlyNeverTriesTcp() throws Exception {
        engine("Pippin-Transport", "udp");
        engine.connect();
        runFor(20_000, 100);
        assertEquals(1, net.opened.size());
    }

    /** As {@link #runFor}, with the relay echoing every KEEPALIVE at once, as a live relay does. */
    private void runEchoing(long ms, long step) throws ProtocolException {
        long echoed = 0;
        for (long t = 0; t <= ms; t += step) {
            engine.tick();
            long sent = sentFrames(net.last()).stream().filter(f -> f instanceof Keepalive).count();
            if (sent > echoed) {
                echoed = sent;
                fromRelay(new Keepalive());
            }
            if (t < ms) {
                clock.advance(step);
            }
        }
    }

    @Test
    void aLiveRelayThatEchoesKeepalivesIsKept() throws Exception {
        engine();
        registered("1001");
        runEchoing(10 * 25_000, 500);
        assertTrue(log.events.stream().noneMatch(e -> e.startsWith("error")), log.events::toString);
        assertEquals(1, net.opened.size());
        assertTrue(sentFrames(net.last()).stream().filter(f -> f instanceof Keepalive).count() >= 10);
    }

    @Test
    void detectsSilentRelayAndRegistersAgain() throws Exception {
        engine();
        registered("1001");
        // The first KEEPALIVE at 25 s, sent again twice 3 s apart, then the relay counts as gone.
        runFor(25_000 + 2 * Engine.ECHO_WAIT_MS, 1000);
        assertTrue(log.events.stream().noneMatch(e -> e.startsWith("error")));
        assertEquals(3, sentFrames(net.last()).stream().filter(f -> f instanceof Keepalive).count());
        runFor(Engine.ECHO_WAIT_MS, 1000);
        assertEquals("error relay lost: no answer to 3 KEEPALIVEs in 9000 ms", log.events.get(1));
        assertTrue(net.opened.get(0).closed);
        runFor(Engine.RETRY_MS, 1000);
        assertEquals(2, net.opened.size());
        login("1001");
        assertEquals("registered 1001 udp", log.events.get(2));
    }

    @Test
    void refusedLoginLeavesTheNumberOutAndTheOthersLogIn() throws Exception {
        owned = new String[] {"1001", "1002"};
        engine();
        engine.connect();
        engine.tick();
        challenge(8);
        assertInstanceOf(Login.class, lastSignalling());
        fromRelay(new ErrorFrame(Wire.ERR_NOT_IN_SERVICE, "number 1001 is in quarantine"));
        assertEquals(List.of("login-failed 1001 NOT_IN_SERVICE number 1001 is in quarantine"), log.events);
        login("1002");
        assertEquals("registered 1002 udp", log.events.get(1));
        assertEquals(Engine.REGISTERED, engine.state());
        runEchoing(60_000, 1000);
        assertEquals(2, sentFrames(net.last()).stream().filter(f -> f instanceof Login).count(),
                "no second try for a number the relay refused");
    }

    @Test
    void aRateLimitedLoginIsTriedAgainLaterNotGivenUp() throws Exception {
        owned = new String[] {"1001"};
        engine();
        engine.connect();
        engine.tick();
        challenge(8);
        assertInstanceOf(Login.class, lastSignalling());
        fromRelay(new ErrorFrame(Wire.ERR_RATE_LIMITED, "attaches from 10.0.0.1: try again in 1 s"));
        assertEquals(List.of("login-failed 1001 RATE_LIMITED attaches from 10.0.0.1: try again in 1 s"), log.events);
        assertTrue(net.last().closed, "dropped the transport to try again later");
        runFor(Engine.RETRY_MS, 1000);
        assertEquals(2, net.opened.size());
        login("1001");
        assertEquals("registered 1001 udp", log.events.get(1));
    }

    @Test
    void answersIncomingCallAndSendsVoiceAtPtime() throws Exception {
        engine("Pippin-Auto-Answer", "answer");
        registered("1002");
        int before = net.last().voiceCount();
        fromRelay(new Invite(0xCAFE0001, "1001", "1002", (1 << Wire.CODEC_GSM) | (1 << Wire.CODEC_PCMU), 100, 7));
        List<Frame> sent = sentFrames(net.last());
        assertTrue(sent.stream().anyMatch(f -> f instanceof Ringing));
        Answer a = assertInstanceOf(Answer.class, lastSignalling());
        assertEquals(Wire.CODEC_GSM, a.codec);
        assertEquals(100, a.ptimeMs);
        assertEquals(List.of("registered 1002 udp", "incoming cafe0001 1001 unverified clear",
                "answered cafe0001 GSM 100 clear"), log.events);

        runFor(1000, 10);
        int voice = net.last().voiceCount() - before;
        assertEquals(11, voice, "one packet at 0 ms and every 100 ms after");
        byte[] p = net.last().sent.get(net.last().sent.size() - 1);
        assertEquals(4 + 5 * 33, p.length);
        assertEquals(7, VoicePacket.channel(p, 0));
    }

    /** A speex phone answers a caller offering speex with speex, and a GSM phone answers a speex-only caller too. */
    @Test
    void speexIsNegotiatedAndSentInFifteenByteFrames() throws Exception {
        engine("Pippin-Auto-Answer", "answer", "Pippin-Codec", "speex");
        registered("1002");
        fromRelay(new Invite(0xCAFE0002, "1001", "1002", (1 << Wire.CODEC_GSM) | (1 << Wire.CODEC_SPEEX), 100, 7));
        Answer a = assertInstanceOf(Answer.class, lastSignalling());
        assertEquals(Wire.CODEC_SPEEX, a.codec);
        assertEquals("answered cafe0002 SPEEX 100 clear", log.events.get(log.events.size() - 1));
        runFor(1000, 10);
        byte[] p = net.last().sent.get(net.last().sent.size() - 1);
        assertEquals(4 + 5 * 15, p.length);
        assertEquals(0x10, p[4] & 0xF8, "first frame starts 0 0010: narrowband, sub-mode 2");
    }

    @Test
    void gsmPhoneAnswersASpeexOnlyCallerWithSpeex() throws Exception {
        engine("Pippin-Auto-Answer", "answer");
        registered("1002");
        fromRelay(new Invite(0xCAFE0003, "1001", "1002", 1 << Wire.CODEC_SPEEX, 100, 7));
        assertEquals(Wire.CODEC_SPEEX, assertInstanceOf(Answer.class, lastSignalling()).codec);
    }

    @Test
    void incomingVoiceIsDecodedWithLossCounted() throws Exception {
        engine("Pippin-Auto-Answer", "answer", "Pippin-Codec", "pcmu");
        registered("1002");
        fromRelay(new Invite(5, "1001", "1002", 1 << Wire.CODEC_PCMU, 20, 3));
        byte[] pkt = new byte[4 + 160];
        for (int seq : new int[] {65534, 65535, 1, 0, 2}) {
            VoicePacket.writeHeader(pkt, 0, 3, seq);
            engine.onReceive(net.last(), pkt, pkt.length);
        }
        engine.hangup();
        assertEquals("audio-stats 00000005 sent=0 received=5 lost=0 late=1 forged=0",
                log.events.get(log.events.size() - 2));
        assertEquals("ended 00000005 NORMAL local", log.events.get(log.events.size() - 1));
        // 65534, 65535, silence for 0, 1, (0 late: dropped), 2
        assertEquals(5 * 160, audio.sunkSamples);
        assertTrue(audio.sinkClosed);
        assertInstanceOf(Bye.class, lastSignalling());
    }

    @Test
    void callerFlowHangsUpAfterAudioEnds() throws Exception {
        engine("Pippin-Auto-Dial", "1002", "Pippin-Auto-Hangup", "end-of-audio", "Pippin-Exit-After-Call", "true");
        registered("1001");
        Invite inv = assertInstanceOf(Invite.class, lastSignalling());
        assertEquals("1002", inv.callee);
        assertEquals("1001", inv.caller);
        assertEquals(1 << Wire.CODEC_GSM, inv.codecMask);
        String id = Wire.callIdHex(inv.callId);
        assertEquals("dialing " + id + " 1002 from=1001", log.events.get(1));
        fromRelay(new Ringing(inv.callId));
        fromRelay(new Answer(inv.callId, Wire.CODEC_GSM, 100, 9));
        assertEquals("answered " + id + " GSM 100 clear", log.events.get(3));

        // 8000 samples = 1 s of audio = 10 packets, then silence for the 1 s tail, then BYE.
        runFor(1900, 10);
        assertTrue(log.events.size() == 4, "still in the call: " + log.events);
        runFor(300, 10);
        assertInstanceOf(Bye.class, lastSignalling());
        assertEquals("audio-stats " + id + " sent=21 received=0 lost=0 late=0 forged=0", log.events.get(4));
        assertEquals("ended " + id + " NORMAL local", log.events.get(5));
        assertTrue(audio.sourceClosed);
    }

    @Test
    void autoDtmfGoesOnceTheCallIsAnsweredAndKeysHeardAreShownAndLogged() throws Exception {
        engine("Pippin-Auto-Dial", "1002", "Pippin-Auto-Dtmf", "19#");
        registered("1001");
        Invite inv = assertInstanceOf(Invite.class, lastSignalling());
        String id = Wire.callIdHex(inv.callId);
        assertFalse(engine.sendDtmf('5'), "no keys before the answer");
        fromRelay(new Answer(inv.callId, Wire.CODEC_GSM, 100, 9));
        List<Dtmf> keys = new ArrayList<>();
        for (Frame f : sentFrames(net.last())) {
            if (f instanceof Dtmf) {
                keys.add((Dtmf) f);
            }
        }
        assertEquals(3, keys.size());
        assertEquals(1, keys.get(0).event);
        assertEquals(9, keys.get(1).event);
        assertEquals(11, keys.get(2).event);
        for (Dtmf d : keys) {
            assertEquals(inv.callId, d.callId);
            assertEquals(Engine.DTMF_MS, d.duration);
        }
        assertTrue(log.events.contains("dtmf-sent " + id + " #"), log.events.toString());

        assertTrue(engine.sendDtmf('*'));
        assertEquals(10, ((Dtmf) lastSignalling()).event);
        assertFalse(engine.sendDtmf('x'), "no DTMF event for x");

        fromRelay(new Dtmf(inv.callId, 5, 120));
        fromRelay(new Dtmf(inv.callId ^ 1, 7, 120)); // another call's: ignored
        assertEquals("dtmf " + id + " 5", log.events.get(log.events.size() - 1));
        assertEquals("dtmf 5", ui.get(ui.size() - 1));
    }

    @Test
    void autoDtmfWithAKeyThatIsNoDtmfIsIgnored() {
        engine("Pippin-Auto-Dtmf", "12x");
        assertTrue(log.infos.toString().contains("Pippin-Auto-Dtmf '12x'"), log.infos.toString());
    }

    @Test
    void voicemailAnswerIsACallShownAsNotEndToEnd() throws Exception {
        engine();
        registered("1001");
        engine.dial("1002", false);
        Invite inv = assertInstanceOf(Invite.class, lastSignalling());
        String id = Wire.callIdHex(inv.callId);
        fromRelay(new VmAnswer(inv.callId, Wire.CODEC_GSM, 100, 9, Wire.REJECT_NO_ANSWER));
        assertEquals("voicemail " + id + " NO_ANSWER", log.events.get(log.events.size() - 2));
        assertEquals("answered " + id + " GSM 100 clear", log.events.get(log.events.size() - 1));
        assertEquals("started 1002 (voicemail: relay answered, not end-to-end) false", ui.get(ui.size() - 1));
        assertEquals(Engine.ACTIVE, engine.callState());
    }

    @Test
    void waitingMessageIsListedFetchedInWindowsPlayedAndDeleted() throws Exception {
        engine("Pippin-Auto-Voicemail", "play-delete");
        registered("1001");
        Mailbox mailbox = new Mailbox(engine, audio, log, Settings.VOICEMAIL_PLAY_DELETE);
        engine.setMailbox(mailbox);
        fromRelay(new VmWaiting("1001", 1, 2));
        assertEquals("voicemail-waiting 1001 1 2", log.events.get(log.events.size() - 1));
        VmList list = assertInstanceOf(VmList.class, lastSignalling());
        assertEquals("1001", list.owner);
        fromRelay(new VmListing("1001", 2, 0, new long[] {7, 5}, new String[] {"1002", ""},
                new long[] {1_700_000_000L, 1_600_000_000L}, new int[] {3, 9}, new int[] {1, 0}));
        assertEquals("voicemail-entry 0000000000000007 1002 1700000000 3 new", log.events.get(log.events.size() - 3));
        assertEquals("voicemail-entry 0000000000000005 anonymous 1600000000 9 heard",
                log.events.get(log.events.size() - 2));
        VmFetch fetch = assertInstanceOf(VmFetch.class, lastSignalling());
        assertEquals(7, fetch.id);
        assertEquals(0, fetch.first);
        assertEquals(Mailbox.WINDOW, fetch.window);

        // Ten chunks of one silent GSM frame each: the second window is asked for once the first is in.
        byte[] frame = new byte[33];
        new org.pippin.codec.GsmCodec().encode(new short[160], 0, frame, 0);
        for (int c = 0; c < 8; c++) {
            fromRelay(new VmAudio(7, Wire.CODEC_GSM, c, 10, frame, 0, frame.length));
        }
        VmFetch next = assertInstanceOf(VmFetch.class, lastSignalling());
        assertEquals(8, next.first);
        assertEquals(2, next.window);
        fromRelay(new VmAudio(7, Wire.CODEC_GSM, 9, 10, frame, 0, frame.length));
        fromRelay(new VmAudio(7, Wire.CODEC_GSM, 8, 10, frame, 0, frame.length));
        assertEquals("voicemail-played 0000000000000007 200", log.events.get(log.events.size() - 1));
        assertEquals(10 * 160, audio.sunkSamples);
        assertTrue(audio.sinkClosed);
        assertEquals(7, assertInstanceOf(VmDelete.class, lastSignalling()).id);
        fromRelay(new Result(Wire.VM_DELETE, Wire.RESULT_OK, new byte[0], ""));
        assertEquals("voicemail-deleted OK", log.events.get(log.events.size() - 1));
    }

    /** Polls until the greeting job has finished: it runs on a thread of its own, with no timer involved. */
    private static void awaitIdle(GreetingBox box) throws InterruptedException {
        long deadline = System.nanoTime() + 10_000_000_000L;
        while (box.isRunning()) {
            assertTrue(System.nanoTime() < deadline, "greeting job still running");
            Thread.sleep(2);
        }
    }

    @Test
    void greetingIsRecordedPlayedBackSentEightChunksInFlightAndDeleted() throws Exception {
        registered("1001");
        FakeAudio source = new FakeAudio(8000 * 12); // 12 s: 600 GSM frames, 20 chunks of 30
        GreetingBox box = new GreetingBox(engine, source, log, -1);
        Mailbox mailbox = new Mailbox(engine, audio, log, Settings.VOICEMAIL_MANUAL);
        mailbox.setGreetings(box);
        engine.setMailbox(mailbox);
        assertTrue(box.record(Wire.GREETING_BUSY));
        awaitIdle(box);
        assertEquals("greeting-recorded BUSY 12000", log.events.get(log.events.size() - 1));
        assertTrue(source.sourceClosed);
        assertEquals(12, box.seconds(Wire.GREETING_BUSY));
        assertEquals(0, box.seconds(Wire.GREETING_UNAVAILABLE));
        assertTrue(!box.listen(Wire.GREETING_UNAVAILABLE), "nothing recorded");

        assertTrue(box.listen(Wire.GREETING_BUSY));
        awaitIdle(box);
        assertEquals(600 * 160, source.sunkSamples);
        assertTrue(source.sinkClosed);

        ackAll();
        int before = sentFrames(net.last()).size();
        assertTrue(box.send("1001", Wire.GREETING_BUSY));
        long deadline = System.nanoTime() + 10_000_000_000L;
        while (engine.framesInFlight() < GreetingBox.WINDOW) {
            assertTrue(System.nanoTime() < deadline, "chunks not sent");
            Thread.sleep(2);
        }
        assertTrue(box.isRunning(), "waits for the relay's ACKs");
        synchronized (engine) { // the job sends with the engine's lock held: nothing is added while this reads
            assertEquals(GreetingBox.WINDOW, sentFrames(net.last()).size() - before);
        }
        while (box.isRunning()) {
            synchronized (engine) {
                ackAll();
            }
            assertTrue(System.nanoTime() < deadline, "upload stuck");
            Thread.sleep(2);
        }
        List<VmGreeting> chunks = new ArrayList<>();
        for (Frame f : sentFrames(net.last())) {
            if (f instanceof VmGreeting) {
                chunks.add((VmGreeting) f);
            }
        }
        assertEquals(20, chunks.size());
        for (int c = 0; c < 20; c++) {
            VmGreeting g = chunks.get(c);
            assertEquals("1001 BUSY GSM " + c + "/20 990", g.owner + " " + Wire.greetingName(g.kind) + " "
                    + Wire.codecName(g.codec) + " " + g.chunk + "/" + g.chunks + " " + g.audioLength());
        }
        assertEquals("greeting-send BUSY 20", log.events.get(log.events.size() - 1));
        fromRelay(new Result(Wire.VM_GREETING, Wire.RESULT_OK, new byte[0], ""));
        assertEquals("greeting-sent OK", log.events.get(log.events.size() - 1));

        assertTrue(box.delete("1001", Wire.GREETING_BUSY));
        VmGreetingDelete d = assertInstanceOf(VmGreetingDelete.class, lastSignalling());
        assertEquals(Wire.GREETING_BUSY, d.kind);
        fromRelay(new Result(Wire.VM_GREETING_DELETE, Wire.RESULT_NOT_OWNER, new byte[0], "not logged in as 1001"));
        assertEquals("greeting-deleted NOT_OWNER not logged in as 1001", log.events.get(log.events.size() - 1));
    }

    @Test
    void autoGreetingIsRecordedFromTheSourceAndSentOnceLoggedIn() throws Exception {
        owned = new String[] {"1001"};
        engine(attrs);
        GreetingBox box = new GreetingBox(engine, new FakeAudio(8000), log, Wire.GREETING_UNAVAILABLE);
        Mailbox mailbox = new Mailbox(engine, audio, log, Settings.VOICEMAIL_MANUAL);
        mailbox.setGreetings(box);
        engine.setMailbox(mailbox);
        engine.connect();
        engine.tick();
        challenge(8);
        assertInstanceOf(Login.class, lastSignalling());
        fromRelay(new Registered("1001", 25)); // the job starts: nothing reads what is sent until it is done
        awaitIdle(box);
        assertTrue(log.events.contains("greeting-recorded UNAVAILABLE 1000"), log.events.toString());
        VmGreeting last = assertInstanceOf(VmGreeting.class, lastSignalling());
        assertEquals("1 of 2 UNAVAILABLE", last.chunk + " of " + last.chunks + " " + Wire.greetingName(last.kind));
    }

    @Test
    void rejectedCallIsReported() throws Exception {
        engine();
        registered("1001");
        engine.dial("1003", false);
        Invite inv = assertInstanceOf(Invite.class, lastSignalling());
        fromRelay(new Reject(inv.callId, Wire.REJECT_NOT_IN_SERVICE));
        assertEquals("rejected " + Wire.callIdHex(inv.callId) + " NOT_IN_SERVICE",
                log.events.get(log.events.size() - 1));
        assertEquals(Engine.NO_CALL, engine.callState());
        assertEquals("ended Number not in service", ui.get(ui.size() - 1));
    }

    @Test
    void numberOutsideTheDialPlanIsExplained() throws Exception {
        engine();
        registered("1001");
        engine.dial("+14155550100", false);
        Invite inv = assertInstanceOf(Invite.class, lastSignalling());
        fromRelay(new Reject(inv.callId, Wire.REJECT_NOT_ALLOWED));
        assertEquals("rejected " + Wire.callIdHex(inv.callId) + " NOT_ALLOWED", log.events.get(log.events.size() - 1));
        assertEquals("ended This number cannot be called: the network only calls numbers in its own country",
                ui.get(ui.size() - 1));
    }

    @Test
    void secondIncomingCallIsBusy() throws Exception {
        engine("Pippin-Auto-Answer", "answer");
        registered("1002");
        fromRelay(new Invite(1, "1001", "1002", 2, 100, 3));
        fromRelay(new Invite(2, "1003", "1002", 2, 100, 4));
        Reject r = assertInstanceOf(Reject.class, lastSignalling());
        assertEquals(2, r.callId);
        assertEquals(Wire.REJECT_BUSY, r.reason);
        assertEquals(Engine.ACTIVE, engine.callState());
    }

    @Test
    void remoteByeEndsCall() throws Exception {
        engine("Pippin-Auto-Answer", "answer", "Pippin-Exit-After-Call", "true");
        registered("1002");
        fromRelay(new Invite(0x10, "1001", "1002", 2, 100, 3));
        fromRelay(new Bye(0x10, Wire.BYE_NORMAL));
        assertEquals("ended 00000010 NORMAL remote", log.events.get(log.events.size() - 1));
        engine.stopWhenFlushed(3000);
        ackAll();
        engine.tick();
        assertEquals("stopped", ui.get(ui.size() - 1));
    }

    @Test
    void exitOverTcpReadsOnBrieflyAfterTheBye() throws Exception {
        engine("Pippin-Transport", "tcp", "Pippin-Auto-Answer", "answer");
        registered("1002");
        fromRelay(new Invite(0x11, "1001", "1002", 2, 100, 3));
        engine.hangup();
        engine.stopWhenFlushed(3000);
        assertEquals(Engine.TCP_LINGER_MS, engine.tick(), "no ACKs over TCP: waits out the linger");
        assertTrue(ui.stream().noneMatch(u -> u.equals("stopped")));
        clock.advance(Engine.TCP_LINGER_MS);
        engine.tick();
        assertEquals("stopped", ui.get(ui.size() - 1));
    }

    // ---- numbers owned by keys ----

    /** Runs the claim's proof of work as the MIDlet's worker thread would, reporting back to the engine. */
    private void work(ClaimJob job) {
        job.run(new ClaimJob.Listener() {
            @Override
            public void progress(ClaimJob j, long tries, long expected) {
                assertEquals(1L << j.difficulty, expected);
            }

            @Override
            public void solved(ClaimJob j, byte[] record) {
                engine.claimSolved(j, record);
            }

            @Override
            public void cancelled(ClaimJob j) {
                engine.claimCancelled(j);
            }
        });
    }

    private RecordRequest lastRequest(int type) throws ProtocolException {
        RecordRequest r = assertInstanceOf(RecordRequest.class, lastSignalling());
        assertEquals(type, r.type);
        return r;
    }

    @Test
    void phoneWithoutANumberClaimsOneWithWorkAtTheNetworksDifficulty_thenLogsItIn() throws Exception {
        owned = new String[0];
        engine("Pippin-Auto-Claim", "random:9");
        engine.connect();
        engine.tick();
        challenge(8);
        assertEquals(Engine.ONLINE, engine.state());
        assertEquals(List.of("claiming random 9 difficulty=8"), log.events);
        assertEquals(1, jobs.size(), "the work goes to a thread of the MIDlet's");
        work(jobs.get(0));
        byte[] b = lastRequest(Wire.CLAIM).record();
        Claim claim = Claim.decode(b, 0, b.length);
        assertEquals(Claim.RANDOM, claim.mode);
        assertEquals("9", claim.number);
        assertTrue(claim.verify(8), "signed by the phone's key, with 8 bits of work");
        assertArrayEquals(key.publicKey(), claim.publicKey());

        // The registrar's clock is 120 s ahead of the phone's: the phone follows it from here on.
        long registrarNow = clock.nowMillis() / 1000 + 120;
        byte[] granted = RegistrarRecord.owned(registrar, "9123", key.publicKey(), registrarNow, registrarNow)
                .encode();
        fromRelay(new Result(Wire.CLAIM, Wire.RESULT_GRANTED, granted, ""));
        ackAll();
        assertTrue(log.events.get(1).startsWith("claimed 9123 difficulty=8 tries="), log.events::toString);
        assertTrue(ui.contains("numbers 9123 active 9123"), ui::toString);
        assertEquals(120, identity.offsetSeconds());

        byte[] c = challenge(8);
        Login l = assertInstanceOf(Login.class, lastSignalling());
        byte[] p = l.proof();
        LoginProof proof = LoginProof.decode(p, 0, p.length);
        assertTrue(proof.verify(c, key.publicKey()));
        assertEquals(registrarNow, proof.time, 1, "signed in the network's time");
        fromRelay(new Registered("9123", 25));
        assertEquals("registered 9123 udp", log.events.get(2));
        assertEquals(Engine.REGISTERED, engine.state());
    }

    @Test
    void refusedClaimIsExplained_andTooLittleWorkAsksForTheDifficultyAgain() throws Exception {
        owned = new String[0];
        engine();
        engine.connect();
        engine.tick();
        challenge(8);
        engine.claim(Claim.SPECIFIC, "1001");
        work(jobs.get(0));
        lastRequest(Wire.CLAIM);
        fromRelay(new Result(Wire.CLAIM, Wire.RESULT_TAKEN, new byte[0], "owned by another key"));
        assertEquals("claim-failed TAKEN owned by another key", log.events.get(1));
        assertEquals("result CLAIM 1001 TAKEN", ui.get(ui.size() - 1));

        engine.claim(Claim.SPECIFIC, "1002");
        work(jobs.get(1));
        fromRelay(new Result(Wire.CLAIM, Wire.RESULT_TOO_LITTLE_WORK, new byte[0], ""));
        engine.claim(Claim.SPECIFIC, "1002");
        assertInstanceOf(Hello.class, lastSignalling(), "the difficulty may have changed: ask for it");
        challenge(10);
        assertEquals(10, jobs.get(2).difficulty);
    }

    @Test
    void cancelledWorkSendsNoClaim_andANewClaimCanStart() throws Exception {
        owned = new String[0];
        engine();
        engine.connect();
        engine.tick();
        challenge(20);
        engine.claim(Claim.SPECIFIC, "1001");
        engine.claim(Claim.SPECIFIC, "1002");
        assertEquals(1, jobs.size(), "one claim at a time");
        assertTrue(ui.contains("status Already creating a number"), ui::toString);
        ClaimJob job = jobs.get(0);
        job.cancel();
        work(job);
        assertEquals("claim-failed CANCELLED", log.events.get(log.events.size() - 1));
        assertTrue(job.tries() < 1L << 20, "stopped before its 2^20 hashes");
        assertTrue(sentFrames(net.last()).stream().noneMatch(f -> f instanceof RecordRequest));
        engine.claim(Claim.SPECIFIC, "1002");
        assertEquals("1002", jobs.get(1).number);
    }

    @Test
    void releaseIsSignedAndTheNumberLeavesThePhone() throws Exception {
        registered("1001");
        engine.release("1001");
        byte[] b = lastRequest(Wire.RELEASE).record();
        Release release = Release.decode(b, 0, b.length);
        assertEquals("1001", release.number);
        assertTrue(release.verify());
        assertArrayEquals(key.publicKey(), release.publicKey());
        long now = clock.nowMillis() / 1000;
        byte[] q = RegistrarRecord.quarantine(registrar, "1001", key.publicKey(), now, now + 30 * 86400, now)
                .encode();
        fromRelay(new Result(Wire.RELEASE, Wire.RESULT_OK, q, ""));
        assertEquals("released 1001 until=" + (now + 30 * 86400), log.events.get(1));
        assertTrue(ui.contains("numbers  active null"), ui::toString);
        assertEquals(Engine.ONLINE, engine.state(), "no number logged in: no keepalives");
        int sent = sentFrames(net.last()).size();
        runFor(100_000, 1000);
        assertTrue(sentFrames(net.last()).stream().skip(sent).noneMatch(f -> f instanceof Keepalive));
        engine.dial("1002", false);
        assertTrue(ui.contains("status Not logged in"), ui::toString);
    }

    @Test
    void blockListIsSignedWithARisingSequence() throws Exception {
        registered("1001");
        long seq = engine.sendBlockList("1001", 0, true, new String[] {"2002"}, new String[] {"99"});
        byte[] b = lastRequest(Wire.BLOCKLIST).record();
        BlockList list = BlockList.decode(b, 0, b.length);
        assertTrue(list.verify(key.publicKey()));
        assertEquals(seq, list.sequence);
        assertEquals(clock.nowMillis() / 1000, seq);
        assertTrue(list.blocks("") && list.blocks("2002") && list.blocks("991") && !list.blocks("3003"));
        assertEquals(-1, engine.sendBlockList("1001", seq, false, new String[0], new String[0]),
                "one request at a time");
        fromRelay(new Result(Wire.BLOCKLIST, Wire.RESULT_OK, new byte[0], ""));
        assertEquals("blocklist 1001 OK", log.events.get(1));
        assertEquals(seq + 1, engine.sendBlockList("1001", seq, false, new String[0], new String[0]),
                "later than the last one even within the same second");
    }

    @Test
    void linkedNumbersAreSignedAndTheirResultsReadClearly() throws Exception {
        registered("1001");
        long seq = engine.sendLinks("1001", 0, LinkedNumbers.SEQUENTIAL, 15, new String[] {"2002", "+4930123456"});
        byte[] b = lastRequest(Wire.LINKS).record();
        LinkedNumbers links = LinkedNumbers.decode(b, 0, b.length);
        assertTrue(links.verify(key.publicKey()));
        assertEquals("1001", links.owner);
        assertEquals(seq, links.sequence);
        assertEquals(LinkedNumbers.SEQUENTIAL, links.rule);
        assertEquals(15, links.stepSeconds);
        assertArrayEquals(new String[] {"2002", "+4930123456"}, links.numbers());
        fromRelay(new Result(Wire.LINKS, Wire.RESULT_OK, new byte[0], ""));
        assertEquals("links 1001 OK", log.events.get(1));
        assertTrue(ui.contains("result LINKS 1001 OK"), ui.toString());
        assertEquals(seq + 1, engine.sendLinks("1001", seq, LinkedNumbers.RING_ALL, 5, new String[0]),
                "an empty list unlinks, later than the last one");
    }

    @Test
    void linkCheckAsksForTheCallThenSendsTheCode() throws Exception {
        registered("1001");
        assertTrue(engine.checkLink("1001", "+4930123456", ""));
        byte[] b = lastRequest(Wire.LINK_CHECK).record();
        LinkCheck ask = LinkCheck.decode(b, 0, b.length);
        assertTrue(ask.verify(key.publicKey()));
        assertEquals("+4930123456", ask.linked);
        assertEquals("", ask.code);
        fromRelay(new Result(Wire.LINK_CHECK, Wire.RESULT_LINK_NO_TRUNK, new byte[0], ""));
        assertTrue(ui.contains("result LINK_CHECK 1001 LINK_NO_TRUNK"), ui.toString());
        assertEquals("link-check 1001 LINK_NO_TRUNK", log.events.get(1));

        assertTrue(engine.checkLink("1001", "+4930123456", "123456"));
        b = lastRequest(Wire.LINK_CHECK).record();
        assertEquals("123456", LinkCheck.decode(b, 0, b.length).code);
        assertEquals(false, engine.checkLink("1001", "+4930123456", "1"), "one request at a time");
        fromRelay(new Result(Wire.LINK_CHECK, Wire.RESULT_LINK_CODE_WRONG, new byte[0], ""));
        assertEquals("link-check 1001 LINK_CODE_WRONG", log.events.get(2));
    }

    @Test
    void sipPasswordSendsOnlyTheHashForTheRelaysRealmAndShowsThePasswordOnce() throws Exception {
        registered("1001");
        assertTrue(engine.sipPassword("1001", true));
        SipPassword ask = assertInstanceOf(SipPassword.class, lastSignalling());
        assertEquals(SipPassword.ASK, ask.op);
        assertEquals("1001", ask.number);
        fromRelay(new Result(Wire.SIP_PASSWORD, Wire.RESULT_SIP_REALM, new byte[0], "pippin"));
        SipPassword set = assertInstanceOf(SipPassword.class, lastSignalling());
        assertEquals(SipPassword.SET, set.op);
        assertEquals("pippin", set.realm);
        fromRelay(new Result(Wire.SIP_PASSWORD, Wire.RESULT_OK, new byte[0], "pippin"));
        assertTrue(ui.contains("result SIP_PASSWORD 1001 OK"), ui.toString());
        assertEquals("sip-password 1001 OK", log.events.get(1));
        String text = texts.get(texts.size() - 1);
        java.util.regex.Matcher m = java.util.regex.Pattern.compile("([a-z2-9]{4}-){3}[a-z2-9]{4}").matcher(text);
        assertTrue(m.find(), text);
        String password = m.group();
        assertArrayEquals(java.security.MessageDigest.getInstance("MD5")
                .digest(("1001:pippin:" + password).getBytes("UTF-8")), set.ha1(), "HA1 of the password shown");
        assertTrue(!Arrays.toString(set.ha1()).contains(password), "the password itself is not sent");

        assertTrue(engine.sipPassword("1001", true));
        fromRelay(new Result(Wire.SIP_PASSWORD, Wire.RESULT_SIP_REALM, new byte[0], "pippin"));
        SipPassword again = assertInstanceOf(SipPassword.class, lastSignalling());
        assertTrue(!Arrays.equals(set.ha1(), again.ha1()), "a fresh password each time");
        fromRelay(new Result(Wire.SIP_PASSWORD, Wire.RESULT_UNAVAILABLE, new byte[0], "no SIP side"));
        assertEquals("sip-password 1001 UNAVAILABLE", log.events.get(2));

        assertTrue(engine.sipPassword("1001", false));
        assertEquals(SipPassword.CLEAR, assertInstanceOf(SipPassword.class, lastSignalling()).op);
        fromRelay(new Result(Wire.SIP_PASSWORD, Wire.RESULT_OK, new byte[0], "pippin"));
        assertEquals("SIP password of 1001 removed", texts.get(texts.size() - 1));
    }

    @Test
    void aFullRelaysRedirectMovesThePhoneAndPlacesTheCallAgainThere() throws Exception {
        registered("1001");
        FakeTransports.Fake first = net.last();
        engine.dial("2002", false);
        Invite inv = assertInstanceOf(Invite.class, lastSignalling());
        fromRelay(new Redirect(inv.callId, Wire.REJECT_RELAY_FULL, "r9.example:7070"));
        String id = Wire.callIdHex(inv.callId);
        assertTrue(log.events.contains("redirected " + id + " RELAY_FULL r9.example:7070"), log.events::toString);
        assertTrue(ui.contains("ended Relay full: moving to r9.example:7070 to call 2002 again"), ui::toString);
        assertTrue(first.closed, "the full relay's connection is closed");
        assertEquals("r9.example:7070", net.last().host + ":" + net.last().port);
        assertEquals(Engine.NO_CALL, engine.callState());

        login("1001");
        assertTrue(log.events.contains("redial 2002 via r9.example:7070"), log.events::toString);
        Invite again = assertInstanceOf(Invite.class, lastSignalling());
        assertEquals("2002", again.callee);
        assertEquals("1001", again.caller, "not anonymous, as first dialled");
        assertTrue(again.callId != inv.callId);
        assertEquals(Engine.OUTGOING, engine.callState());

        // Redirected again: no second hop, the call ends as the relay being full.
        fromRelay(new Redirect(again.callId, Wire.REJECT_RELAY_FULL, "r8.example:7070"));
        assertEquals(Engine.NO_CALL, engine.callState());
        assertTrue(log.events.contains("rejected " + Wire.callIdHex(again.callId)
                + " RELAY_FULL redirect-refused r8.example:7070"), log.events::toString);
        assertEquals("r9.example:7070", net.last().host + ":" + net.last().port, "stays where it is");
    }

    @Test
    void aRedirectForAnotherCallOrToTheSameRelayDoesNotMoveThePhone() throws Exception {
        registered("1001");
        FakeTransports.Fake first = net.last();
        engine.dial("2002", true);
        Invite inv = assertInstanceOf(Invite.class, lastSignalling());
        fromRelay(new Redirect(inv.callId + 1, Wire.REJECT_RELAY_FULL, "r9.example:7070"));
        assertEquals(Engine.OUTGOING, engine.callState(), "not this call's");
        fromRelay(new Redirect(inv.callId, Wire.REJECT_RELAY_FULL, "relay.example:7070"));
        assertEquals(Engine.NO_CALL, engine.callState());
        assertTrue(ui.contains("ended Relay is full, try later"), ui::toString);
        assertTrue(!first.closed);
    }

    @Test
    void everyLinkOutcomeHasItsOwnText() {
        int[] outcomes = {Wire.RESULT_OK, Wire.RESULT_NOT_OWNER, Wire.RESULT_BAD_SIGNATURE, Wire.RESULT_STALE,
            Wire.RESULT_UNAVAILABLE, Wire.RESULT_LINK_CODE_WRONG, Wire.RESULT_LINK_NO_CODE,
            Wire.RESULT_LINK_TOO_MANY, Wire.RESULT_LINK_NOT_ALLOWED, Wire.RESULT_LINK_NO_TRUNK};
        java.util.Set<String> texts = new java.util.HashSet<>();
        for (int outcome : outcomes) {
            String t = Engine.linkText(outcome, Wire.resultName(outcome));
            assertTrue(!t.startsWith("Not done"), Wire.resultName(outcome) + " has a text of its own");
            texts.add(t);
        }
        assertEquals(outcomes.length, texts.size());
        assertEquals("Not done: MALFORMED", Engine.linkText(Wire.RESULT_MALFORMED, "MALFORMED"));
    }

    @Test
    void callerProvesItsNumberAndSealsVoiceWithTheCalleesKeys() throws Exception {
        engine("Pippin-Codec", "pcmu", "Pippin-Ptime", "20");
        registered("1001");
        engine.dial("2002", false);
        Invite inv = assertInstanceOf(Invite.class, lastSignalling());
        assertEquals("1001", inv.caller);
        byte[] p = inv.proof();
        CallerIdProof proof = CallerIdProof.decode(p, 0, p.length);
        assertEquals("1001", proof.caller);
        assertEquals("2002", proof.callee);
        assertTrue(proof.verify(key.publicKey()));
        byte[] s = inv.keyShare();
        KeyShare callerShare = KeyShare.decode(s, 0, s.length);
        assertTrue(callerShare.verify(key.publicKey()));
        assertArrayEquals(proof.nonce(), callerShare.callNonce(), "the share is bound to this call's nonce");

        // The callee's side, as another phone would do it.
        IdentityKey callee = IdentityKey.fromSecret(bytes(32, 11));
        EphemeralKey eph = EphemeralKey.generate(new Drbg(bytes(32, 12)));
        KeyShare calleeShare = KeyShare.sign(callee, KeyShare.CALLEE, "1001", "2002", callerShare.callNonce(),
                clock.nowMillis() / 1000, eph);
        VoiceKeys keys = VoiceKeys.derive(eph, callerShare, calleeShare, KeyShare.CALLEE);
        fromRelay(new Answer(inv.callId, Wire.CODEC_PCMU, 20, 9, calleeShare.encode(), record("2002", callee)));
        String id = Wire.callIdHex(inv.callId);
        assertEquals("answered " + id + " PCMU 20 e2e", log.events.get(log.events.size() - 1));
        assertTrue(ui.contains("started 2002 true"), ui::toString);

        runFor(100, 10);
        byte[] sent = net.last().sent.get(net.last().sent.size() - 1);
        assertEquals(4 + 160 + 4, sent.length, "sealed: 4 tag bytes after the codec frame");
        byte[] copy = sent.clone();
        assertEquals(4 + 160, keys.receive.open(copy, 0, copy.length), "the callee opens it");

        // Voice from the callee: one genuine packet, one forged.
        byte[] pkt = new byte[4 + 160 + 4];
        VoicePacket.writeHeader(pkt, 0, 9, 100);
        assertEquals(pkt.length, keys.send.seal(pkt, 0, 4 + 160));
        engine.onReceive(net.last(), pkt, pkt.length);
        byte[] forged = new byte[4 + 160 + 4];
        VoicePacket.writeHeader(forged, 0, 9, 101);
        engine.onReceive(net.last(), forged, forged.length);
        engine.hangup();
        assertEquals("audio-stats " + id + " sent=6 received=1 lost=0 late=0 forged=1",
                log.events.get(log.events.size() - 2));
    }

    @Test
    void calleeShowsTheVerifiedCallerAndAnswersWithItsOwnShare() throws Exception {
        engine("Pippin-Auto-Answer", "answer", "Pippin-Codec", "pcmu", "Pippin-Ptime", "20");
        registered("2002");
        IdentityKey caller = IdentityKey.fromSecret(bytes(32, 13));
        byte[] nonce = bytes(8, 1);
        long now = clock.nowMillis() / 1000;
        CallerIdProof proof = CallerIdProof.sign(caller, "1001", "2002", now, nonce);
        EphemeralKey eph = EphemeralKey.generate(new Drbg(bytes(32, 14)));
        KeyShare callerShare = KeyShare.sign(caller, KeyShare.CALLER, "1001", "2002", nonce, now, eph);
        fromRelay(new Invite(0x77, "1001", "2002", 1 << Wire.CODEC_PCMU, 20, 5, proof.encode(),
                callerShare.encode(), record("1001", caller)));
        assertEquals("incoming 00000077 1001 verified e2e", log.events.get(1));
        Answer a = assertInstanceOf(Answer.class, lastSignalling());
        byte[] s = a.keyShare();
        KeyShare calleeShare = KeyShare.decode(s, 0, s.length);
        assertTrue(calleeShare.verify(key.publicKey()));
        assertTrue(calleeShare.sameCall(callerShare));
        VoiceKeys keys = VoiceKeys.derive(eph, callerShare, calleeShare, KeyShare.CALLER);
        runFor(20, 10);
        byte[] sent = net.last().sent.get(net.last().sent.size() - 1).clone();
        assertEquals(4 + 160, keys.receive.open(sent, 0, sent.length));
    }

    @Test
    void anonymousCallerShowsAsAnonymousAndIsNotEndToEnd() throws Exception {
        engine("Pippin-Auto-Answer", "answer");
        registered("2002");
        CallerIdProof anon = CallerIdProof.anonymous("2002", clock.nowMillis() / 1000, bytes(8, 2));
        fromRelay(new Invite(0x78, "", "2002", 2, 100, 5, anon.encode(), new byte[0]));
        assertEquals("incoming 00000078 anonymous anonymous clear", log.events.get(1));
        Answer a = assertInstanceOf(Answer.class, lastSignalling());
        assertEquals(0, a.keyShareLength());
        assertEquals("answered 00000078 GSM 100 clear", log.events.get(2));
    }

    @Test
    void anonymousCallSendsAnUnsignedStatementAndNoKeyShare() throws Exception {
        registered("1001");
        engine.dial("2002", true);
        Invite inv = assertInstanceOf(Invite.class, lastSignalling());
        assertEquals("", inv.caller);
        byte[] p = inv.proof();
        assertTrue(CallerIdProof.decode(p, 0, p.length).isAnonymous());
        assertEquals(0, inv.keyShareLength());
        assertTrue(log.events.get(1).endsWith(" 2002 from=anonymous"), log.events::toString);
    }

    /** The registrar's record that {@code owner} owns {@code number}, as a relay attaches it to a call. */
    private byte[] record(String number, IdentityKey owner) {
        long now = clock.nowMillis() / 1000;
        return RegistrarRecord.owned(registrar, number, owner.publicKey(), now - 60, now).encode();
    }

    /** An INVITE from 1001 to this phone (2002) whose proof and share {@code signer} signed, with {@code record}. */
    private void inviteSignedBy(IdentityKey signer, byte[] record) {
        byte[] nonce = bytes(8, 1);
        long now = clock.nowMillis() / 1000;
        CallerIdProof proof = CallerIdProof.sign(signer, "1001", "2002", now, nonce);
        EphemeralKey eph = EphemeralKey.generate(new Drbg(bytes(32, 14)));
        KeyShare share = KeyShare.sign(signer, KeyShare.CALLER, "1001", "2002", nonce, now, eph);
        fromRelay(new Invite(0x79, "1001", "2002", 1 << Wire.CODEC_PCMU, 20, 5, proof.encode(), share.encode(),
                record));
    }

    @Test
    void callerIdForgedByARelayShowsUnverifiedAndTheCallIsNotEndToEnd() throws Exception {
        engine("Pippin-Auto-Answer", "answer", "Pippin-Codec", "pcmu", "Pippin-Ptime", "20");
        registered("2002");
        IdentityKey owner = IdentityKey.fromSecret(bytes(32, 13));
        IdentityKey relay = IdentityKey.fromSecret(bytes(32, 15));
        inviteSignedBy(relay, record("1001", owner));
        assertEquals("incoming 00000079 1001 unverified clear", log.events.get(1));
        Answer a = assertInstanceOf(Answer.class, lastSignalling());
        assertEquals(0, a.keyShareLength(), "no voice keys from a share the owner did not sign");
        assertEquals("answered 00000079 PCMU 20 clear", log.events.get(2));
    }

    @Test
    void recordFromAnUntrustedRegistrarShowsUnverified() throws Exception {
        engine("Pippin-Auto-Answer", "answer", "Pippin-Codec", "pcmu", "Pippin-Ptime", "20");
        registered("2002");
        IdentityKey owner = IdentityKey.fromSecret(bytes(32, 13));
        IdentityKey otherRegistrar = IdentityKey.fromSecret(bytes(32, 16));
        long now = clock.nowMillis() / 1000;
        inviteSignedBy(owner, RegistrarRecord.owned(otherRegistrar, "1001", owner.publicKey(), now, now).encode());
        assertEquals("incoming 00000079 1001 unverified clear", log.events.get(1));
        assertEquals(0, assertInstanceOf(Answer.class, lastSignalling()).keyShareLength());
    }

    @Test
    void recordOfAnotherNumberOrMissingShowsUnverified() throws Exception {
        engine("Pippin-Auto-Answer", "answer", "Pippin-Codec", "pcmu", "Pippin-Ptime", "20");
        registered("2002");
        IdentityKey owner = IdentityKey.fromSecret(bytes(32, 13));
        inviteSignedBy(owner, record("1003", owner));
        assertEquals("incoming 00000079 1001 unverified clear", log.events.get(1));
        engine.hangup();
        inviteSignedBy(owner, new byte[0]);
        assertTrue(log.events.contains("incoming 00000079 1001 unverified clear"), log.events::toString);
    }

    @Test
    void calleeKeyShareSwappedByARelayEndsTheCallBeforeAnyVoice() throws Exception {
        engine("Pippin-Codec", "pcmu", "Pippin-Ptime", "20");
        registered("1001");
        engine.dial("2002", false);
        Invite inv = assertInstanceOf(Invite.class, lastSignalling());
        byte[] s = inv.keyShare();
        KeyShare callerShare = KeyShare.decode(s, 0, s.length);
        IdentityKey callee = IdentityKey.fromSecret(bytes(32, 11));
        IdentityKey relay = IdentityKey.fromSecret(bytes(32, 15));
        KeyShare swapped = KeyShare.sign(relay, KeyShare.CALLEE, "1001", "2002", callerShare.callNonce(),
                clock.nowMillis() / 1000, EphemeralKey.generate(new Drbg(bytes(32, 12))));
        int before = net.last().sent.size();
        fromRelay(new Answer(inv.callId, Wire.CODEC_PCMU, 20, 9, swapped.encode(), record("2002", callee)));
        String id = Wire.callIdHex(inv.callId);
        assertEquals("keys-refused " + id, log.events.get(log.events.size() - 1));
        assertTrue(ui.stream().anyMatch(u -> u.contains("do not verify")), ui::toString);
        Bye bye = assertInstanceOf(Bye.class, lastSignalling());
        assertEquals(inv.callId, bye.callId);
        runFor(200, 10);
        for (byte[] b : net.last().sent.subList(before, net.last().sent.size())) {
            assertTrue(!VoicePacket.isVoice(b, 0), "no voice after refused keys");
        }
        assertTrue(!ui.contains("started 2002 true") && !ui.contains("started 2002 false"), ui::toString);
    }

    @Test
    void keptRegistrarKeysWinOverAChallengesKeys() throws Exception {
        owned = new String[] {"2002"};
        engine("Pippin-Auto-Answer", "answer", "Pippin-Codec", "pcmu", "Pippin-Ptime", "20");
        IdentityKey kept = IdentityKey.fromSecret(bytes(32, 17));
        engine.trustRegistrars(new byte[][] {kept.publicKey()});
        engine.connect();
        engine.tick();
        login("2002");
        assertTrue(!ui.contains("trusted 1"), "the CHALLENGE's keys are not taken on trust: " + ui);
        IdentityKey owner = IdentityKey.fromSecret(bytes(32, 13));
        inviteSignedBy(owner, record("1001", owner));
        assertEquals("incoming 00000079 1001 unverified clear", log.events.get(1),
                "a record of the CHALLENGE's registrar, not the kept one");
    }

    @Test
    void theFirstChallengesKeysAreHandedOnToBeKept() throws Exception {
        registered("1001");
        assertTrue(ui.contains("trusted 1"), ui::toString);
    }

    // ---- relay choice ----------------------------------------------------------------------------------------

    private static final String R1 = "relay.example:7070";
    private static final String R2 = "r2.example:7071";
    private static final String R3 = "r3.example:7072";

    private FakeTransports.Fake openedTo(String address, int from) {
        for (int i = net.opened.size() - 1; i >= from; i--) {
            FakeTransports.Fake f = net.opened.get(i);
            if ((f.host + ":" + f.port).equals(address)) {
                return f;
            }
        }
        throw new AssertionError("nothing opened to " + address);
    }

    private void probeReply(FakeTransports.Fake t, long spare, int free) throws ProtocolException {
        Probe p = assertInstanceOf(Probe.class, sentFrames(t).get(0));
        assertEquals(ProbeReply.SIZE, t.sent.get(0).length, "PROBE padded to its reply's size");
        byte[] b = FrameCodec.encode(new ProbeReply(p.nonce(), spare, free));
        engine.onProbeReceive(t, b, b.length);
    }

    /** Seeds R1, R2, R3 probed at once: R3 answers first, R2 next, R1 is full; the phone takes R3, keeps R2. */
    private void chooseR3() throws Exception {
        engine("Pippin-Relays", R2 + ", " + R3 + ", bad-entry");
        engine.connect();
        engine.tick();
        assertEquals(3, net.opened.size());
        assertTrue(ui.contains("probing 3"), ui::toString);
        assertTrue(ui.contains("status Choosing a relay..."), ui::toString);
        FakeTransports.Fake p1 = openedTo(R1, 0);
        FakeTransports.Fake p2 = openedTo(R2, 0);
        FakeTransports.Fake p3 = openedTo(R3, 0);
        clock.advance(40);
        probeReply(p3, 480, 10);
        clock.advance(60);
        probeReply(p2, 900, 10);
        probeReply(p1, 0, 10);
        engine.tick();
        assertTrue(p1.closed && p2.closed && p3.closed, "probe sockets closed once every relay answered");
        assertEquals(List.of("probe " + R3 + " rtt=40 spare=480 free=10", "probe " + R2 + " rtt=100 spare=900 free=10",
                "probe " + R1 + " rtt=100 spare=0 free=10", "relay-chosen " + R3 + " fallback=" + R2 + " of 3"),
                log.events);
        assertEquals(R3, net.last().host + ":" + net.last().port);
        assertInstanceOf(Hello.class, lastSignalling());
    }

    @Test
    void probesTheSeedsAndAttachesToTheQuickestWithRoom() throws Exception {
        chooseR3();
        login("1001");
        assertEquals("registered 1001 udp", log.events.get(4));
        assertInstanceOf(Relays.class, sentFrames(net.last()).stream().filter(f -> !(f instanceof Ack))
                .reduce((a, b) -> b).get(), "the relay list is asked for once logged in");
    }

    @Test
    void aProbeLostOnTheWayIsSentOnceMoreAndSilentRelaysAreLeftOut() throws Exception {
        engine("Pippin-Relays", R2);
        engine.connect();
        engine.tick();
        FakeTransports.Fake p1 = openedTo(R1, 0);
        FakeTransports.Fake p2 = openedTo(R2, 0);
        runFor(ProbeRound.RESEND_MS, 100);
        assertEquals(2, p1.sent.size());
        assertEquals(2, p2.sent.size());
        clock.advance(200);
        probeReply(p2, 100, 1);
        runFor(ProbeRound.WAIT_MS, 100);
        assertTrue(log.events.contains("probe " + R2 + " rtt=1200 spare=100 free=1"), log.events::toString);
        assertTrue(log.events.contains("relay-chosen " + R2 + " fallback=- of 1"), log.events::toString);
        assertTrue(p1.closed);
    }

    @Test
    void failsOverToTheFallbackWhenItsRelayGoesQuietAndProbesForANewOne() throws Exception {
        chooseR3();
        login("1001");
        FakeTransports.Fake onR3 = net.last();
        int before = net.opened.size();
        // The relay dies: the KEEPALIVE at 25 s and its two resends go unanswered.
        runFor(25_000 + 3 * Engine.ECHO_WAIT_MS, 500);
        assertTrue(onR3.closed);
        assertTrue(log.events.contains("error relay lost: no answer to 3 KEEPALIVEs in 9000 ms"), log.events::toString);
        assertTrue(log.events.contains("failover " + R3 + " " + R2), log.events::toString);
        assertEquals(before + 1, net.opened.size(), "straight to the fallback, no probing first");
        assertEquals(R2, net.last().host + ":" + net.last().port);
        clock.advance(300);
        login("1001");
        String last = log.events.get(log.events.size() - 1);
        assertEquals("reattached " + R2 + " 9300", last);
        // R2 lists the network; the phone keeps it and probes for a new fallback (not R2, where it is).
        fromRelay(new RelayList(new String[] {R2, R1, "r4.example:7070"}, new long[] {900, 700, 400}));
        assertEquals(1, stored.size());
        RelayBook kept = new RelayBook();
        kept.merge(stored.get(0));
        assertEquals(4, kept.size());
        assertEquals(700, kept.spareKbps(kept.indexOf(R1)));
        FakeTransports.Fake p4 = openedTo("r4.example:7070", before + 1);
        FakeTransports.Fake p1 = openedTo(R1, before + 1);
        FakeTransports.Fake p3 = openedTo(R3, before + 1);
        assertEquals(before + 4, net.opened.size(), "R1, R3 and R4 probed, not R2");
        clock.advance(30);
        probeReply(p4, 400, 5);
        clock.advance(50);
        probeReply(p1, 700, 5);
        runFor(ProbeRound.WAIT_MS, 500);
        assertTrue(p3.closed);
        assertTrue(log.events.contains("fallback r4.example:7070"), log.events::toString);
    }

    @Test
    void withNoProbeAnsweredEachRelaysLadderIsWalkedAndTheListAskedForOverHttp() throws Exception {
        engine("Pippin-Relays", R2, "MIDlet-Jar-URL", "http://relay.example:8070/pippin.jar");
        engine.knownRelays(null);
        assertTrue(ui.contains("fetch http://relay.example:8070/relays.xml"), ui::toString);
        engine.relaysFetched(null, null, "HTTP 404");
        engine.connect();
        engine.tick();
        runFor(ProbeRound.WAIT_MS, 100);
        assertTrue(log.events.contains("probe-unanswered 2"), log.events::toString);
        assertEquals(2, ui.stream().filter(u -> u.startsWith("fetch ")).count(), "asked again: UDP may be blocked");
        // R1's ladder: UDP, then TCP on its port.
        assertEquals(R1, net.last().host + ":" + net.last().port);
        assertEquals(Transport.UDP, net.last().kind);
        runFor(Engine.UDP_REGISTER_WAIT_MS, 100);
        assertEquals(Transport.TCP, net.last().kind);
        assertEquals(R1, net.last().host + ":" + net.last().port);
        runFor(Engine.TCP_REGISTER_WAIT_MS, 100);
        // Then R2's, from UDP again.
        assertEquals(R2, net.last().host + ":" + net.last().port);
        assertEquals(Transport.UDP, net.last().kind);
        engine.relaysFetched(new String[] {"r9.example:7070"}, new long[] {64}, null);
        assertEquals(1, stored.size());
    }

    @Test
    void storedRelaysAreProbedWithTheSeeds() throws Exception {
        RelayBook earlier = new RelayBook();
        earlier.put(R3, 300);
        earlier.put("full.example:7070", 0);
        engine("Pippin-Relays", R2, "MIDlet-Jar-URL", "http://relay.example:8070/pippin.jar");
        engine.knownRelays(earlier.encode());
        assertTrue(ui.stream().noneMatch(u -> u.startsWith("fetch ")), "a phone that knows relays asks no web face");
        engine.connect();
        engine.tick();
        assertTrue(ui.contains("probing 3"), ui::toString);
        openedTo(R3, 0);
        assertTrue(net.opened.stream().noneMatch(f -> "full.example".equals(f.host)), "a full relay is not probed");
    }

    @Test
    void relaysThatSayTheyAreFullAreStillTriedWhenNoneHasRoom() throws Exception {
        engine("Pippin-Relays", R2);
        engine.connect();
        engine.tick();
        probeReply(openedTo(R1, 0), 0, 10);
        probeReply(openedTo(R2, 0), 500, 0);
        engine.tick();
        assertTrue(log.events.contains("probe-no-room 2"), log.events::toString);
        assertEquals(R1, net.last().host + ":" + net.last().port, "the first of the book, full or not");
        assertInstanceOf(Hello.class, lastSignalling());
    }

    @Test
    void relaysFetchedWhileWaitingToRetryAreTriedAtOnce() throws Exception {
        engine("Pippin-Relays-Url", "http://relay.example:8070/relays.xml", "Pippin-Transport", "udp");
        engine.connect();
        engine.tick();
        // Six HELLOs over 31 s unanswered: the only relay failed, the next try is RETRY_MS away.
        runFor(32_000, 100);
        assertTrue(log.events.contains("error relay unreachable: no CHALLENGE after 6 HELLOs"), log.events::toString);
        assertTrue(ui.contains("fetch http://relay.example:8070/relays.xml"), ui::toString);
        int opened = net.opened.size();
        engine.relaysFetched(new String[] {R3}, new long[] {300}, null);
        engine.tick();
        assertTrue(ui.contains("probing 2"), ui::toString);
        assertEquals(opened + 2, net.opened.size(), "R1 and R3 probed without waiting out the retry");
    }
}
