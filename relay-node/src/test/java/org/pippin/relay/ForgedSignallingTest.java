package org.pippin.relay;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.pippin.identity.CallerIdProof;
import org.pippin.identity.IdentityKey;
import org.pippin.protocol.Ack;
import org.pippin.protocol.Answer;
import org.pippin.protocol.Bye;
import org.pippin.protocol.ErrorFrame;
import org.pippin.protocol.Frame;
import org.pippin.protocol.Invite;
import org.pippin.protocol.Login;
import org.pippin.protocol.PeerChallenge;
import org.pippin.protocol.PeerHello;
import org.pippin.protocol.PeerLogin;
import org.pippin.protocol.Registered;
import org.pippin.protocol.Reject;
import org.pippin.protocol.Ringing;
import org.pippin.protocol.VoicePacket;
import org.pippin.protocol.Wire;

/**
 * Forged and replayed signalling, one attack per test, through real sockets against a relay with its embedded
 * registrar and relay-to-relay links on: each test asserts what the relay did with the attack, and that the call
 * or phone it aimed at was not touched.
 */
class ForgedSignallingTest {

    static final int DIFFICULTY = 10;
    private static final SecureRandom RANDOM = new SecureRandom();

    @TempDir
    static Path dir;
    static RelayFixture relay;
    static IdentityKey relayKey;

    @BeforeAll
    static void start() throws Exception {
        relay = new RelayFixture(dir, "registrar.enabled=true", "registrar.members=r1@127.0.0.1:"
                + NumbersTest.freePort(), "registrar.pow.difficulty=" + DIFFICULTY, "claims.address.max=1000",
                "dht.enabled=true", "dht.node.start=false", "dht.proxy.port=" + NumbersTest.freePort(),
                "dht.public.address=127.0.0.1:7070", "dht.timeout.ms=200");
        NumbersTest.awaitLeader(relay.server);
        byte[] k = Files.readAllBytes(dir.resolve("relay-identity.key"));
        relayKey = IdentityKey.decode(k, 0, k.length);
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

    /** Nothing at all reached {@code phone}: no frame, no voice. */
    private static void untouched(TestPhone phone) throws InterruptedException {
        assertNull(phone.frames.poll(150, TimeUnit.MILLISECONDS));
        assertNull(phone.voice.poll(1, TimeUnit.MILLISECONDS));
    }

    private static int errorCode(TestPhone p) throws InterruptedException {
        return p.expect(ErrorFrame.class).code;
    }

    @Test
    void strangersCannotAnswerRejectOrEndAnotherPhonesCall() throws Exception {
        try (KeyPhone a = owner("61000001"); KeyPhone b = owner("61000002"); KeyPhone m = owner("61000003");
                TestPhone u = TestPhone.udpFrom(java.net.InetAddress.getByName("127.0.0.5"), relay.port)) {
            int id = 0x6101;
            KeyPhone.KeyCall out = a.call(id, "61000001", "61000002");
            a.phone.send(out.invite);
            Invite in = b.phone.expect(Invite.class);

            // A phone logged in here, but no party to the call: the relay knows no such call of its.
            m.phone.send(new Answer(id, Wire.CODEC_GSM, 100, 0));
            assertEquals(Wire.ERR_UNKNOWN_CALL, errorCode(m.phone));
            m.phone.send(new Reject(id, Wire.REJECT_DECLINED));
            assertEquals(Wire.ERR_UNKNOWN_CALL, errorCode(m.phone));
            m.phone.send(new Bye(id, Wire.BYE_NORMAL));
            assertEquals(Wire.ERR_UNKNOWN_CALL, errorCode(m.phone));
            // An address with no session at all: told to register, nothing more.
            for (Frame f : new Frame[] {new Answer(id, Wire.CODEC_GSM, 100, 0), new Reject(id, Wire.REJECT_BUSY),
                    new Bye(id, Wire.BYE_NORMAL)}) {
                u.send(f);
                assertEquals(Wire.ERR_NOT_REGISTERED, errorCode(u));
            }
            // A forged ACK of whatever the relay sent the caller: it acknowledges nothing on someone else's link.
            for (int messageId = 1; messageId < 200; messageId++) {
                u.sendRaw(org.pippin.protocol.FrameCodec.encode(new Ack(messageId)));
            }
            untouched(a.phone);

            // The call is whole: the callee answers, the caller hears it, and BYE from a stranger still ends nothing.
            KeyPhone.KeyCall taken = b.take(in, a.key.publicKey());
            b.phone.send(new Ringing(id));
            a.phone.expect(Ringing.class);
            b.phone.send(taken.answer());
            out.answered(a.phone.expect(Answer.class), b.key.publicKey());
            m.phone.send(new Bye(id, Wire.BYE_NORMAL));
            assertEquals(Wire.ERR_UNKNOWN_CALL, errorCode(m.phone));
            byte[] frames = new byte[5 * 33];
            out.sendVoice(a.phone, frames);
            assertArrayEquals(frames, taken.open(b.phone.expectVoice()));
            a.phone.send(new Bye(id, Wire.BYE_NORMAL));
            b.phone.expect(Bye.class);
        }
    }

    @Test
    void voiceFromAnAddressOutsideTheCallIsDropped() throws Exception {
        try (KeyPhone a = owner("62000001"); KeyPhone b = owner("62000002"); KeyPhone m = owner("62000003")) {
            int id = 0x6201;
            KeyPhone.KeyCall out = a.call(id, "62000001", "62000002");
            a.phone.send(out.invite);
            KeyPhone.KeyCall taken = b.take(b.phone.expect(Invite.class), a.key.publicKey());
            b.phone.send(taken.answer());
            out.answered(a.phone.expect(Answer.class), b.key.publicKey());

            long wrongSource = relay.counter(Counters.Name.VOICE_DROPPED_WRONG_SOURCE);
            byte[] payload = new byte[5 * 33 + Wire.VOICE_TAG];
            // On each leg's channel, from a logged-in stranger and from an address the relay never heard of.
            try (TestPhone u = TestPhone.udpFrom(java.net.InetAddress.getByName("127.0.0.5"), relay.port)) {
                for (int channel : new int[] {out.channel, taken.channel}) {
                    m.phone.sendVoice(channel, 7, payload);
                    u.sendVoice(channel, 7, payload);
                }
                RelayFixture.awaitValue(wrongSource + 4,
                        () -> relay.counter(Counters.Name.VOICE_DROPPED_WRONG_SOURCE));
            }
            untouched(a.phone);
            untouched(b.phone);
            a.phone.send(new Bye(id, Wire.BYE_NORMAL));
            b.phone.expect(Bye.class);
        }
    }

    @Test
    void aReplayedInviteIsRejectedBeforeAnythingRings() throws Exception {
        try (KeyPhone a = owner("63000001"); KeyPhone b = owner("63000002"); KeyPhone m = owner("63000003")) {
            KeyPhone.KeyCall out = a.call(0x6301, "63000001", "63000002");
            a.phone.send(out.invite);
            b.phone.expect(Invite.class);
            b.phone.send(new Reject(0x6301, Wire.REJECT_DECLINED));
            assertEquals(Wire.REJECT_DECLINED, a.phone.expect(Reject.class).reason);
            long rejected = relay.counter(Counters.Name.CALLER_ID_REJECTED);

            // The same INVITE again (same proof, same nonce), by its own phone and by a stranger who captured it.
            Invite again = out.invite;
            a.phone.send(new Invite(0x6302, again.caller, again.callee, again.codecMask, again.ptimeMs, 0,
                    again.proof(), again.keyShare()));
            assertEquals(Wire.REJECT_CALLER_ID_INVALID, a.phone.expect(Reject.class).reason);
            m.phone.send(new Invite(0x6303, again.caller, again.callee, again.codecMask, again.ptimeMs, 0,
                    again.proof(), again.keyShare()));
            assertEquals(Wire.REJECT_CALLER_ID_INVALID, m.phone.expect(Reject.class).reason);
            assertEquals(rejected + 2, relay.counter(Counters.Name.CALLER_ID_REJECTED));
            untouched(b.phone);
        }
    }

    @Test
    void aReplayedLoginProofIsRefused() throws Exception {
        try (KeyPhone a = new KeyPhone(TestPhone.udp(relay.port))) {
            assertEquals(Wire.RESULT_GRANTED, a.claim("64000001", DIFFICULTY).outcome);
            a.hello();
            Login captured = a.loginFrame("64000001");
            a.phone.send(captured);
            a.phone.expect(Registered.class);

            // Again on the same session: the challenge was used up by the first LOGIN.
            a.phone.send(new Login(captured.proof(), TestPhone.GSM));
            ErrorFrame e = a.phone.expect(ErrorFrame.class);
            assertEquals(Wire.ERR_AUTH_FAILED, e.code);
            assertEquals("no challenge: send HELLO first", e.detail);

            // From another address, with a fresh challenge of its own, and over TCP without any.
            try (KeyPhone thief = new KeyPhone(TestPhone.udp(relay.port), a.key);
                    TestPhone tcp = TestPhone.tcp(relay.port)) {
                thief.hello();
                thief.phone.send(new Login(captured.proof(), TestPhone.GSM));
                e = thief.phone.expect(ErrorFrame.class);
                assertEquals(Wire.ERR_AUTH_FAILED, e.code);
                assertEquals("proof answers another challenge", e.detail);
                tcp.send(new Login(captured.proof(), TestPhone.GSM));
                assertEquals(Wire.ERR_AUTH_FAILED, errorCode(tcp));
            }
        }
    }

    @Test
    void peerFramesFromAnAddressThatNeverAuthenticatedAreRefused() throws Exception {
        byte[] nonce = new byte[Wire.NONCE_SIZE];
        byte[] sig = new byte[IdentityKey.SIGNATURE_SIZE];
        RANDOM.nextBytes(sig);
        // PEER_LOGIN with no PEER_HELLO before it, and PEER_CHALLENGE to a relay that sent no PEER_HELLO: each closes
        // the connection with AUTH_FAILED.
        for (Frame f : new Frame[] {new PeerLogin(sig), new PeerChallenge(new byte[Wire.KEY_SIZE], nonce, sig)}) {
            try (TestPhone tcp = TestPhone.tcp(relay.port)) {
                tcp.send(f);
                assertEquals(Wire.ERR_AUTH_FAILED, errorCode(tcp), f.toString());
                tcp.expectClosed();
            }
        }
        // Over UDP links do not exist: any of the three is refused as from an unregistered phone.
        try (TestPhone udp = TestPhone.udp(relay.port)) {
            for (Frame f : new Frame[] {new PeerHello(new byte[Wire.KEY_SIZE], nonce), new PeerLogin(sig),
                    new PeerChallenge(new byte[Wire.KEY_SIZE], nonce, sig)}) {
                udp.send(f);
                assertEquals(Wire.ERR_NOT_REGISTERED, errorCode(udp), f.toString());
            }
        }
    }

    /** A link from a relay with key {@code peerKey}, authenticated as PeerLinks does it. */
    private static TestPhone link(IdentityKey peerKey) throws Exception {
        TestPhone link = TestPhone.tcp(relay.port);
        byte[] nonce = new byte[Wire.NONCE_SIZE];
        RANDOM.nextBytes(nonce);
        link.send(new PeerHello(peerKey.publicKey(), nonce));
        PeerChallenge c = link.expect(PeerChallenge.class);
        byte[] mine = PeerLinks.transcript(peerKey.publicKey(), relayKey.publicKey(), nonce, c.nonce(), (byte) 2);
        byte[] sig = new byte[IdentityKey.SIGNATURE_SIZE];
        peerKey.sign(PeerLinks.DOMAIN, mine, 0, mine.length, sig, 0);
        link.send(new PeerLogin(sig));
        return link;
    }

    @Test
    void aForwardedInviteWithAForgedCallerProofIsRejectedByTheCalleesRelay() throws Exception {
        byte[] secret = new byte[IdentityKey.SECRET_KEY_SIZE];
        RANDOM.nextBytes(secret);
        try (KeyPhone a = new KeyPhone(TestPhone.udp(relay.port)); KeyPhone b = owner("65000002");
                KeyPhone forger = new KeyPhone(TestPhone.udp(relay.port))) {
            // The caller's number is owned by a's key; a is attached to "another relay", the link's.
            assertEquals(Wire.RESULT_GRANTED, a.claim("65000001", DIFFICULTY).outcome);
            TestPhone link = link(IdentityKey.fromSecret(secret));
            try {
                long t = KeyPhone.now();
                long rejected = relay.counter(Counters.Name.CALLER_ID_REJECTED);
                // Signed by another key than the owner's: before this relay re-checked, b rang.
                link.send(new Invite(0x6501, "65000001", "65000002", TestPhone.GSM, 100, 42,
                        CallerIdProof.sign(forger.key, "65000001", "65000002", t, a.nonce()).encode(), new byte[0]));
                Reject r = link.expect(Reject.class);
                assertEquals(0x6501, r.callId);
                assertEquals(Wire.rejectName(Wire.REJECT_CALLER_ID_INVALID), Wire.rejectName(r.reason));
                // No proof at all for a number a key owns.
                link.send(new Invite(0x6502, "65000001", "65000002", TestPhone.GSM, 100, 42));
                assertEquals(Wire.REJECT_CALLER_ID_INVALID, link.expect(Reject.class).reason);
                assertEquals(rejected + 2, relay.counter(Counters.Name.CALLER_ID_REJECTED));
                untouched(b.phone);

                // A number no key holds comes unproven, as a device-secret phone's calls do.
                link.send(new Invite(0x6503, "65009999", "65000002", TestPhone.GSM, 100, 42));
                assertEquals("65009999", b.phone.expect(Invite.class).caller);
                link.send(new Bye(0x6503, Wire.BYE_CANCELLED));
                b.phone.expect(Bye.class);

                // The owner's genuine proof rings; the same proof replayed on the link does not.
                byte[] nonce = a.nonce();
                byte[] proof = CallerIdProof.sign(a.key, "65000001", "65000002", t, nonce).encode();
                link.send(new Invite(0x6504, "65000001", "65000002", TestPhone.GSM, 100, 42, proof, new byte[0]));
                assertEquals("65000001", b.phone.expect(Invite.class).caller);
                link.send(new Invite(0x6505, "65000001", "65000002", TestPhone.GSM, 100, 43, proof, new byte[0]));
                assertEquals(Wire.REJECT_CALLER_ID_INVALID, link.expect(Reject.class).reason);
                link.send(new Bye(0x6504, Wire.BYE_CANCELLED));
                b.phone.expect(Bye.class);
            } finally {
                link.close();
            }
        }
    }
}
