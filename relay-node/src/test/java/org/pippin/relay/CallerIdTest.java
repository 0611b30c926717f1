package org.pippin.relay;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.util.Arrays;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.pippin.codec.GsmCodec;
import org.pippin.identity.CallerIdProof;
import org.pippin.identity.Drbg;
import org.pippin.identity.EphemeralKey;
import org.pippin.identity.KeyShare;
import org.pippin.identity.RegistrarRecord;
import org.pippin.protocol.Answer;
import org.pippin.protocol.Bye;
import org.pippin.protocol.Invite;
import org.pippin.protocol.Registered;
import org.pippin.protocol.Reject;
import org.pippin.protocol.Ringing;
import org.pippin.protocol.VoicePacket;
import org.pippin.protocol.Wire;

/**
 * Caller ids, anonymous calls, block lists and end-to-end voice keys, through real sockets: a relay with its embedded
 * single-member registrar (a real Ratis server), Java SE phones that own their numbers with keys and sign their
 * INVITEs, and the bytes the relay forwards between them. One relay for the class; each test has numbers of its own.
 */
class CallerIdTest {

    static final int DIFFICULTY = 10;

    @TempDir
    static Path dir;
    static RelayFixture relay;
    static int registrarPort;

    @BeforeAll
    static void start() throws Exception {
        registrarPort = NumbersTest.freePort();
        // Block lists are fetched again after 10 s of the relay's (fake) clock: less than a phone's silence timeout.
        relay = new RelayFixture(dir, "registrar.enabled=true", "registrar.members=r1@127.0.0.1:" + registrarPort,
                "registrar.pow.difficulty=" + DIFFICULTY, "claims.address.max=1000",
                "callerid.blocklist.refresh.seconds=10");
        NumbersTest.awaitLeader(relay.server);
    }

    @AfterAll
    static void stop() {
        relay.close();
    }

    /** A phone that claimed {@code number} with its key and logged in with it. */
    private static KeyPhone owner(String number) throws Exception {
        KeyPhone p = new KeyPhone(TestPhone.udp(relay.port));
        assertEquals(Wire.RESULT_GRANTED, p.claim(number, DIFFICULTY).outcome);
        Registered r = assertInstanceOf(Registered.class, p.login(number));
        assertTrue(Math.abs(r.relayTime - KeyPhone.now()) <= 5, "REGISTERED carries the relay's time: " + r);
        return p;
    }

    /** The callee was never disturbed: nothing at all reached it. */
    private static void untouched(KeyPhone callee) throws InterruptedException {
        assertNull(callee.phone.frames.poll(100, TimeUnit.MILLISECONDS));
    }

    private static int reject(KeyPhone caller, Invite inv) throws Exception {
        caller.phone.send(inv);
        Reject r = caller.phone.expect(Reject.class);
        assertEquals(inv.callId, r.callId);
        return r.reason;
    }

    /** {@code n} GSM 06.10 frames of a 440 Hz tone: real codec frames, as a phone sends them. */
    static byte[][] gsmFrames(int n) {
        GsmCodec gsm = new GsmCodec();
        byte[][] frames = new byte[n][GsmCodec.FRAME_BYTES];
        short[] pcm = new short[GsmCodec.FRAME_SAMPLES];
        int t = 0;
        for (byte[] f : frames) {
            for (int i = 0; i < pcm.length; i++, t++) {
                pcm[i] = (short) (8000 * Math.sin(2 * Math.PI * 440 * t / 8000.0));
            }
            gsm.encode(pcm, 0, f, 0);
        }
        return frames;
    }

    private static byte[] concat(byte[][] frames, int from, int count) {
        byte[] out = new byte[count * GsmCodec.FRAME_BYTES];
        for (int i = 0; i < count; i++) {
            System.arraycopy(frames[from + i], 0, out, i * GsmCodec.FRAME_BYTES, GsmCodec.FRAME_BYTES);
        }
        return out;
    }

    /** Whether any 8 consecutive bytes of {@code plain} appear anywhere in {@code packet}. */
    private static boolean leaks(byte[] plain, byte[] packet) {
        for (int p = 0; p + 8 <= plain.length; p++) {
            for (int q = 0; q + 8 <= packet.length; q++) {
                if (Arrays.equals(plain, p, p + 8, packet, q, q + 8)) {
                    return true;
                }
            }
        }
        return false;
    }

    /** Sends five frames from one phone and checks what the relay delivered: ciphertext of the right size, opening. */
    private static byte[] sealedHop(KeyPhone.KeyCall from, TestPhone fromPhone, KeyPhone.KeyCall to,
            TestPhone toPhone, byte[] frames) throws Exception {
        from.sendVoice(fromPhone, frames);
        byte[] onTheWire = toPhone.expectVoice();
        assertEquals(VoicePacket.HEADER + frames.length + Wire.VOICE_TAG, onTheWire.length,
                "8 bytes of header and tag per packet");
        assertEquals(to.channel, VoicePacket.channel(onTheWire, 0));
        assertTrue(!leaks(frames, onTheWire), "no 8 bytes of the codec frames pass the relay in the clear");
        assertArrayEquals(frames, to.open(onTheWire), "the callee's keys open it");
        return onTheWire;
    }

    @Test
    void sealedVoiceBothWaysTheRelayForwardsOnlyCiphertext() throws Exception {
        try (KeyPhone a = owner("31000001"); KeyPhone b = owner("31000002")) {
            KeyPhone.KeyCall out = a.call(0x3101, "31000001", "31000002");
            a.phone.send(out.invite);
            Invite in = b.phone.expect(Invite.class);
            assertEquals("31000001", in.caller);
            assertArrayEquals(out.invite.proof(), in.proof(), "the proof reaches the callee as signed");
            byte[] p = in.proof();
            assertTrue(CallerIdProof.decode(p, 0, p.length).verify(a.key.publicKey()),
                    "the callee phone can check the caller id itself");
            KeyPhone.KeyCall taken = b.take(in, a.key.publicKey());
            b.phone.send(new Ringing(in.callId));
            a.phone.expect(Ringing.class);
            b.phone.send(taken.answer());
            out.answered(a.phone.expect(Answer.class), b.key.publicKey());

            byte[][] frames = gsmFrames(20);
            long forwarded = relay.counter(Counters.Name.VOICE_FORWARDED);
            byte[] lastToCaller = null;
            for (int i = 0; i < 2; i++) {
                sealedHop(out, a.phone, taken, b.phone, concat(frames, 10 * i, 5));
                lastToCaller = sealedHop(taken, b.phone, out, a.phone, concat(frames, 10 * i + 5, 5));
            }
            // (The relay counts after sending, so the count may trail what the phones got by a moment.)
            RelayFixture.awaitValue(forwarded + 4, () -> relay.counter(Counters.Name.VOICE_FORWARDED));

            // One byte changed anywhere the keys cover (sequence, payload, tag) and the packet does not open; the
            // channel, which the relay rewrites, is outside the tag.
            taken.sendVoice(b.phone, concat(frames, 0, 5));
            byte[] genuine = a.phone.expectVoice();
            for (int at : new int[] {3, VoicePacket.HEADER, VoicePacket.HEADER + 80, genuine.length - 1}) {
                byte[] tampered = genuine.clone();
                tampered[at] ^= 0x01;
                assertNull(out.open(tampered), "tampered at byte " + at);
            }
            byte[] rechanneled = genuine.clone();
            rechanneled[1] ^= 0x01;
            assertNotNull(out.open(rechanneled));
            assertNull(out.open(genuine), "and the same packet twice is a replay");
            assertNull(out.open(lastToCaller), "an old packet is a replay too");
            a.phone.send(new Bye(0x3101, Wire.BYE_NORMAL));
            b.phone.expect(Bye.class);
        }
    }

    @Test
    void forgedCallerIdsAreRejectedBeforeRinging() throws Exception {
        try (KeyPhone a = owner("32000001"); KeyPhone b = owner("32000002"); KeyPhone m = owner("32000003");
                TestPhone legacy = TestPhone.udp(relay.port)) {
            assertEquals(Wire.RESULT_GRANTED, a.claim("32000004", DIFFICULTY).outcome); // a's, but not logged in
            long rejected = relay.counter(Counters.Name.CALLER_ID_REJECTED);
            long t = a.relayNow();
            String callee = "32000002";

            // Signed by another key than the one that owns the number shown.
            assertEquals(Wire.REJECT_CALLER_ID_INVALID, reject(a, new Invite(0x3201, "32000001", callee,
                    TestPhone.GSM, 100, 0, CallerIdProof.sign(m.key, "32000001", callee, t, a.nonce()).encode(),
                    new byte[0])));
            // For another callee.
            assertEquals(Wire.REJECT_CALLER_ID_INVALID, reject(a, new Invite(0x3202, "32000001", callee,
                    TestPhone.GSM, 100, 0, CallerIdProof.sign(a.key, "32000001", "32000009", t, a.nonce()).encode(),
                    new byte[0])));
            // Stale, and from the future.
            for (long when : new long[] {t - 600, t + 600}) {
                assertEquals(Wire.REJECT_CALLER_ID_INVALID, reject(a, new Invite(0x3203, "32000001", callee,
                        TestPhone.GSM, 100, 0, CallerIdProof.sign(a.key, "32000001", callee, when, a.nonce())
                        .encode(), new byte[0])));
            }
            // A number the key owns but did not log in on this session, and another phone's number.
            assertEquals(Wire.REJECT_CALLER_ID_INVALID, reject(a, new Invite(0x3204, "32000004", callee,
                    TestPhone.GSM, 100, 0, CallerIdProof.sign(a.key, "32000004", callee, t, a.nonce()).encode(),
                    new byte[0])));
            assertEquals(Wire.REJECT_CALLER_ID_INVALID, reject(m, a.call(0x3205, "32000001", callee).invite));
            // No proof at all, and a proof that does not decode.
            assertEquals(Wire.REJECT_CALLER_ID_INVALID, reject(a, new Invite(0x3206, "", callee, TestPhone.GSM, 100,
                    0)));
            assertEquals(Wire.REJECT_CALLER_ID_INVALID, reject(a, new Invite(0x3207, "32000001", callee,
                    TestPhone.GSM, 100, 0, new byte[] {5, 1, 0}, new byte[0])));
            // A key share for the same call, signed by another key.
            KeyPhone.KeyCall good = a.call(0x3208, "32000001", callee);
            byte[] gp = good.invite.proof();
            byte[] forgedShare = KeyShare.sign(m.key, KeyShare.CALLER, "32000001", callee,
                    CallerIdProof.decode(gp, 0, gp.length).nonce(), t, EphemeralKey.generate(new Drbg(new byte[32])))
                    .encode();
            assertEquals(Wire.REJECT_KEY_SHARE_INVALID, reject(a, new Invite(0x3208, "32000001", callee,
                    TestPhone.GSM, 100, 0, gp, forgedShare)));
            untouched(b);
            assertEquals(rejected + 9, relay.counter(Counters.Name.CALLER_ID_REJECTED));

            // A genuine call rings once; the same proof again is a replay.
            KeyPhone.KeyCall real = a.call(0x3209, "32000001", callee);
            a.phone.send(real.invite);
            assertEquals(0x3209, b.phone.expect(Invite.class).callId);
            b.phone.send(new Reject(0x3209, Wire.REJECT_DECLINED));
            assertEquals(Wire.REJECT_DECLINED, a.phone.expect(Reject.class).reason);
            assertEquals(Wire.REJECT_CALLER_ID_INVALID, reject(a, new Invite(0x320A, "32000001", callee,
                    TestPhone.GSM, 100, 0, real.invite.proof(), real.invite.keyShare())));
            untouched(b);

            // The callee's share in ANSWER is checked too: signed by another key, the call ends before it starts.
            KeyPhone.KeyCall call = a.call(0x320B, "32000001", callee);
            a.phone.send(call.invite);
            Invite in = b.phone.expect(Invite.class);
            KeyPhone.KeyCall fake = m.take(in, a.key.publicKey());
            b.phone.send(fake.answer());
            assertEquals(Wire.REJECT_KEY_SHARE_INVALID, a.phone.expect(Reject.class).reason);
            assertEquals(Wire.BYE_CANCELLED, b.phone.expect(Bye.class).reason);

            // A phone registered with a device secret is who it registered as, unproven: a proof it sends is
            // dropped, since no relay could check it.
            legacy.register("55532001", CallTest.SECRET_A);
            legacy.send(new Invite(0x320C, "", callee, TestPhone.GSM, 100, 0,
                    CallerIdProof.sign(m.key, "32000001", callee, t, a.nonce()).encode(), new byte[0]));
            Invite unproven = b.phone.expect(Invite.class);
            assertEquals("55532001", unproven.caller);
            assertEquals(0, unproven.proof().length);
            b.phone.send(new Reject(0x320C, Wire.REJECT_DECLINED));
            assertEquals(Wire.REJECT_DECLINED, legacy.expect(Reject.class).reason);
        }
    }

    /**
     * The far end's record as the phone must check it: signed by a registrar key of the CHALLENGE, OWNED, for
     * {@code number}; returns its owner key.
     */
    private static byte[] farEndKey(byte[] record, String number, KeyPhone me) throws Exception {
        assertTrue(record.length > 0, "the relay attached the far end's record");
        RegistrarRecord r = RegistrarRecord.decode(record, 0, record.length);
        boolean trusted = false;
        for (int i = 0; i < me.challenge.keyCount(); i++) {
            trusted |= r.verify(me.challenge.registrarKey(i));
        }
        assertTrue(trusted, "signed by a registrar key the CHALLENGE named: " + r);
        assertEquals(RegistrarRecord.OWNED, r.state);
        assertEquals(number, r.number);
        return r.ownerKey();
    }

    @Test
    void eachPhoneGetsTheFarEndsRecordAndChecksTheCallerIdAndKeysItself() throws Exception {
        try (KeyPhone a = owner("36000001"); KeyPhone b = owner("36000002")) {
            KeyPhone.KeyCall out = a.call(0x3601, "36000001", "36000002");
            assertEquals(0, out.invite.recordLength(), "a phone sends no record");
            a.phone.send(out.invite);
            Invite in = b.phone.expect(Invite.class);
            byte[] callerKey = farEndKey(in.record(), "36000001", b);
            assertArrayEquals(a.key.publicKey(), callerKey);
            byte[] p = in.proof();
            assertTrue(CallerIdProof.decode(p, 0, p.length).verify(callerKey), "caller id checked by the phone");
            KeyPhone.KeyCall taken = b.take(in, callerKey);
            b.phone.send(taken.answer());
            Answer answer = a.phone.expect(Answer.class);
            byte[] calleeKey = farEndKey(answer.record(), "36000002", a);
            assertArrayEquals(b.key.publicKey(), calleeKey);
            out.answered(answer, calleeKey);
            byte[][] frames = gsmFrames(10);
            sealedHop(out, a.phone, taken, b.phone, concat(frames, 0, 5));
            sealedHop(taken, b.phone, out, a.phone, concat(frames, 5, 5));
            a.phone.send(new Bye(0x3601, Wire.BYE_NORMAL));
            b.phone.expect(Bye.class);
        }
    }

    @Test
    void anAnonymousCallReachesTheCalleeMarkedAndIsStillSealed() throws Exception {
        try (KeyPhone a = owner("33000001"); KeyPhone b = owner("33000002")) {
            KeyPhone.KeyCall out = a.callAnonymously(0x3301, "33000002");
            a.phone.send(out.invite);
            Invite in = b.phone.expect(Invite.class);
            assertEquals("", in.caller, "no number shown");
            byte[] p = in.proof();
            assertTrue(CallerIdProof.decode(p, 0, p.length).isAnonymous(), "marked anonymous");
            byte[] s = in.keyShare();
            assertTrue(KeyShare.decode(s, 0, s.length).isAnonymous());
            assertEquals(0, in.recordLength(), "an anonymous caller's number has no record to show");
            KeyPhone.KeyCall taken = b.take(in, null);
            b.phone.send(taken.answer());
            out.answered(a.phone.expect(Answer.class), b.key.publicKey());
            byte[][] frames = gsmFrames(10);
            sealedHop(out, a.phone, taken, b.phone, concat(frames, 0, 5));
            sealedHop(taken, b.phone, out, a.phone, concat(frames, 5, 5));
            b.phone.send(new Bye(0x3301, Wire.BYE_NORMAL));
            a.phone.expect(Bye.class);
        }
    }

    @Test
    void blockListsHoldForKeyProvenCallersAndAnonymousOnes() throws Exception {
        try (KeyPhone b = owner("34000002"); KeyPhone byPrefix = owner("34000011"); KeyPhone byNumber =
                owner("34000003"); KeyPhone friend = owner("34000021")) {
            assertEquals(Wire.RESULT_OK, b.blockList("34000002", 1, true, new String[] {"34000003"},
                    new String[] {"3400001"}).outcome);
            assertEquals(Wire.REJECT_DECLINED, reject(byPrefix, byPrefix.call(0x3401, "34000011", "34000002")
                    .invite));
            assertEquals(Wire.REJECT_DECLINED, reject(byNumber, byNumber.call(0x3402, "34000003", "34000002")
                    .invite));
            assertEquals(Wire.REJECT_ANONYMOUS_REFUSED, reject(friend, friend.callAnonymously(0x3403, "34000002")
                    .invite));
            untouched(b);
            friend.phone.send(friend.call(0x3404, "34000021", "34000002").invite);
            Invite in = b.phone.expect(Invite.class);
            assertEquals("34000021", in.caller);
            b.phone.send(new Reject(0x3404, Wire.REJECT_DECLINED));
            assertEquals(Wire.REJECT_DECLINED, friend.phone.expect(Reject.class).reason);
        }
    }

    /**
     * The owner changes its block list through another relay (a registrar client): this relay, where the owner is
     * logged in, enforces the new list once its refresh period has passed, without a new login.
     */
    @Test
    void aBlockListChangedThroughAnotherRelayIsEnforcedHereAfterTheRefreshPeriod(@TempDir Path other)
            throws Exception {
        try (KeyPhone b = owner("35000002"); KeyPhone c = owner("35000003")) {
            StringBuilder registrarKey = new StringBuilder();
            for (byte x : b.challenge.registrarKey(0)) {
                registrarKey.append(String.format("%02x", x));
            }
            try (RelayFixture elsewhere = new RelayFixture(other, "registrar.enabled=true", "registrar.self=",
                    "registrar.members=r1@127.0.0.1:" + registrarPort, "registrar.trusted.keys=" + registrarKey,
                    "registrar.pow.difficulty=" + DIFFICULTY);
                    KeyPhone bElsewhere = new KeyPhone(TestPhone.udp(elsewhere.port), b.key)) {
                assertEquals(Wire.RESULT_OK, bElsewhere.blockList("35000002", 1, false, new String[] {"35000003"},
                        new String[0]).outcome);
                // Within the period this relay still enforces the list it fetched at login (none): c rings b.
                c.phone.send(c.call(0x3501, "35000003", "35000002").invite);
                assertEquals(0x3501, b.phone.expect(Invite.class).callId);
                b.phone.send(new Reject(0x3501, Wire.REJECT_DECLINED));
                assertEquals(Wire.REJECT_DECLINED, c.phone.expect(Reject.class).reason);

                long refreshed = relay.counter(Counters.Name.BLOCK_LISTS_REFRESHED);
                relay.advance(10);
                RelayFixture.awaitValue(refreshed + 1, () -> relay.counter(Counters.Name.BLOCK_LISTS_REFRESHED));
                assertEquals(Wire.REJECT_DECLINED, reject(c, c.call(0x3502, "35000003", "35000002").invite));
                untouched(b);
            }
        }
    }
}
