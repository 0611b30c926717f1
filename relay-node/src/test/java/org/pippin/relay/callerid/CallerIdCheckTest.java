package org.pippin.relay.callerid;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Map;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;
import org.pippin.identity.CallerIdProof;
import org.pippin.identity.Drbg;
import org.pippin.identity.EphemeralKey;
import org.pippin.identity.IdentityKey;
import org.pippin.identity.KeyShare;
import org.pippin.protocol.Invite;
import org.pippin.protocol.Wire;
import org.pippin.relay.RelayConfig;

/** Every way a caller id or key share can be wrong, with the exact reason and log text; and the ways it is right. */
class CallerIdCheckTest {

    private static final long T = 1_764_000_000L;
    private static final byte[] NONCE = {1, 2, 3, 4, 5, 6, 7, 8};

    private final AtomicLong now = new AtomicLong(T * 1000);
    private final CallerIdCheck check;
    private final IdentityKey alice = IdentityKey.fromSecret(filled(1));
    private final IdentityKey bob = IdentityKey.fromSecret(filled(2));
    private final IdentityKey mallory = IdentityKey.fromSecret(filled(3));
    private final Drbg random = new Drbg(new byte[32]);
    private final EphemeralKey aliceEph = EphemeralKey.generate(random);
    private final EphemeralKey bobEph = EphemeralKey.generate(random);
    /** Alice's session: 555 and 556 are hers. */
    private final Map<String, byte[]> aliceNumbers;

    CallerIdCheckTest() throws Exception {
        check = new CallerIdCheck(RelayConfig.of().callerId, now::get);
        aliceNumbers = Map.of("555", alice.publicKey(), "556", alice.publicKey());
    }

    private static byte[] filled(int v) {
        byte[] s = new byte[32];
        java.util.Arrays.fill(s, (byte) v);
        return s;
    }

    private static Invite invite(String caller, String callee, byte[] proof, byte[] share) {
        return new Invite(7, caller, callee, 2, 100, 0, proof, share);
    }

    private byte[] proof(IdentityKey key, String caller, String callee, long time, byte[] nonce) {
        return CallerIdProof.sign(key, caller, callee, time, nonce).encode();
    }

    private byte[] share(IdentityKey key, String caller, String callee, byte[] nonce, long time) {
        return KeyShare.sign(key, KeyShare.CALLER, caller, callee, nonce, time, aliceEph).encode();
    }

    private String refused(int reason, Invite inv) {
        CallerIdCheck.Verdict v = check.checkInvite(inv, "555", aliceNumbers);
        assertEquals(Wire.rejectName(reason), Wire.rejectName(v.reason()), v.why());
        return v.why();
    }

    @Test
    void aProvenCallerAndItsKeyShare() {
        byte[] share = share(alice, "556", "777", NONCE, T);
        CallerIdCheck.Verdict v = check.checkInvite(invite("556", "777", proof(alice, "556", "777", T + 120, NONCE),
                share), "555", aliceNumbers);
        assertTrue(v.accepted(), v.why());
        assertEquals("556", v.caller());
        assertEquals("KEY_SHARE caller caller=556 callee=777 time=" + T, v.share().toString());
        CallerIdCheck.Verdict noShare = check.checkInvite(invite("555", "777", proof(alice, "555", "777", T - 120,
                NONCE), new byte[0]), "555", aliceNumbers);
        assertTrue(noShare.accepted(), noShare.why());
        assertNull(noShare.share());
    }

    @Test
    void forgedStaleReplayedAndMisdirectedProofs() {
        assertEquals("no CALLER_ID proof", refused(Wire.REJECT_CALLER_ID_INVALID,
                invite("555", "777", new byte[0], new byte[0])));
        assertEquals("CALLER_ID truncated at callee", refused(Wire.REJECT_CALLER_ID_INVALID,
                invite("555", "777", new byte[] {5, 1, 0, 3, 0x55, 0x5f}, new byte[0])));
        assertEquals("proof not signed by the key that owns 555", refused(Wire.REJECT_CALLER_ID_INVALID,
                invite("555", "777", proof(mallory, "555", "777", T, NONCE), new byte[0])));
        assertEquals("caller 888 is not logged in on this session", refused(Wire.REJECT_CALLER_ID_INVALID,
                invite("888", "777", proof(alice, "888", "777", T, NONCE), new byte[0])));
        assertEquals("INVITE names caller 556, its proof 555", refused(Wire.REJECT_CALLER_ID_INVALID,
                invite("556", "777", proof(alice, "555", "777", T, NONCE), new byte[0])));
        assertEquals("INVITE names caller none, its proof 555", refused(Wire.REJECT_CALLER_ID_INVALID,
                invite("", "777", proof(alice, "555", "777", T, NONCE), new byte[0])));
        assertEquals("proof is for callee 778, the INVITE calls 777", refused(Wire.REJECT_CALLER_ID_INVALID,
                invite("555", "777", proof(alice, "555", "778", T, NONCE), new byte[0])));
        assertEquals("proof time 1763999879 is 121 s behind the relay's clock (window 120 s)",
                refused(Wire.REJECT_CALLER_ID_INVALID, invite("555", "777", proof(alice, "555", "777", T - 121,
                        NONCE), new byte[0])));
        assertEquals("proof time 1764000600 is 600 s ahead of the relay's clock (window 120 s)",
                refused(Wire.REJECT_CALLER_ID_INVALID, invite("555", "777", proof(alice, "555", "777", T + 600,
                        NONCE), new byte[0])));
        // None of the refusals used the nonce up; the genuine proof is accepted once.
        Invite good = invite("555", "777", proof(alice, "555", "777", T, NONCE), new byte[0]);
        assertTrue(check.checkInvite(good, "555", aliceNumbers).accepted());
        assertEquals("nonce already used by 555 within the window", refused(Wire.REJECT_CALLER_ID_INVALID, good));
    }

    @Test
    void badKeySharesAreTheirOwnReason() {
        byte[] proof = proof(alice, "555", "777", T, NONCE);
        assertEquals("KEY_SHARE truncated at role", refused(Wire.REJECT_KEY_SHARE_INVALID,
                invite("555", "777", proof, new byte[] {7, 1})));
        assertEquals("KEY_SHARE not signed by the key that owns 555", refused(Wire.REJECT_KEY_SHARE_INVALID,
                invite("555", "777", proof, share(mallory, "555", "777", NONCE, T))));
        assertEquals("KEY_SHARE is for another call", refused(Wire.REJECT_KEY_SHARE_INVALID,
                invite("555", "777", proof, share(alice, "555", "777", new byte[8], T))));
        assertEquals("KEY_SHARE is for another call", refused(Wire.REJECT_KEY_SHARE_INVALID,
                invite("555", "777", proof, share(alice, "556", "777", NONCE, T))));
        assertEquals("KEY_SHARE time 1763990000 is 10000 s behind the relay's clock (window 120 s)",
                refused(Wire.REJECT_KEY_SHARE_INVALID, invite("555", "777", proof,
                        share(alice, "555", "777", NONCE, T - 10_000))));
        assertEquals("KEY_SHARE in INVITE is the callee's", refused(Wire.REJECT_KEY_SHARE_INVALID,
                invite("555", "777", proof, KeyShare.sign(alice, KeyShare.CALLEE, "555", "777", NONCE, T, aliceEph)
                        .encode())));
        assertEquals("KEY_SHARE is anonymous but the caller is named", refused(Wire.REJECT_KEY_SHARE_INVALID,
                invite("555", "777", proof, KeyShare.anonymous("777", NONCE, T, aliceEph).encode())));
        // A bad share did not use the nonce up either.
        assertTrue(check.checkInvite(invite("555", "777", proof, share(alice, "555", "777", NONCE, T)), "555",
                aliceNumbers).accepted());
    }

    @Test
    void anonymousCallers() {
        byte[] anon = CallerIdProof.anonymous("777", T, NONCE).encode();
        byte[] anonShare = KeyShare.anonymous("777", NONCE, T, aliceEph).encode();
        assertEquals("INVITE names caller 555 but its proof is anonymous", refused(Wire.REJECT_CALLER_ID_INVALID,
                invite("555", "777", anon, new byte[0])));
        assertEquals("KEY_SHARE names a caller in an anonymous call", refused(Wire.REJECT_KEY_SHARE_INVALID,
                invite("", "777", anon, share(alice, "555", "777", NONCE, T))));
        CallerIdCheck.Verdict v = check.checkInvite(invite("", "777", anon, anonShare), "555", aliceNumbers);
        assertTrue(v.accepted(), v.why());
        assertEquals("", v.caller());
        assertTrue(v.share().isAnonymous());
        // Anonymous calls count against the session's number: the same statement cannot be sent twice.
        assertEquals("nonce already used by 555 within the window", refused(Wire.REJECT_CALLER_ID_INVALID,
                invite("", "777", anon, anonShare)));

        // The callee answers the anonymous call with its share, signed, naming no caller.
        byte[] answer = KeyShare.sign(bob, KeyShare.CALLEE, "", "777", NONCE, T, bobEph).encode();
        CallerIdCheck.Verdict a = check.checkAnswer(answer, "777", bob.publicKey(), v.share());
        assertTrue(a.accepted(), a.why());
    }

    @Test
    void theCalleesShare() {
        KeyShare callerShare = KeyShare.sign(alice, KeyShare.CALLER, "555", "777", NONCE, T, aliceEph);
        byte[] good = KeyShare.sign(bob, KeyShare.CALLEE, "555", "777", NONCE, T, bobEph).encode();
        CallerIdCheck.Verdict ok = check.checkAnswer(good, "777", bob.publicKey(), callerShare);
        assertTrue(ok.accepted(), ok.why());
        assertEquals(KeyShare.CALLEE, ok.share().role);
        assertTrue(check.checkAnswer(good, "777", bob.publicKey(), null).accepted(),
                "a device-secret caller's share could not be checked: the callee's is still checked alone");
        assertEquals("KEY_SHARE not signed by the key that owns 777",
                check.checkAnswer(KeyShare.sign(mallory, KeyShare.CALLEE, "555", "777", NONCE, T, bobEph).encode(),
                        "777", bob.publicKey(), callerShare).why());
        assertEquals("KEY_SHARE is for another call",
                check.checkAnswer(KeyShare.sign(bob, KeyShare.CALLEE, "555", "777", new byte[8], T, bobEph).encode(),
                        "777", bob.publicKey(), callerShare).why());
        assertEquals("KEY_SHARE is for another call", check.checkAnswer(good, "778", bob.publicKey(), null).why());
        assertEquals("KEY_SHARE in ANSWER is the caller's",
                check.checkAnswer(callerShare.encode(), "777", bob.publicKey(), callerShare).why());
        assertEquals("KEY_SHARE truncated at type", check.checkAnswer(new byte[0], "777", bob.publicKey(), null).why());
        now.addAndGet(121_000);
        CallerIdCheck.Verdict late = check.checkAnswer(good, "777", bob.publicKey(), callerShare);
        assertEquals(Wire.REJECT_KEY_SHARE_INVALID, late.reason());
        assertEquals("KEY_SHARE time 1764000000 is 121 s behind the relay's clock (window 120 s)", late.why());
    }

    @Test
    void aCallerCallingInALoopIsCutOffBeforeItCanFillTheMemory() throws Exception {
        CallerIdCheck small = new CallerIdCheck(RelayConfig.of("callerid.nonces.per.caller=4").callerId, now::get);
        for (int i = 0; i < 4; i++) {
            byte[] n = {0, 0, 0, 0, 0, 0, 0, (byte) i};
            assertTrue(small.checkInvite(invite("555", "777", proof(alice, "555", "777", T, n), new byte[0]), "555",
                    aliceNumbers).accepted());
        }
        CallerIdCheck.Verdict v = small.checkInvite(invite("555", "777", proof(alice, "555", "777", T, NONCE),
                new byte[0]), "555", aliceNumbers);
        assertEquals(Wire.REJECT_RELAY_FULL, v.reason());
        assertEquals("555 started 4 calls within 240 s", v.why());
        assertEquals(T, small.nowSeconds());
    }
}
