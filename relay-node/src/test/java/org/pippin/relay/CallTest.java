package org.pippin.relay;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.pippin.protocol.Answer;
import org.pippin.protocol.Bye;
import org.pippin.protocol.Dtmf;
import org.pippin.protocol.Invite;
import org.pippin.protocol.Keepalive;
import org.pippin.protocol.Reject;
import org.pippin.protocol.Ringing;
import org.pippin.protocol.VoicePacket;
import org.pippin.protocol.Wire;

/** Calls through a real relay on 127.0.0.1: set-up, voice, teardown and every refusal. */
class CallTest {

    static final byte[] SECRET_A = "secret-of-a".getBytes(StandardCharsets.US_ASCII);
    static final byte[] SECRET_B = "secret-of-b".getBytes(StandardCharsets.US_ASCII);
    static final byte[] SECRET_C = "secret-of-c".getBytes(StandardCharsets.US_ASCII);
    /** GSM at 100 ms: five 33-byte frames. */
    static final int GSM_100MS = 5 * 33;

    @TempDir
    Path dir;
    RelayFixture relay;

    @BeforeEach
    void start() throws Exception {
        relay = new RelayFixture(dir);
    }

    @AfterEach
    void stop() throws Exception {
        relay.close();
    }

    /** A calls B; B rings and answers. Returns {A's channel, B's channel}. */
    static int[] connect(TestPhone a, TestPhone b, int callId, String calleeNumber, String callerNumber)
            throws Exception {
        a.send(new Invite(callId, "", calleeNumber, TestPhone.GSM, 100, 0));
        Invite in = b.expect(Invite.class);
        assertEquals(callId, in.callId);
        assertEquals(callerNumber, in.caller);
        assertEquals(calleeNumber, in.callee);
        assertTrue(in.channel > 0, "callee channel " + in.channel);
        b.send(new Ringing(callId));
        assertEquals(callId, a.expect(Ringing.class).callId);
        b.send(new Answer(callId, Wire.CODEC_GSM, 100, 0));
        Answer ans = a.expect(Answer.class);
        assertEquals(Wire.CODEC_GSM, ans.codec);
        assertEquals(100, ans.ptimeMs);
        assertTrue(ans.channel > 0, "caller channel " + ans.channel);
        assertNotEquals(in.channel, ans.channel);
        return new int[] {ans.channel, in.channel};
    }

    /**
     * Keys the callee pressed the moment it answered, arriving before its ANSWER (lost, then retransmitted), reach the
     * caller after the ANSWER, in order, at most {@link Leg#MAX_KEYS_BEFORE_ANSWER}; the caller's keys before the
     * answer are dropped (a caller hears the ANSWER first: it cannot mean them for the call).
     */
    @Test
    void keysThatOvertakeTheCalleesAnswerFollowItBounded() throws Exception {
        try (TestPhone a = TestPhone.udp(relay.port); TestPhone b = TestPhone.udp(relay.port)) {
            a.register("555", SECRET_A);
            b.register("777", SECRET_B);
            int callId = 0x0d7f0001;
            a.send(new Invite(callId, "", "777", TestPhone.GSM, 100, 0));
            b.expect(Invite.class);
            b.send(new Ringing(callId));
            a.expect(Ringing.class);
            a.send(new Dtmf(callId, 1, 100)); // before the answer: dropped
            int keys = Leg.MAX_KEYS_BEFORE_ANSWER + 1;
            Dtmf[] pressed = new Dtmf[keys];
            for (int i = 0; i < keys; i++) {
                pressed[i] = new Dtmf(callId, i, 100 + i);
            }
            b.sendOvertaken(new Answer(callId, Wire.CODEC_GSM, 100, 0), pressed);
            a.expect(Answer.class);
            for (int i = 0; i < Leg.MAX_KEYS_BEFORE_ANSWER; i++) {
                Dtmf d = a.expect(Dtmf.class);
                assertEquals(i, d.event, "key " + i);
                assertEquals(100 + i, d.duration, "key " + i);
            }
            a.send(new Keepalive(Keepalive.PHONE_PADDING));
            assertInstanceOf(Keepalive.class, a.frames.poll(TestPhone.WAIT_SECONDS, TimeUnit.SECONDS),
                    "the key beyond the bound was dropped");
            b.send(new Keepalive(Keepalive.PHONE_PADDING));
            assertInstanceOf(Keepalive.class, b.frames.poll(TestPhone.WAIT_SECONDS, TimeUnit.SECONDS),
                    "the caller's key before the answer was dropped");
            // Once answered, keys go straight through.
            b.send(new Dtmf(callId, 11, 100));
            assertEquals(11, a.expect(Dtmf.class).event);
            a.send(new Bye(callId, Wire.BYE_NORMAL));
            b.expect(Bye.class);
        }
    }

    static byte[] payload(int seed) {
        byte[] p = new byte[GSM_100MS];
        for (int i = 0; i < p.length; i++) {
            p[i] = (byte) (seed * 31 + i);
        }
        return p;
    }

    /** Sends one voice packet and checks it arrives with the receiver's channel, same sequence, same payload. */
    static void voiceArrives(TestPhone from, int fromChannel, TestPhone to, int toChannel, int seq)
            throws Exception {
        byte[] payload = payload(seq);
        from.sendVoice(fromChannel, seq, payload);
        byte[] got = to.expectVoice();
        assertEquals(toChannel, VoicePacket.channel(got, 0), "channel rewritten to the receiver's");
        assertEquals(seq, VoicePacket.sequence(got, 0));
        assertArrayEquals(payload, Arrays.copyOfRange(got, VoicePacket.HEADER, got.length));
    }

    @Test
    void callSetUpVoiceBothWaysAndBye() throws Exception {
        try (TestPhone a = TestPhone.udp(relay.port); TestPhone b = TestPhone.udp(relay.port)) {
            a.register("555", SECRET_A);
            b.register("777", SECRET_B);
            int[] ch = connect(a, b, 0x0badcafe, "777", "555");
            for (int seq = 65530; seq < 65540; seq++) {
                voiceArrives(a, ch[0], b, ch[1], seq & 0xFFFF);
                voiceArrives(b, ch[1], a, ch[0], (seq + 1000) & 0xFFFF);
            }
            // The receiver may see a packet an instant before the relay counts it.
            RelayFixture.awaitValue(20, () -> relay.counter(Counters.Name.VOICE_FORWARDED));
            assertEquals(0, relay.server.counters().voiceDropped());
            assertEquals(1, relay.server.activeCalls());

            a.send(new Bye(0x0badcafe, Wire.BYE_NORMAL));
            Bye bye = b.expect(Bye.class);
            assertEquals(0x0badcafe, bye.callId);
            assertEquals(Wire.BYE_NORMAL, bye.reason);
            assertEquals(0, relay.server.activeCalls());

            // The channels are free now: voice on them is dropped, not forwarded.
            a.sendVoice(ch[0], 1, payload(1));
            RelayFixture.awaitValue(1, () -> relay.counter(Counters.Name.VOICE_DROPPED_UNKNOWN_CHANNEL));
            assertEquals(20, relay.counter(Counters.Name.VOICE_FORWARDED));

            // Both are free for a new call.
            connect(b, a, 0x12345678, "555", "777");
        }
    }

    /** The low-bandwidth codec: offered, answered and forwarded; a payload of no whole number of frames is dropped. */
    @Test
    void speexCallForwardsWholeFramesOnly() throws Exception {
        try (TestPhone a = TestPhone.udp(relay.port); TestPhone b = TestPhone.udp(relay.port)) {
            int all = TestPhone.GSM | TestPhone.PCMU | 1 << Wire.CODEC_SPEEX;
            a.register("555", SECRET_A, all);
            b.register("777", SECRET_B, all);
            a.send(new Invite(77, "", "777", 1 << Wire.CODEC_SPEEX, 100, 0));
            Invite in = b.expect(Invite.class);
            assertEquals(1 << Wire.CODEC_SPEEX, in.codecMask);
            b.send(new Answer(77, Wire.CODEC_SPEEX, 100, 0));
            Answer ans = a.expect(Answer.class);
            assertEquals(Wire.CODEC_SPEEX, ans.codec);
            byte[] five = Arrays.copyOf(payload(3), 5 * 15);
            a.sendVoice(ans.channel, 1, five);
            byte[] got = b.expectVoice();
            assertEquals(VoicePacket.HEADER + 75, got.length);
            assertArrayEquals(five, Arrays.copyOfRange(got, VoicePacket.HEADER, got.length));
            b.sendVoice(in.channel, 2, five);
            assertArrayEquals(five, Arrays.copyOfRange(a.expectVoice(), VoicePacket.HEADER, 4 + 75));
            a.sendVoice(ans.channel, 3, Arrays.copyOf(five, 74));
            RelayFixture.awaitValue(1, () -> relay.counter(Counters.Name.VOICE_DROPPED_BAD_LENGTH));
        }
    }

    @Test
    void tcpPhoneCallsUdpPhoneAndVoiceCrossesTransports() throws Exception {
        try (TestPhone a = TestPhone.tcp(relay.port); TestPhone b = TestPhone.udp(relay.port)) {
            a.register("555", SECRET_A);
            b.register("777", SECRET_B);
            int[] ch = connect(a, b, 42, "777", "555");
            for (int seq = 0; seq < 5; seq++) {
                voiceArrives(a, ch[0], b, ch[1], seq);
                voiceArrives(b, ch[1], a, ch[0], 100 + seq);
            }
            b.send(new Bye(42, Wire.BYE_NORMAL));
            assertEquals(Wire.BYE_NORMAL, a.expect(Bye.class).reason);
        }
    }

    @Test
    void nioTransportCarriesACall(@TempDir Path nioDir) throws Exception {
        try (RelayFixture nio = new RelayFixture(nioDir, "transport.epoll=false");
                TestPhone a = TestPhone.udp(nio.port); TestPhone b = TestPhone.tcp(nio.port)) {
            assertEquals("nio", nio.server.transportName());
            a.register("555", SECRET_A);
            b.register("777", SECRET_B);
            int[] ch = connect(a, b, 44, "777", "555");
            voiceArrives(a, ch[0], b, ch[1], 1);
            voiceArrives(b, ch[1], a, ch[0], 2);
        }
    }

    @Test
    void tcpToTcpVoice() throws Exception {
        try (TestPhone a = TestPhone.tcp(relay.port); TestPhone b = TestPhone.tcp(relay.port)) {
            a.register("555", SECRET_A);
            b.register("777", SECRET_B);
            int[] ch = connect(a, b, 43, "777", "555");
            voiceArrives(a, ch[0], b, ch[1], 7);
            voiceArrives(b, ch[1], a, ch[0], 8);
        }
    }

    @Test
    void voiceBeforeAnswerAndFromStrangersIsDropped() throws Exception {
        try (TestPhone a = TestPhone.udp(relay.port); TestPhone b = TestPhone.udp(relay.port);
                TestPhone stranger = TestPhone.udp(relay.port)) {
            a.register("555", SECRET_A);
            b.register("777", SECRET_B);
            a.send(new Invite(9, "", "777", TestPhone.GSM, 100, 0));
            int calleeChannel = b.expect(Invite.class).channel;
            b.sendVoice(calleeChannel, 1, payload(1));
            RelayFixture.awaitValue(1, () -> relay.counter(Counters.Name.VOICE_DROPPED_NOT_ANSWERED));
            b.send(new Answer(9, Wire.CODEC_GSM, 100, 0));
            int callerChannel = a.expect(Answer.class).channel;

            // A stranger who learnt B's channel cannot inject voice into A's ear.
            stranger.sendVoice(calleeChannel, 666, payload(666));
            RelayFixture.awaitValue(1, () -> relay.counter(Counters.Name.VOICE_DROPPED_WRONG_SOURCE));
            // Nor can A send on B's channel.
            a.sendVoice(calleeChannel, 667, payload(667));
            RelayFixture.awaitValue(2, () -> relay.counter(Counters.Name.VOICE_DROPPED_WRONG_SOURCE));
            // Not a whole number of GSM frames.
            b.sendVoice(calleeChannel, 2, new byte[GSM_100MS - 1]);
            RelayFixture.awaitValue(1, () -> relay.counter(Counters.Name.VOICE_DROPPED_BAD_LENGTH));

            voiceArrives(b, calleeChannel, a, callerChannel, 3);
            assertTrue(a.voice.isEmpty(), "only B's real packet reached A");
            RelayFixture.awaitValue(1, () -> relay.counter(Counters.Name.VOICE_FORWARDED));
        }
    }

    @Test
    void sealedCallCarriesTheTagAfterTheFramesOthersDoNot() throws Exception {
        byte[] share = {1, 2, 3};
        try (TestPhone a = TestPhone.udp(relay.port); TestPhone b = TestPhone.udp(relay.port)) {
            a.register("555", SECRET_A);
            b.register("777", SECRET_B);
            a.send(new Invite(10, "", "777", TestPhone.GSM, 100, 0, new byte[0], share));
            Invite in = b.expect(Invite.class);
            assertArrayEquals(share, in.keyShare(), "the caller's key share reaches the callee unchanged");
            b.send(new Answer(10, Wire.CODEC_GSM, 100, 0, share));
            Answer ans = a.expect(Answer.class);
            assertArrayEquals(share, ans.keyShare(), "the callee's key share reaches the caller unchanged");

            byte[] sealed = Arrays.copyOf(payload(4), GSM_100MS + Wire.VOICE_TAG);
            b.sendVoice(in.channel, 4, sealed);
            byte[] got = a.expectVoice();
            assertArrayEquals(sealed, Arrays.copyOfRange(got, VoicePacket.HEADER, got.length));
            b.sendVoice(in.channel, 5, payload(5));
            RelayFixture.awaitValue(1, () -> relay.counter(Counters.Name.VOICE_DROPPED_BAD_LENGTH));
            a.send(new Bye(10, Wire.BYE_NORMAL));
            b.expect(Bye.class);

            // Only one side offered a key share: voice is plain and a tag makes the length wrong.
            a.send(new Invite(11, "", "777", TestPhone.GSM, 100, 0, new byte[0], share));
            int calleeChannel = b.expect(Invite.class).channel;
            b.send(new Answer(11, Wire.CODEC_GSM, 100, 0));
            int callerChannel = a.expect(Answer.class).channel;
            b.sendVoice(calleeChannel, 6, sealed);
            RelayFixture.awaitValue(2, () -> relay.counter(Counters.Name.VOICE_DROPPED_BAD_LENGTH));
            voiceArrives(b, calleeChannel, a, callerChannel, 7);
        }
    }

    @Test
    void refusals() throws Exception {
        try (TestPhone a = TestPhone.udp(relay.port); TestPhone b = TestPhone.udp(relay.port);
                TestPhone c = TestPhone.udp(relay.port); TestPhone gsmOnly = TestPhone.udp(relay.port)) {
            a.register("555", SECRET_A);
            b.register("777", SECRET_B);
            c.register("888", SECRET_C);
            gsmOnly.register("999", "gsm-only".getBytes(StandardCharsets.US_ASCII), TestPhone.GSM);

            a.send(new Invite(1, "", "123456", TestPhone.GSM, 100, 0));
            assertReject(a, 1, Wire.REJECT_NOT_IN_SERVICE);

            a.send(new Invite(2, "", "999", TestPhone.PCMU, 100, 0));
            assertReject(a, 2, Wire.REJECT_INCOMPATIBLE);

            // B declines.
            a.send(new Invite(3, "", "777", TestPhone.GSM, 100, 0));
            b.expect(Invite.class);
            b.send(new Reject(3, Wire.REJECT_DECLINED));
            assertReject(a, 3, Wire.REJECT_DECLINED);
            assertEquals(0, relay.server.activeCalls());

            // B busy in a call with A: C is refused.
            connect(a, b, 4, "777", "555");
            c.send(new Invite(5, "", "777", TestPhone.GSM, 100, 0));
            assertReject(c, 5, Wire.REJECT_BUSY);
            // A call id another phone uses is refused.
            c.send(new Invite(4, "", "999", TestPhone.GSM, 100, 0));
            org.pippin.protocol.ErrorFrame inUse = c.expect(org.pippin.protocol.ErrorFrame.class);
            assertEquals(Wire.ERR_CALL_ID_IN_USE, inUse.code);
            // A BYE for a call C is not in.
            c.send(new Bye(4, Wire.BYE_NORMAL));
            assertEquals(Wire.ERR_UNKNOWN_CALL, c.expect(org.pippin.protocol.ErrorFrame.class).code);
            assertEquals(1, relay.server.activeCalls());
        }
    }

    @Test
    void calleeRegisteredButNotAttachedIsUnavailable() throws Exception {
        try (TestPhone a = TestPhone.udp(relay.port)) {
            a.register("555", SECRET_A);
            try (TestPhone b = TestPhone.tcp(relay.port)) {
                b.register("777", SECRET_B);
            }
            RelayFixture.awaitValue(1, () -> RegistrationTest.attached(relay));
            a.send(new Invite(1, "", "777", TestPhone.GSM, 100, 0));
            assertReject(a, 1, Wire.REJECT_UNAVAILABLE);
        }
    }

    static void assertReject(TestPhone phone, int callId, int reason) throws InterruptedException {
        Reject r = phone.expect(Reject.class);
        assertEquals(callId, r.callId);
        assertEquals(Wire.rejectName(reason), Wire.rejectName(r.reason));
    }
}
