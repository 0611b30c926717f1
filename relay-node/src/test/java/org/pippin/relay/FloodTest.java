package org.pippin.relay;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.InetAddress;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.pippin.codec.GsmCodec;
import org.pippin.protocol.Answer;
import org.pippin.protocol.Bye;
import org.pippin.protocol.Challenge;
import org.pippin.protocol.ErrorFrame;
import org.pippin.protocol.Hello;
import org.pippin.protocol.Invite;
import org.pippin.protocol.Registered;
import org.pippin.protocol.Reject;
import org.pippin.protocol.Wire;

/**
 * Floods through real sockets: a relay with its embedded registrar keeps a call's audio whole and lets a new phone
 * log in and call while another loopback address (127.0.0.2) blasts it with thousands of frames a second, and the
 * per-source and per-session limits answer with RATE_LIMITED. The limits run on the relay's clock, which the tests
 * move.
 */
class FloodTest {

    static final int DIFFICULTY = 10;
    static final int PACKETS = 50;

    @TempDir
    static Path dir;
    static RelayFixture relay;

    @BeforeAll
    static void start() throws Exception {
        relay = new RelayFixture(dir, "registrar.enabled=true", "registrar.members=r1@127.0.0.1:"
                + NumbersTest.freePort(), "registrar.pow.difficulty=" + DIFFICULTY, "claims.address.max=1000",
                "floods.attach.max=30", "floods.attach.seconds=60", "floods.invite.max=30",
                "floods.invite.seconds=60", "floods.session.invite.max=10", "floods.session.invite.seconds=60",
                "floods.answers.max=20", "floods.answers.seconds=10");
        NumbersTest.awaitLeader(relay.server);
    }

    @AfterAll
    static void stop() {
        relay.close();
    }

    private static KeyPhone owner(String number) throws Exception {
        KeyPhone p = new KeyPhone(TestPhone.udp(relay.port));
        assertEquals(Wire.RESULT_GRANTED, p.claim(number, DIFFICULTY).outcome);
        assertInstanceOf(Registered.class, p.login(number));
        return p;
    }

    /** {@code caller} calls {@code callee} (logged in as the numbers given); both sides of the answered call. */
    private static KeyPhone.KeyCall[] call(KeyPhone caller, String from, KeyPhone callee, String to, int id)
            throws Exception {
        KeyPhone.KeyCall out = caller.call(id, from, to);
        caller.phone.send(out.invite);
        Invite in = callee.phone.expect(Invite.class);
        KeyPhone.KeyCall taken = callee.take(in, caller.key.publicKey());
        callee.phone.send(taken.answer());
        out.answered(caller.phone.expect(Answer.class), callee.key.publicKey());
        return new KeyPhone.KeyCall[] {out, taken};
    }

    /**
     * Sends {@value #PACKETS} packets of a {@code hz} tone from one side, sealed, and checks what the other side
     * opens: nearly every packet, and the tone standing well above another frequency.
     */
    private static void toneGetsThrough(KeyPhone.KeyCall from, TestPhone fromPhone, KeyPhone.KeyCall to,
            TestPhone toPhone, double hz, double other) throws Exception {
        byte[][] tone = Tones.gsmTone(hz, PACKETS);
        for (byte[] frames : tone) {
            from.sendVoice(fromPhone, frames);
            Thread.sleep(5); // paced like a phone, faster than real time
        }
        GsmCodec gsm = new GsmCodec();
        short[] pcm = new short[PACKETS * 5 * 160];
        int packets = 0;
        byte[] p;
        while ((p = toPhone.voice.poll(2, TimeUnit.SECONDS)) != null) {
            byte[] frames = to.open(p);
            assertNotNull(frames, "every packet that arrives opens with the call's keys");
            for (int f = 0; f < 5; f++) {
                gsm.decode(frames, f * GsmCodec.FRAME_BYTES, pcm, (packets * 5 + f) * 160);
            }
            if (++packets == PACKETS) {
                break;
            }
        }
        assertTrue(packets >= PACKETS * 9 / 10, "voice packets that arrived during the flood: " + packets);
        int samples = packets * 5 * 160;
        double margin = Tones.marginDb(pcm, 800, samples, hz, other);
        assertTrue(margin > 20, hz + " Hz stands " + margin + " dB above " + other + " Hz");
    }

    @Test
    void aCallKeepsItsAudioAndANewPhoneCallsWhileAnotherAddressFloods() throws Exception {
        try (KeyPhone a = owner("51000001"); KeyPhone b = owner("51000002"); KeyPhone d = owner("51000004")) {
            KeyPhone.KeyCall[] ab = call(a, "51000001", b, "51000002", 0x5101);
            long attachesLimited = relay.counter(Counters.Name.ATTACHES_RATE_LIMITED);
            long registrations = relay.counter(Counters.Name.REGISTRATIONS);
            long answersLimited = relay.counter(Counters.Name.ANSWERS_RATE_LIMITED);
            long strayVoice = relay.counter(Counters.Name.VOICE_DROPPED_UNKNOWN_CHANNEL)
                    + relay.counter(Counters.Name.VOICE_DROPPED_WRONG_SOURCE);
            FloodDriver flood = new FloodDriver(InetAddress.getByName("127.0.0.2"), relay.port, 8, 5000);
            try {
                RelayFixture.awaitValue(2000, () -> Math.min(2000, flood.sent.get()));

                toneGetsThrough(ab[0], a.phone, ab[1], b.phone, 440, 1000);
                toneGetsThrough(ab[1], b.phone, ab[0], a.phone, 1000, 440);

                // A phone new to the relay claims a number, logs in and calls, all during the flood.
                try (KeyPhone c = owner("51000003")) {
                    KeyPhone.KeyCall[] cd = call(c, "51000003", d, "51000004", 0x5102);
                    toneGetsThrough(cd[0], c.phone, cd[1], d.phone, 700, 1000);
                    c.phone.send(new Bye(0x5102, Wire.BYE_NORMAL));
                    d.phone.expect(Bye.class);
                }
                a.phone.send(new Bye(0x5101, Wire.BYE_NORMAL));
                b.phone.expect(Bye.class);
            } finally {
                flood.close();
            }
            assertTrue(flood.sent.get() >= 5000, "flood frames sent: " + flood.sent.get());
            // Never more bytes back than the flood sent (its sources could be forged), and of its thousands of
            // REGISTERs, LOGINs and HELLOs at most floods.attach.max did any work (one more login: the new phone).
            assertTrue(flood.bytesReceived.get() <= flood.bytesSent.get(), flood.bytesReceived + " bytes back for "
                    + flood.bytesSent);
            assertTrue(relay.counter(Counters.Name.REGISTRATIONS) - registrations <= 30 + 1,
                    "registrations during the flood: " + (relay.counter(Counters.Name.REGISTRATIONS) - registrations));
            assertTrue(relay.counter(Counters.Name.ATTACHES_RATE_LIMITED) > attachesLimited + 100,
                    "the flood's attaches beyond floods.attach.max were refused");
            assertTrue(relay.counter(Counters.Name.ANSWERS_RATE_LIMITED) > answersLimited + 1000,
                    "answers beyond floods.answers.max to the flood's address were not sent");
            assertTrue(relay.counter(Counters.Name.VOICE_DROPPED_UNKNOWN_CHANNEL)
                    + relay.counter(Counters.Name.VOICE_DROPPED_WRONG_SOURCE) > strayVoice + 100);
        }
    }

    @Test
    void attachesBeyondTheAddressLimitGetRateLimitedUntilTheBucketRefills() throws Exception {
        InetAddress from = InetAddress.getByName("127.0.0.3");
        try (TestPhone tcp = TestPhone.tcpFrom(from, relay.port); TestPhone udp = TestPhone.udpFrom(from, relay.port)) {
            long limited = relay.counter(Counters.Name.ATTACHES_RATE_LIMITED);
            for (int i = 0; i < 30; i++) {
                tcp.send(Hello.padded(new byte[Wire.NONCE_SIZE]));
                tcp.expect(Challenge.class);
            }
            tcp.send(Hello.padded(new byte[Wire.NONCE_SIZE]));
            ErrorFrame e = tcp.expect(ErrorFrame.class);
            assertEquals(Wire.errorName(Wire.ERR_RATE_LIMITED), Wire.errorName(e.code));
            assertEquals("attaches from 127.0.0.3: at most 30 per 60 s; try again in 2 s", e.detail);

            // The same address over UDP, without a session: the same bucket, an answer without detail, no session.
            udp.send(new org.pippin.protocol.Register("51000020", new byte[16], TestPhone.GSM));
            e = udp.expect(ErrorFrame.class);
            assertEquals(Wire.ERR_RATE_LIMITED, e.code);
            assertEquals("", e.detail);
            assertEquals(limited + 2, relay.counter(Counters.Name.ATTACHES_RATE_LIMITED));

            relay.advance(2);
            tcp.send(Hello.padded(new byte[Wire.NONCE_SIZE]));
            tcp.expect(Challenge.class);
            tcp.send(Hello.padded(new byte[Wire.NONCE_SIZE]));
            assertEquals(Wire.ERR_RATE_LIMITED, tcp.expect(ErrorFrame.class).code, "one came back, and is used");
        }
    }

    @Test
    void invitesBeyondTheSessionLimitAreRejectedBeforeAnythingRings() throws Exception {
        try (TestPhone p = TestPhone.udpFrom(InetAddress.getByName("127.0.0.4"), relay.port)) {
            p.register("51000010", "a secret of its own".getBytes(java.nio.charset.StandardCharsets.US_ASCII));
            long limited = relay.counter(Counters.Name.INVITES_RATE_LIMITED);
            for (int i = 0; i < 10; i++) {
                p.send(new Invite(0x5200 + i, "", "59999999", TestPhone.GSM, 100, 0));
                Reject r = p.expect(Reject.class);
                assertEquals(Wire.rejectName(Wire.REJECT_NOT_IN_SERVICE), Wire.rejectName(r.reason));
            }
            p.send(new Invite(0x5210, "", "59999999", TestPhone.GSM, 100, 0));
            Reject r = p.expect(Reject.class);
            assertEquals(0x5210, r.callId);
            assertEquals(Wire.rejectName(Wire.REJECT_RATE_LIMITED), Wire.rejectName(r.reason));
            assertEquals(limited + 1, relay.counter(Counters.Name.INVITES_RATE_LIMITED));

            relay.advance(6);
            p.send(new Invite(0x5211, "", "59999999", TestPhone.GSM, 100, 0));
            assertEquals(Wire.REJECT_NOT_IN_SERVICE, p.expect(Reject.class).reason, "one INVITE every 6 s");
        }
    }
}
