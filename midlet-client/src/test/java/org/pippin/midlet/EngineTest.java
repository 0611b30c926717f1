package org.pippin.midlet;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;
import org.pippin.protocol.Ack;
import org.pippin.protocol.Answer;
import org.pippin.protocol.Bye;
import org.pippin.protocol.ErrorFrame;
import org.pippin.protocol.Frame;
import org.pippin.protocol.FrameCodec;
import org.pippin.protocol.Invite;
import org.pippin.protocol.Keepalive;
import org.pippin.protocol.ProtocolException;
import org.pippin.protocol.Register;
import org.pippin.protocol.Registered;
import org.pippin.protocol.Reject;
import org.pippin.protocol.Result;
import org.pippin.protocol.Ringing;
import org.pippin.protocol.VmAnswer;
import org.pippin.protocol.VmAudio;
import org.pippin.protocol.VmDelete;
import org.pippin.protocol.VmFetch;
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
    private int relayMessageId = 100;
    private Engine engine;

    private Engine engine(String... attrs) {
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
            public void incoming(int callId, String caller) {
                ui.add("incoming " + caller);
            }

            @Override
            public void callStarted(int callId, String peer, int codec, int ptime, int transport) {
                ui.add("started " + peer);
            }

            @Override
            public void callProgress(int callId, int seconds) {
                ui.add("progress " + seconds);
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
            public void stopped() {
                ui.add("stopped");
            }
        }, 42);
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

    private void registered(String number) throws ProtocolException {
        engine.register(number, new byte[] {1, 2, 3, 4, 5, 6, 7, 8});
        engine.tick();
        fromRelay(new Registered(number, 25));
        ackAll();
    }

    @Test
    void registersOverUdpAndKeepsAlive() throws Exception {
        engine();
        engine.register("1001", new byte[] {9, 9, 9, 9, 9, 9, 9, 9});
        assertEquals(0, engine.tick() > 0 ? 0 : 1, "waits for REGISTER's retransmission deadline");
        Register r = assertInstanceOf(Register.class, lastSignalling());
        assertEquals("1001", r.number);
        assertEquals(Transport.UDP, net.last().kind);
        fromRelay(new Registered("1001", 20));
        assertEquals(List.of("registered 1001 udp"), log.events);

        clock.advance(20_000);
        engine.tick();
        assertInstanceOf(Keepalive.class, lastSignalling());
    }

    @Test
    void fallsBackToTcpWhenUdpRegisterGetsNoAnswer() throws Exception {
        engine();
        engine.register("1001", new byte[] {9, 9, 9, 9, 9, 9, 9, 9});
        runFor(Engine.UDP_REGISTER_WAIT_MS - 100, 100);
        assertEquals(1, net.opened.size());
        assertEquals(3, sentFrames(net.last()).size(), "three REGISTER sends over UDP (0, 1, 3 s)");
        runFor(200, 100);
        assertEquals(2, net.opened.size());
        assertTrue(net.opened.get(0).closed);
        assertEquals(Transport.TCP, net.last().kind);
        assertInstanceOf(Register.class, lastSignalling());
        fromRelay(new Registered("1001", 25));
        assertEquals(List.of("registered 1001 tcp"), log.events);
    }

    @Test
    void silentTcpRelayIsRetriedFromUdp() throws Exception {
        engine();
        engine.register("1001", new byte[] {9, 9, 9, 9, 9, 9, 9, 9});
        runFor(Engine.UDP_REGISTER_WAIT_MS, 100);
        assertEquals(Transport.TCP, net.last().kind);
        runFor(Engine.TCP_REGISTER_WAIT_MS, 100);
        assertEquals(List.of("error relay unreachable: no answer to REGISTER over TCP for 15000 ms"), log.events);
        assertTrue(net.last().closed);
        runFor(Engine.RETRY_MS, 100);
        assertEquals(3, net.opened.size());
        assertEquals(Transport.UDP, net.last().kind);
    }

    @Test
    void blockedCarrierEndsOnTheFallbackPort() throws Exception {
        engine("Pippin-Fallback-Ports", "443, 8443");
        engine.register("1001", new byte[] {9, 9, 9, 9, 9, 9, 9, 9});
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
        assertInstanceOf(Register.class, lastSignalling());
        fromRelay(new Registered("1001", 25));
        assertEquals(List.of("registered 1001 tcp:443"), log.events);
        assertTrue(log.infos.contains("no answer to REGISTER over TCP for 15000 ms; trying tcp:443"),
                log.infos::toString);
    }

    @Test
    void refusedConnectionMovesOnAtOnceAndTheLastRungEndsInARetry() throws Exception {
        engine("Pippin-Fallback-Ports", "443");
        net.refusedTcpPorts.add(7070);
        engine.register("1001", new byte[] {9, 9, 9, 9, 9, 9, 9, 9});
        runFor(Engine.UDP_REGISTER_WAIT_MS, 100);
        assertEquals(2, net.opened.size(), "UDP, then straight to TCP 443");
        assertEquals(443, net.last().port);
        runFor(Engine.TCP_REGISTER_WAIT_MS, 100);
        assertEquals(List.of("error relay unreachable: no answer to REGISTER over TCP:443 for 15000 ms"), log.events);
        runFor(Engine.RETRY_MS, 100);
        assertEquals(Transport.UDP, net.last().kind, "the ladder starts again from UDP");
    }

    @Test
    void refusedUdpSendMovesOnAtOnce() throws Exception {
        engine("Pippin-Fallback-Ports", "443");
        net.udpSendsRefused = true;
        engine.register("1001", new byte[] {9, 9, 9, 9, 9, 9, 9, 9});
        engine.tick();
        assertEquals(2, net.opened.size());
        assertTrue(net.opened.get(0).closed);
        assertEquals(Transport.TCP, net.last().kind);
        assertEquals(7070, net.last().port);
        assertInstanceOf(Register.class, lastSignalling());
        assertTrue(log.events.isEmpty(), log.events::toString);
        assertEquals("udp to the relay failed (sending REGISTER failed: Operation not permitted); trying tcp",
                log.infos.get(log.infos.size() - 2));
    }

    @Test
    void tcpModeUsesTheFallbackPortsToo() throws Exception {
        engine("Pippin-Transport", "tcp", "Pippin-Fallback-Ports", "443");
        engine.register("1001", new byte[] {9, 9, 9, 9, 9, 9, 9, 9});
        engine.tick();
        assertEquals(Transport.TCP, net.last().kind);
        assertEquals(7070, net.last().port);
        runFor(Engine.TCP_REGISTER_WAIT_MS, 100);
        assertEquals(443, net.last().port);
    }

    @Test
    void regionRefusalIsFinalAndExplained() throws Exception {
        engine();
        engine.register("1001", new byte[] {9, 9, 9, 9, 9, 9, 9, 9});
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
        engine.register("1001", new byte[] {9, 9, 9, 9, 9, 9, 9, 9});
        runFor(20_000, 100);
        assertEquals(1, net.opened.size());
    }

    @Test
    void detectsSilentRelayAndRegistersAgain() throws Exception {
        engine();
        registered("1001");
        runFor(3 * 25_000 - 1000, 1000);
        assertTrue(log.events.stream().noneMatch(e -> e.startsWith("error")));
        runFor(2000, 1000);
        assertEquals("error relay lost: nothing heard for 75000 ms", log.events.get(1));
        assertTrue(net.opened.get(0).closed);
        runFor(Engine.RETRY_MS, 1000);
        assertEquals(2, net.opened.size());
        assertInstanceOf(Register.class, lastSignalling());
    }

    @Test
    void refusedRegistrationIsReported() throws Exception {
        engine();
        engine.register("1001", new byte[] {9, 9, 9, 9, 9, 9, 9, 9});
        engine.tick();
        fromRelay(new ErrorFrame(Wire.ERR_AUTH_FAILED, "wrong secret"));
        assertEquals(List.of("register-failed AUTH_FAILED"), log.events);
        assertEquals(Engine.IDLE, engine.state());
        runFor(60_000, 1000);
        assertEquals(1, net.opened.size(), "no retry with a secret the relay refused");
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
        assertEquals(List.of("registered 1002 udp", "incoming cafe0001 1001", "answered cafe0001 GSM 100"),
                log.events);

        runFor(1000, 10);
        int voice = net.last().voiceCount() - before;
        assertEquals(11, voice, "one packet at 0 ms and every 100 ms after");
        byte[] p = net.last().sent.get(net.last().sent.size() - 1);
        assertEquals(4 + 5 * 33, p.length);
        assertEquals(7, VoicePacket.channel(p, 0));
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
        assertEquals("audio-stats 00000005 sent=0 received=5 lost=0 late=1",
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
        assertEquals("", inv.caller);
        assertEquals(1 << Wire.CODEC_GSM, inv.codecMask);
        String id = Wire.callIdHex(inv.callId);
        assertEquals("dialing " + id + " 1002", log.events.get(1));
        fromRelay(new Ringing(inv.callId));
        fromRelay(new Answer(inv.callId, Wire.CODEC_GSM, 100, 9));
        assertEquals("answered " + id + " GSM 100", log.events.get(3));

        // 8000 samples = 1 s of audio = 10 packets, then silence for the 1 s tail, then BYE.
        runFor(1900, 10);
        assertTrue(log.events.size() == 4, "still in the call: " + log.events);
        runFor(300, 10);
        assertInstanceOf(Bye.class, lastSignalling());
        assertEquals("audio-stats " + id + " sent=21 received=0 lost=0 late=0", log.events.get(4));
        assertEquals("ended " + id + " NORMAL local", log.events.get(5));
        assertTrue(audio.sourceClosed);
    }

    @Test
    void voicemailAnswerIsACallShownAsNotEndToEnd() throws Exception {
        engine();
        registered("1001");
        engine.dial("1002");
        Invite inv = assertInstanceOf(Invite.class, lastSignalling());
        String id = Wire.callIdHex(inv.callId);
        fromRelay(new VmAnswer(inv.callId, Wire.CODEC_GSM, 100, 9, Wire.REJECT_NO_ANSWER));
        assertEquals("voicemail " + id + " NO_ANSWER", log.events.get(log.events.size() - 2));
        assertEquals("answered " + id + " GSM 100", log.events.get(log.events.size() - 1));
        assertEquals("started 1002 (voicemail: relay answered, not end-to-end)", ui.get(ui.size() - 1));
        assertEquals(Engine.ACTIVE, engine.callState());
    }

    @Test
    void waitingMessageIsListedFetchedInWindowsPlayedAndDeleted() throws Exception {
        engine("Pippin-Auto-Voicemail", "play-delete");
        Mailbox mailbox = new Mailbox(engine, audio, log, Settings.VOICEMAIL_PLAY_DELETE);
        engine.setMailbox(mailbox);
        registered("1001");
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

    @Test
    void rejectedCallIsReported() throws Exception {
        engine();
        registered("1001");
        engine.dial("1003");
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
        engine.dial("+14155550100");
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
}
